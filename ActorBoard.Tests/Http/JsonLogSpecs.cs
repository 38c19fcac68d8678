using System.Text.Json;
using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>One standard switch turns the console log into JSON, one object a line, for log shippers.</summary>
public sealed class JsonLogSpecs : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task With_the_json_console_formatter_every_line_the_running_server_writes_is_a_json_log_entry()
    {
        using var server = await ServerProcess.StartAsync(_database.ServerLaunch("--Logging:Console:FormatterName", "json", "--Logging:LogLevel:Akka", "Information"));
        using var client = server.CreateClient();
        await client.PostMessageAsync(""); // a refused post is logged
        var lines = await LinesUntil(server, "Refused a post to the board: 400");

        Assert.All(lines, line => Assert.True(line.StartsWith('{') && line.EndsWith('}'), $"Not a JSON log entry: {line}"));
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();

        Assert.All(entries, entry => Assert.True(entry.TryGetProperty("Category", out _)));
        Assert.Contains(entries, entry => entry.GetProperty("Message").GetString()!.StartsWith("The board is kept in the SQLite file", StringComparison.Ordinal));
        Assert.Contains(entries, entry => entry.GetProperty("Message").GetString()!.StartsWith("Refused a post to the board: 400", StringComparison.Ordinal));
        Assert.Contains(entries, entry => entry.GetProperty("Category").GetString() == "Akka.Actor.ActorSystem"); // Akka's own lines, asked for
    }

    /// <summary>What the server has written once a line containing <paramref name="text"/> is among it (it logs on its own threads).</summary>
    private static async Task<IReadOnlyList<string>> LinesUntil(ServerProcess server, string text)
    {
        await Eventually.Until(() => server.StandardOutputLines.Any(line => line.Contains(text, StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
        return server.StandardOutputLines;
    }

    public void Dispose() => _database.Dispose();
}
