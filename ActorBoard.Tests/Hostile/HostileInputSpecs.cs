using System.Net;
using System.Text.RegularExpressions;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Hostile;

/// <summary>
/// Every case of the hostile corpus: never a 5xx, never markup in the page, the board changed
/// only by what is legitimately text, and the server still answering afterwards.
/// </summary>
public sealed partial class HostileInputSpecs(HostileInputSpecs.Board board) : IClassFixture<HostileInputSpecs.Board>
{
    [Theory]
    [MemberData(nameof(HostileInputCorpus.Cases), MemberType = typeof(HostileInputCorpus))]
    public async Task A_hostile_request_gets_a_clear_answer_and_leaves_the_board_intact(HostileCase hostile)
    {
        var before = await board.Client.ListAllAsync();

        var status = await RawHttp.SendAsync(board.Server.Address, hostile.Request);

        Assert.Equal(hostile.ExpectedStatus, status);
        var after = await board.Client.ListAllAsync();
        if (hostile.StoredText is { } text)
        {
            Assert.Equal(before.Count + 1, after.Count);
            Assert.Equal(text, after[^1].Text);
        }
        else
        {
            Assert.Equal(before.Count, after.Count);
        }

        var page = await board.Client.GetStringAsync("/");
        Assert.Equal(MessageItem().Count(page), PlainTextMessage().Count(page));
        Assert.Equal(HttpStatusCode.OK, (await board.Client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public void The_corpus_covers_every_kind_of_answer_and_names_each_case_once()
    {
        var cases = HostileInputCorpus.Cases().Select(row => (HostileCase)row[0]).ToList();

        Assert.True(cases.Count >= 50, $"The corpus has {cases.Count} cases.");
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct().Count());
        Assert.Contains(cases, c => c.StoredText is not null); // hostile-looking text that is legitimately stored, as text
        Assert.Superset(new HashSet<int> { 303, 400, 408, 413, 414, 415, 431 }, cases.Select(c => c.ExpectedStatus).ToHashSet());
    }

    [GeneratedRegex("<li class=\"message\"")]
    private static partial Regex MessageItem();

    // A message's text with no '<' inside it: nothing it said became an element.
    [GeneratedRegex("<p class=\"text\">[^<]*</p>")]
    private static partial Regex PlainTextMessage();

    public sealed class Board : IDisposable
    {
        public Board() => Client = Server.CreateBoardClient();

        public BoardServer Server { get; } = BoardServer.InMemory(("Board:PageSize", "1000"));

        public HttpClient Client { get; }

        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }
}
