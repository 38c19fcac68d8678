using System.Text.Json;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>One standard switch turns the console log into JSON, one object a line, for log shippers.</summary>
public sealed class JsonLogSpecs : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task With_the_json_console_formatter_every_line_the_server_writes_is_a_json_log_entry()
    {
        using var server = await ServerProcess.StartAsync(_database, "--Logging:Console:FormatterName", "json");
        using var client = server.CreateClient();
        await client.PostMessageAsync(""); // a refused post is logged
        await server.StopGracefullyAsync();

        var entries = server.StandardOutputLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();

        Assert.All(entries, entry => Assert.True(entry.TryGetProperty("Category", out _)));
        Assert.Contains(entries, entry => entry.GetProperty("Message").GetString()!.StartsWith("The board is kept in the SQLite file", StringComparison.Ordinal));
        Assert.Contains(entries, entry => entry.GetProperty("Message").GetString()!.StartsWith("Refused a post to the board: 400", StringComparison.Ordinal));
        Assert.Contains(entries, entry => entry.GetProperty("Category").GetString() == "Akka.Actor.ActorSystem");
    }

    public void Dispose() => _database.Dispose();
}
