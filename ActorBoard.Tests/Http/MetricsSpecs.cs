using System.Diagnostics.Metrics;
using ActorBoard.Actors;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>The board reports what it does on the ActorBoard meter (dotnet-counters reads the same instruments).</summary>
public sealed class MetricsSpecs : IDisposable
{
    private readonly BoardServer _server = BoardServer.InMemory();
    private readonly HttpClient _client;

    public MetricsSpecs() => _client = _server.CreateBoardClient();

    [Fact]
    public async Task Accepted_and_rejected_posts_and_journal_writes_are_measured()
    {
        var seen = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BoardMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(seen, instrument.Name, value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(seen, instrument.Name, 1));
        listener.Start();

        await _client.PostMessageAsync("counted");
        await _client.PostMessageAsync("");

        lock (seen)
        {
            Assert.True(seen.GetValueOrDefault("actorboard.posts.accepted") >= 1);
            Assert.True(seen.GetValueOrDefault("actorboard.posts.rejected") >= 1);
            Assert.True(seen.GetValueOrDefault("actorboard.journal.write.duration") >= 1);
        }
    }

    [Fact]
    public async Task Metrics_are_served_at_slash_metrics_unless_switched_off()
    {
        using var switchedOff = BoardServer.InMemory(("Board:Metrics", "false"));
        using var offClient = switchedOff.CreateBoardClient();

        Assert.Equal(System.Net.HttpStatusCode.OK, (await _client.GetAsync("/metrics")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await offClient.GetAsync("/metrics")).StatusCode);
    }

    private static void Add(Dictionary<string, double> seen, string name, double value)
    {
        lock (seen)
        {
            seen[name] = seen.GetValueOrDefault(name) + value;
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
