using System.Net.Http.Json;

namespace ActorBoard.Fixtures;

/// <summary>
/// Compares what nodes acknowledged with what the boards hold: every acknowledged post must be
/// stored exactly once, under the id it was acknowledged with, and each board's ids must run
/// 1, 2, 3… with no gap and no reuse.
/// </summary>
public sealed record BoardAudit(int Acknowledged, int Stored, int Lost, int Duplicated, int WrongIds, IReadOnlyList<string> BoardsWithGaps)
{
    /// <summary>The acknowledged posts that were not found, each with what the board holds under its id (if anything).</summary>
    public IReadOnlyList<string> LostPosts { get; init; } = [];

    public bool IsClean => Lost == 0 && Duplicated == 0 && WrongIds == 0 && BoardsWithGaps.Count == 0;

    public override string ToString() =>
        $"{Acknowledged} acknowledged, {Stored} stored, {Lost} lost, {Duplicated} duplicated, {WrongIds} under another id, boards with gaps: {(BoardsWithGaps.Count == 0 ? "none" : string.Join(", ", BoardsWithGaps))}";

    /// <summary>Reads every board the posts went to through <paramref name="node"/> and checks them against <paramref name="acknowledged"/>.</summary>
    public static async Task<BoardAudit> CheckAsync(Uri node, IReadOnlyCollection<AcknowledgedPost> acknowledged)
    {
        using var client = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(30) };
        var lost = 0;
        var duplicated = 0;
        var wrongIds = 0;
        var stored = 0;
        var gaps = new List<string>();
        var lostPosts = new List<string>();
        foreach (var board in acknowledged.GroupBy(post => post.Board))
        {
            var messages = await ReadAllAsync(client, board.Key);
            stored += messages.Count;
            if (!messages.Select(m => m.Id).SequenceEqual(Enumerable.Range(1, messages.Count).Select(id => (long)id)))
            {
                gaps.Add(board.Key);
            }

            var idsByText = messages.GroupBy(m => m.Text).ToDictionary(g => g.Key, g => g.Select(m => m.Id).ToList());
            foreach (var post in board)
            {
                if (!idsByText.TryGetValue(post.Text, out var ids))
                {
                    lost++;
                    var holder = messages.FirstOrDefault(m => m.Id == post.Id);
                    lostPosts.Add($"{post.Board} #{post.Id} '{post.Text}' first tried at {post.FirstTry.TotalSeconds:N1} s, waited {post.Waited.TotalSeconds:N1} s, {post.Attempts} attempts; the board has {messages.Count} messages, #{post.Id} is {(holder is null ? "missing" : $"'{holder.Text}'")}");
                }
                else if (ids.Count > 1)
                {
                    duplicated++;
                }
                else if (ids[0] != post.Id)
                {
                    wrongIds++;
                }
            }
        }

        return new BoardAudit(acknowledged.Count, stored, lost, duplicated, wrongIds, gaps) { LostPosts = lostPosts };
    }

    private static async Task<List<StoredMessage>> ReadAllAsync(HttpClient client, string board)
    {
        var all = new List<StoredMessage>();
        while (true)
        {
            var page = await ReadPageAsync(client, $"/api/boards/{board}/messages?after={(all.Count == 0 ? 0 : all[^1].Id)}&limit=1000");
            if (page.Messages.Count == 0)
            {
                return all;
            }

            all.AddRange(page.Messages);
        }
    }

    /// <summary>One page, asked again (as a client would) while the node answers 503, for up to 30 s.</summary>
    private static async Task<StoredPage> ReadPageAsync(HttpClient client, string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var answer = await client.GetAsync(path);
            if (answer.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || attempt == 60)
            {
                return (await answer.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<StoredPage>())!;
            }

            await Task.Delay(500);
        }
    }

    private sealed record StoredPage(IReadOnlyList<StoredMessage> Messages);

    private sealed record StoredMessage(long Id, string Text);
}
