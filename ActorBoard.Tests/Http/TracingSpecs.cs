using System.Net;
using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>With the standard OTEL_EXPORTER_OTLP_ENDPOINT set, a post is traced from the request down to the journal commit.</summary>
public sealed class TracingSpecs : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private OtlpReceiver? _collector;

    [Fact]
    public async Task A_post_is_one_request_span_with_the_store_append_and_the_journal_commit_under_it()
    {
        using var server = await ServerProcess.StartAsync(ServerLaunch.Board("--ConnectionStrings:Board", _database.ConnectionString) with
        {
            Environment = new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collector!.Endpoint.ToString(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            },
        });
        using var client = server.CreateClient();

        Assert.Equal(HttpStatusCode.SeeOther, (await client.PostMessageAsync("traced")).StatusCode);

        // Spans are exported as they end, the request's last: once it is in, its children are too.
        await Eventually.Until(() => _collector.Spans.Any(span => span.Name == "POST /"), TimeSpan.FromSeconds(20));
        Assert.Single(_collector.Spans, span => span.Name == "POST /");
        var commit = Assert.Single(_collector.Spans, span => span.Name == "journal commit");
        var append = Assert.Single(_collector.Spans, span => span.SpanId == commit.ParentSpanId);
        Assert.Equal("MessageStore append", append.Name);
        var request = Assert.Single(_collector.Spans, span => span.SpanId == append.ParentSpanId);
        Assert.Equal("POST /", request.Name);
        Assert.Equal(string.Empty, request.ParentSpanId);
    }

    public async Task InitializeAsync() => _collector = await OtlpReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _collector!.DisposeAsync();
        _database.Dispose();
    }
}
