using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// A board longer than its server keeps in memory (<c>Board:WindowMessages</c> 10 here), read over
/// HTTP from a real server process on a real SQLite file: pages on either side of the edge between
/// memory and history, old ids and far-behind live readers see every message once, in order.
/// </summary>
public sealed class BoardHistorySpecs(BoardHistorySpecs.LongBoard board) : IClassFixture<BoardHistorySpecs.LongBoard>
{
    private const int Messages = 95;

    /// <summary>The message the moderation spec removes; the other specs do not count on its text.</summary>
    private const int Removed = 7;

    private HttpClient Client => board.Client;

    [Fact]
    public async Task Paging_backwards_from_the_newest_page_shows_every_message_once()
    {
        var seen = new List<long>();
        for (var before = long.MaxValue; ; before = seen[^1])
        {
            var page = await Client.GetFromJsonAsync<ApiMessageList>($"/api/messages?before={before}&limit=7");
            if (page!.Messages.Count == 0)
            {
                break;
            }

            seen.AddRange(page.Messages.Select(m => m.Id).Reverse());
        }

        Assert.True(seen.Count >= Messages);
        Assert.Equal(Enumerable.Range(1, seen.Count).Reverse().Select(i => (long)i), seen);
    }

    [Fact]
    public async Task Paging_forwards_from_the_first_message_shows_every_message_once_with_its_text()
    {
        var seen = (await Client.ListAllAsync()).ToList();

        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i), seen.Select(m => m.Id));
        Assert.All(seen.Take(Messages).Where(m => m.Id != Removed), m => Assert.Equal($"message {m.Id}", m.Text));
    }

    [Fact]
    public async Task An_old_message_is_found_by_its_id_and_an_old_page_renders()
    {
        var message = await Client.GetFromJsonAsync<ApiMessage>("/api/messages/3");
        var page = await Client.GetStringAsync("/?before=6");

        Assert.Equal("message 3", message!.Text);
        Assert.Contains("message 5", page);
        Assert.Contains("message 1<", page);
        Assert.DoesNotContain("message 6<", page);
    }

    [Fact]
    public async Task An_old_page_kept_across_posts_shows_a_removal_at_once()
    {
        Assert.Contains($"message {Removed}<", await Client.GetStringAsync("/?before=9"));

        using var moderator = board.Server.CreateManagementClient();
        moderator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LongBoard.Token);
        (await moderator.DeleteAsync($"/api/moderation/boards/default/messages/{Removed}?reason=spec")).EnsureSuccessStatusCode();
        var page = await Client.GetStringAsync("/?before=9");

        Assert.DoesNotContain($"message {Removed}<", page);
        Assert.Contains("message 8<", page);
    }

    [Fact]
    public async Task A_live_reader_far_behind_gets_its_backlog_from_the_history_then_live_messages()
    {
        await using var stream = await EventStreamClient.ConnectAsync(Client, lastEventId: 0);
        var backlog = new List<long>();
        while (backlog.Count == 0 || backlog[^1] < Messages)
        {
            backlog.Add((await stream.NextAsync()).Id);
        }

        await Client.PostUntilAcceptedAsync("live");

        Assert.Equal(Enumerable.Range(1, Messages).Where(i => i != Removed).Select(i => (long)i), backlog.Where(id => id != Removed));
        Assert.Equal("live", (await stream.NextAsync()).Message.Text);
    }

    /// <summary>The server, its board of <see cref="Messages"/> messages, and the wait until it holds only its newest in memory.</summary>
    public sealed class LongBoard : IAsyncLifetime
    {
        public const string Token = "history-spec-moderator";
        private readonly TempDatabase _database = new();
        private ServerProcess? _server;

        public HttpClient Client { get; private set; } = null!;

        public ServerProcess Server => _server!;

        public async Task InitializeAsync()
        {
            _server = await ServerProcess.StartAsync(_database.ServerLaunch("--Board:WindowMessages", "10", "--Board:ModerationToken", Token));
            Client = _server.CreateClient();
            try
            {
                for (var i = 1; i <= Messages; i++)
                {
                    Assert.Equal(HttpStatusCode.SeeOther, (await Client.PostUntilAcceptedAsync($"message {i}")).StatusCode);
                }

                // The board lets its old messages go once its history holds them: wait until it has.
                using var operatorClient = _server.CreateManagementClient();
                await Eventually.Until(async () => await MessagesInMemoryAsync(operatorClient) <= 12, TimeSpan.FromSeconds(30));
            }
            catch
            {
                await DisposeAsync(); // xunit does not dispose a fixture that failed to start
                throw;
            }
        }

        public Task DisposeAsync()
        {
            Client.Dispose();
            _server?.Dispose();
            _database.Dispose();
            return Task.CompletedTask;
        }

        private static async Task<double> MessagesInMemoryAsync(HttpClient operatorClient)
        {
            var exposition = await operatorClient.GetStringAsync("/metrics");
            var sample = exposition.Split('\n').SingleOrDefault(line => line.StartsWith("actorboard_store_messages_in_memory", StringComparison.Ordinal));
            return sample is null ? double.MaxValue : double.Parse(sample.Split(' ')[1], CultureInfo.InvariantCulture);
        }
    }
}
