using ActorBoard.Fixtures;

namespace ActorBoard.Tests.Support;

/// <summary>
/// One <see cref="ThrowAwayPostgres"/> server for the specs that share it, started once and removed
/// afterwards; each spec gets a database of its own. Without PostgreSQL the specs skip with a
/// message, except under CI, where they must run.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private ThrowAwayPostgres? _server;

    /// <summary>Why the specs cannot run here, or null when they can.</summary>
    public static string? Unavailable =>
        ThrowAwayPostgres.IsInstalled || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? null
            : $"PostgreSQL 15 is not installed in {ThrowAwayPostgres.BinFolder} ({ThrowAwayPostgres.InstallHint}); PostgreSQL specs skipped.";

    public async Task InitializeAsync()
    {
        if (Unavailable is null)
        {
            _server = await ThrowAwayPostgres.StartAsync();
        }
    }

    /// <summary>A new, empty database on the shared server; its Npgsql connection string. Skips the spec when PostgreSQL cannot run here.</summary>
    public string CreateDatabase()
    {
        Skip.If(Unavailable is not null, Unavailable);
        return _server!.CreateDatabase();
    }

    /// <summary>Runs SQL against a database, as another application sharing it would.</summary>
    public static void Execute(string connectionString, string sql) => ThrowAwayPostgres.Execute(connectionString, sql);

    /// <summary>The first column of every row a query returns, as text.</summary>
    public static List<string> Query(string connectionString, string sql) => ThrowAwayPostgres.Query(connectionString, sql);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
