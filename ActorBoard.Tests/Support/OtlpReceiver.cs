using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActorBoard.Tests.Support;

/// <summary>
/// Stands where an OpenTelemetry collector would: accepts OTLP over HTTP (protobuf) on a free
/// loopback port and keeps the spans it is sent. Reads only the span fields the specs look at.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri Endpoint => new(_app.Urls.First());

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var span in ReadSpans(ByteString.CopyFrom(body.ToArray())))
            {
                receiver._spans.Enqueue(span);
            }

            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/metrics", () => Results.Bytes([], "application/x-protobuf"));
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    // ExportTraceServiceRequest: resource_spans = 1 → ResourceSpans: scope_spans = 2 → ScopeSpans: spans = 2.
    private static IEnumerable<ReceivedSpan> ReadSpans(ByteString request) =>
        from resource in Fields(request, 1)
        from scope in Fields(resource, 2)
        from span in Fields(scope, 2)
        select new ReceivedSpan(
            Name: Fields(span, 5).Single().ToStringUtf8(),
            SpanId: Fields(span, 2).Single().ToBase64(),
            ParentSpanId: Fields(span, 4).SingleOrDefault()?.ToBase64() ?? string.Empty);

    /// <summary>Every length-delimited field with this number in a protobuf message.</summary>
    private static List<ByteString> Fields(ByteString message, int number)
    {
        var found = new List<ByteString>();
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }
}

/// <summary>A span as the receiver read it; ids in base64, the parent's empty for a root span.</summary>
public sealed record ReceivedSpan(string Name, string SpanId, string ParentSpanId);
