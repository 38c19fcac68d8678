using ActorBoard.Actors.Hosting;
using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ActorBoard.Tests.Http;

/// <summary>
/// The server process refuses to start, with a clear message, on a database file that is not the
/// board's, and leaves the file untouched. Run as a real process: this is what an operator sees.
/// </summary>
public sealed class StartupSpecs : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task A_file_that_is_not_a_sqlite_database_stops_the_start_and_is_left_as_it_was()
    {
        var notADatabase = "These are my notes, not a database."u8.ToArray();
        File.WriteAllBytes(_database.Path, notADatabase);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(_database.ServerLaunch()));

        Assert.Contains("Cannot use", failure.Message);
        Assert.Contains("file is not a database", failure.Message);
        Assert.Equal(notADatabase, File.ReadAllBytes(_database.Path));
    }

    [Fact]
    public async Task A_sqlite_database_belonging_to_something_else_stops_the_start_and_gets_no_board_tables()
    {
        using (var connection = new SqliteConnection(_database.ConnectionString))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);";
            create.ExecuteNonQuery();
        }

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(_database.ServerLaunch()));

        Assert.Contains("holds tables that are not the board's (invoices)", failure.Message);
        Assert.Equal(["invoices"], Tables());
    }

    [Fact]
    public async Task A_node_told_to_join_others_on_sqlite_refuses_to_start_and_says_they_need_postgresql()
    {
        var (exitCode, _, errors) = await ServerProcess.RunUntilExitAsync(
            ServerLaunch.Board("--ConnectionStrings:Board", _database.ConnectionString, "--Board:Cluster:SeedNodes:0", BoardNodeHosting.Address("127.0.0.1", 4053)),
            new Uri($"http://127.0.0.1:{FreePort.Next()}"));

        Assert.Equal(1, exitCode);
        Assert.Contains("several nodes need the shared PostgreSQL journal: set Board:Storage=Postgres", errors);
        Assert.False(File.Exists(_database.Path));
    }

    [Fact]
    public async Task A_message_length_too_long_to_cross_between_nodes_refuses_to_start_and_names_the_limit()
    {
        var (exitCode, _, errors) = await ServerProcess.RunUntilExitAsync(
            ServerLaunch.Board(["--ConnectionStrings:Board", _database.ConnectionString, "--Board:MaxMessageLength", "16380"]),
            new Uri($"http://127.0.0.1:{FreePort.Next()}"));

        Assert.Equal(1, exitCode);
        Assert.Contains("MaxMessageLength must be between 1 and 16379", errors);
    }

    [Theory]
    [InlineData("Board:PageSize", "abc", "ActorBoard cannot start: Board:PageSize is 'abc', which is not a whole number.")]
    [InlineData("Board:Storage", "Mongo", "ActorBoard cannot start: Board:Storage is 'Mongo', which is not one of Sqlite, Postgres, Memory.")]
    [InlineData("Logging:LogLevel:Akka", "Info", "ActorBoard cannot start: Logging:LogLevel:Akka is 'Info', which is not a log level: use one of Trace, Debug, Information, Warning, Error, Critical, None.")]
    public async Task A_setting_of_the_wrong_kind_stops_the_start_with_one_line_naming_it_and_exit_code_1(string setting, string value, string line)
    {
        var (exitCode, _, errors) = await ServerProcess.RunUntilExitAsync(
            ServerLaunch.Board("--ConnectionStrings:Board", _database.ConnectionString, $"--{setting}", value),
            new Uri($"http://127.0.0.1:{FreePort.Next()}"));

        Assert.Equal(1, exitCode);
        Assert.Equal([line], errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(_database.Path));
    }

    [Fact]
    public async Task A_bare_path_instead_of_a_sqlite_connection_string_stops_the_start_with_one_line_saying_what_it_must_be()
    {
        var (exitCode, _, errors) = await ServerProcess.RunUntilExitAsync(
            ServerLaunch.Board("--ConnectionStrings:Board", _database.Path),
            new Uri($"http://127.0.0.1:{FreePort.Next()}"));

        Assert.Equal(1, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ActorBoard cannot start: Board:Storage is Sqlite, so ConnectionStrings:Board must be a SQLite connection string such as 'Data Source=board.db'", line);
    }

    [Fact]
    public async Task An_operator_listener_without_a_port_of_its_own_stops_the_start_with_one_line_naming_it()
    {
        var (exitCode, _, errors) = await ServerProcess.RunUntilExitAsync(
            ServerLaunch.Board("--Board:Storage", "Memory", "--Board:ManagementUrls", "http://127.0.0.1"),
            new Uri($"http://127.0.0.1:{FreePort.Next()}"));

        Assert.Equal(1, exitCode);
        Assert.Equal(
            ["ActorBoard cannot start: Board:ManagementUrls names 'http://127.0.0.1', which is not an http URL with a port of its own, such as http://127.0.0.1:9000 (or leave it empty to serve no operator paths)."],
            errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Remoting_beyond_loopback_without_the_cluster_certificate_refuses_to_start_and_says_how_to_secure_it()
    {
        var (exitCode, _, errors) = await ServerProcess.RunUntilExitAsync(
            ServerLaunch.Board("--Board:Storage", "Memory", "--Board:Cluster:Hostname", "0.0.0.0"),
            new Uri($"http://127.0.0.1:{FreePort.Next()}"));

        Assert.Equal(1, exitCode);
        Assert.Contains("Board:Cluster:Hostname is 0.0.0.0, so cluster remoting would listen beyond this machine without a certificate", errors);
        Assert.Contains("Board:Cluster:CertificatePath", errors);
    }

    [Fact]
    public async Task Remoting_on_every_interface_needs_the_address_other_nodes_reach_it_at()
    {
        var (exitCode, _, errors) = await ServerProcess.RunUntilExitAsync(
            ServerLaunch.Board("--Board:Storage", "Memory", "--Board:Cluster:Hostname", "0.0.0.0", "--Board:Cluster:AllowUnauthenticatedRemoting", "true"),
            new Uri($"http://127.0.0.1:{FreePort.Next()}"));

        Assert.Equal(1, exitCode);
        Assert.Contains("set Board:Cluster:PublicHostname", errors);
    }

    [Fact]
    public async Task Remoting_allowed_unauthenticated_on_every_interface_warns_at_start_and_advertises_the_public_address()
    {
        using var server = await ServerProcess.StartAsync(ServerLaunch.Board(
            "--Board:Storage", "Memory", "--Board:Cluster:Hostname", "0.0.0.0", "--Board:Cluster:PublicHostname", "127.0.0.1",
            "--Board:Cluster:AllowUnauthenticatedRemoting", "true"));
        using var client = server.CreateManagementClient();

        Assert.Contains("Cluster remoting listens on 0.0.0.0 without a certificate", server.Output);
        Assert.Contains($"\"akka.tcp://{BoardNodeHosting.SystemName}@127.0.0.1:", await client.GetStringAsync("/api/cluster"));
    }

    private List<string> Tables()
    {
        using var connection = new SqliteConnection(_database.ConnectionString);
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
        using var reader = query.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    public void Dispose() => _database.Dispose();
}
