using System.Net;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// The SQLite file stops taking writes mid-run (another process holds an exclusive lock, which
/// binds root too): posts get 503, reads go on, nothing acknowledged is lost, and the board takes
/// posts again by itself once the lock is gone.
/// </summary>
public sealed class StorageFaultSpecs : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task A_locked_journal_refuses_posts_keeps_serving_reads_and_recovers_when_released()
    {
        using var server = BoardServer.OnSqlite(_database, ("Board:AskTimeout", "00:00:02"));
        await server.WarmUpJournalAsync();
        using var client = server.CreateBoardClient();
        Assert.Equal(HttpStatusCode.SeeOther, (await client.PostMessageAsync("before the fault")).StatusCode);

        using var locker = new SqliteWriteLock(_database.ConnectionString);
        var duringFault = await client.PostMessageAsync("during the fault");
        var pageDuringFault = await client.GetAsync("/");
        locker.Release();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, duringFault.StatusCode);
        Assert.NotNull(duringFault.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, pageDuringFault.StatusCode);
        Assert.Contains(">before the fault<", await pageDuringFault.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.SeeOther, (await client.PostUntilAcceptedAsync("after the fault")).StatusCode);
        var stored = (await client.ListAllAsync()).Select(m => m.Text).ToList();
        Assert.Contains("before the fault", stored);
        Assert.Contains("after the fault", stored);
    }

    [Fact]
    public async Task A_failed_journal_write_stops_the_store_which_restarts_recovers_and_takes_posts_again()
    {
        // SQLite gives up on a lock after "Default Timeout" seconds: the journal write then fails,
        // Akka.Persistence stops the store, and its backoff supervisor starts it again.
        var database = $"{_database.ConnectionString};Default Timeout=1";
        using var server = BoardServer.OnSqlite(_database, ("ConnectionStrings:Board", database), ("Board:AskTimeout", "00:00:03"));
        await server.WarmUpJournalAsync();
        using var client = server.CreateBoardClient();
        Assert.Equal(HttpStatusCode.SeeOther, (await client.PostUntilAcceptedAsync("acknowledged before")).StatusCode);

        using var locker = new SqliteWriteLock(_database.ConnectionString);
        var failed = await client.PostMessageAsync("written while locked");
        locker.Release();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await client.PostUntilAcceptedAsync("acknowledged after")).StatusCode);
        var stored = await client.ListAllAsync();
        Assert.Equal(["acknowledged before", "acknowledged after"], stored.Select(m => m.Text));
        Assert.Equal([1L, 2L], stored.Select(m => m.Id));
    }

    [Fact]
    public async Task Posts_beyond_the_pending_limit_are_refused_at_once_while_the_journal_is_stuck()
    {
        using var server = BoardServer.OnSqlite(_database, ("Board:MaxPendingAppends", "2"), ("Board:AskTimeout", "00:00:20"));
        using var client = server.CreateBoardClient();
        Assert.Equal(HttpStatusCode.SeeOther, (await client.PostUntilAcceptedAsync("warm-up")).StatusCode);
        using var locker = new SqliteWriteLock(_database.ConnectionString);

        // One post is being written (and waits for the lock), one waits behind it: the store is full.
        var posts = Enumerable.Range(1, 3).Select(i => client.PostMessageAsync($"pending {i}")).ToList();
        var refused = await await Task.WhenAny(posts);
        locker.Release();
        var all = await Task.WhenAll(posts);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("The board is busy", await refused.Content.ReadAsStringAsync());
        Assert.Equal(2, all.Count(r => r.StatusCode == HttpStatusCode.SeeOther));
        Assert.Equal(3, (await client.ListAllAsync()).Count);
    }

    public void Dispose() => _database.Dispose();
}
