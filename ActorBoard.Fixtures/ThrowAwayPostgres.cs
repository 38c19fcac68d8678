using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace ActorBoard.Fixtures;

/// <summary>
/// A real PostgreSQL 15 server (Debian's <c>postgresql</c> package) in a temporary folder on a free
/// loopback port, with durable commits on, removed again when disposed. <c>initdb</c> refuses to run
/// as root, so as root the server runs as the <c>postgres</c> user.
/// </summary>
public sealed class ThrowAwayPostgres : IAsyncDisposable
{
    public const string BinFolder = "/usr/lib/postgresql/15/bin";
    private const string User = "board";

    private readonly string _folder;
    private readonly int _port;
    private int _databases;

    private ThrowAwayPostgres(string folder, int port)
    {
        _folder = folder;
        _port = port;
    }

    /// <summary>Whether the server's programs are installed here.</summary>
    public static bool IsInstalled => File.Exists(Path.Combine(BinFolder, "initdb"));

    /// <summary>What to run to install it.</summary>
    public const string InstallHint = "apt-get install -y postgresql";

    /// <summary>Creates, starts and waits for a new server.</summary>
    public static async Task<ThrowAwayPostgres> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("actorboard-postgres-").FullName;
        var server = new ThrowAwayPostgres(folder, FreePort.Next());
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        if (Environment.UserName == "root")
        {
            await Run("chown", "-R", "postgres:postgres", folder);
        }

        await RunAsServer(Path.Combine(BinFolder, "initdb"), "-D", data, "-A", "trust", "-U", User, "--no-sync");
        await RunAsServer(
            Path.Combine(BinFolder, "pg_ctl"), "-D", data, "-w", "-l", Path.Combine(folder, "log"),
            "-o", $"-p {server._port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=300", "start");
        return server;
    }

    /// <summary>A new, empty database on this server; its Npgsql connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"board_{Interlocked.Increment(ref _databases)}";
        Execute(ConnectionString("postgres"), $"CREATE DATABASE {name};");
        return ConnectionString(name);
    }

    /// <summary>
    /// CPU time the server has used so far, user and system: its postmaster and every process the
    /// postmaster started that is still running (backends, WAL writer, checkpointer; Linux /proc).
    /// </summary>
    public TimeSpan ProcessorTime()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(_folder, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var total = TimeSpan.Zero;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && (pid == postmaster || ParentOf(pid) == postmaster))
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    total += process.TotalProcessorTime;
                }
                catch (Exception gone) when (gone is ArgumentException or InvalidOperationException)
                {
                    // The process ended meanwhile.
                }
            }
        }

        return total;
    }

    /// <summary>The parent of process <paramref name="pid"/>: the field after the state in /proc/PID/stat, past the name in brackets.</summary>
    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
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

    public async ValueTask DisposeAsync()
    {
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
