using ActorBoard.Actors.Storage;
using ActorBoard.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ActorBoard.Tests.Actors;

/// <summary>The start-up warm-up of the journal, on a real SQLite file configured as the server configures it.</summary>
public sealed class JournalWarmupSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly TempDatabase _database;

    public JournalWarmupSpecs(ITestOutputHelper output)
        : this(new TempDatabase(), output)
    {
    }

    private JournalWarmupSpecs(TempDatabase database, ITestOutputHelper output)
        : base(database.SystemSetup(), "warmup-spec", output)
    {
        _database = database;
    }

    [Fact]
    public async Task The_warmup_starts_the_journal_then_stops_having_written_nothing()
    {
        var warmup = Sys.ActorOf(JournalWarmup.Props());
        Watch(warmup);

        await ExpectTerminatedAsync(warmup);

        // The journal plugin ran (its table exists: it creates it when it starts) and holds no row.
        await using var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new SqliteCommand("SELECT count(*) FROM journal", connection);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _database.Dispose();
    }
}
