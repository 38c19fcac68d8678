using System.Diagnostics.Metrics;
using ActorBoard.Actors.Telemetry;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// The board reports what it does on the ActorBoard meter (dotnet-counters reads the same
/// instruments). The meter is the process's, so these specs run alone (<see cref="AloneCollection"/>):
/// every measurement the listener hears is this spec's, and the counts are exact.
/// </summary>
[Collection(AloneCollection.Name)]
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
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(seen, Key(instrument, tags), value));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Add(seen, Key(instrument, tags), 1));
        listener.Start();

        await _client.PostMessageAsync("counted");
        await _client.PostMessageAsync("counted too");
        await _client.PostMessageAsync("");

        lock (seen)
        {
            Assert.Equal(2, seen.GetValueOrDefault("actorboard.posts.accepted"));
            Assert.Equal(1, seen.GetValueOrDefault("actorboard.posts.rejected reason=bad-input"));
            Assert.Equal(1, seen.Where(s => s.Key.StartsWith("actorboard.posts.rejected", StringComparison.Ordinal)).Sum(s => s.Value));
            Assert.Equal(2, seen.GetValueOrDefault("actorboard.journal.write.duration")); // one write per post, one at a time
        }
    }

    [Fact]
    public async Task Metrics_are_served_at_slash_metrics_unless_switched_off()
    {
        using var switchedOff = BoardServer.InMemory(("Board:Metrics", "false"));
        using var offClient = switchedOff.CreateBoardClient();

        using var onOperatorClient = _server.CreateManagementClient();
        using var offOperatorClient = switchedOff.CreateManagementClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await onOperatorClient.GetAsync("/metrics")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await offOperatorClient.GetAsync("/metrics")).StatusCode);
    }

    /// <summary>The instrument's name, and its tags as <c>name=value</c> after it.</summary>
    private static string Key(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = instrument.Name;
        foreach (var (name, value) in tags)
        {
            key += $" {name}={value}";
        }

        return key;
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
