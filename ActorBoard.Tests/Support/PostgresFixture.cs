using System.Diagnostics;
using Npgsql;

namespace ActorBoard.Tests.Support;

/// <summary>
/// A real, throw-away PostgreSQL server (Debian's <c>postgresql</c> package) in a temporary folder
/// on a free loopback port, started once for the specs that share it and removed afterwards; each
/// spec gets a database of its own. Without PostgreSQL the specs skip with a message, except
/// under CI, where they must run.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string BinFolder = "/usr/lib/postgresql/15/bin";
    private const string User = "board";

    private string? _folder;
    private int _port;
    private int _databases;

    /// <summary>Why the specs cannot run here, or null when they can.</summary>
    public static string? Unavailable =>
        File.Exists(Path.Combine(BinFolder, "initdb")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? null
            : $"PostgreSQL 15 is not installed in {BinFolder} (apt-get install -y postgresql); PostgreSQL specs skipped.";

    public async Task InitializeAsync()
    {
        if (Unavailable is not null)
        {
            return;
        }

        _folder = Directory.CreateTempSubdirectory("actorboard-postgres-").FullName;
        _port = ServerProcess.FreePort();
        var data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(data);
        if (Environment.UserName == "root")
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            await Run("chown", "-R", "postgres:postgres", _folder);
        }

        await RunAsServer(Path.Combine(BinFolder, "initdb"), "-D", data, "-A", "trust", "-U", User, "--no-sync");
        await RunAsServer(
            Path.Combine(BinFolder, "pg_ctl"), "-D", data, "-w", "-l", Path.Combine(_folder, "log"),
            "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on", "start");
    }

    /// <summary>A new, empty database on the shared server; its Npgsql connection string. Skips the spec when PostgreSQL cannot run here.</summary>
    public string CreateDatabase()
    {
        Skip.If(Unavailable is not null, Unavailable);
        var name = $"board_{Interlocked.Increment(ref _databases)}";
        Execute(ConnectionString("postgres"), $"CREATE DATABASE {name};");
        return ConnectionString(name);
    }

    /// <summary>Runs SQL against a database, as another application sharing it would.</summary>
    public static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>The first column of every row a query returns, as text.</summary>
    public static List<string> Query(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetValue(0).ToString()!);
        }

        return rows;
    }

    public async Task DisposeAsync()
    {
        if (_folder is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await RunAsServer(Path.Combine(BinFolder, "pg_ctl"), "-D", Path.Combine(_folder, "data"), "-m", "immediate", "stop");
        Directory.Delete(_folder, recursive: true);
    }

    private string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = _port, Username = User, Database = database, Pooling = true }.ToString();

    private static Task RunAsServer(string program, params string[] arguments) =>
        Environment.UserName == "root" ? Run("runuser", ["-u", "postgres", "--", program, .. arguments]) : Run(program, arguments);

    private static async Task Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}\n{await errors}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
