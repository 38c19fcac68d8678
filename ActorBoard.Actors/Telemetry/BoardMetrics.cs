using System.Diagnostics.Metrics;

namespace ActorBoard.Actors.Telemetry;

/// <summary>
/// The board's instruments, all on the <c>ActorBoard</c> meter:
/// <c>dotnet-counters monitor -n ActorBoard.Server --counters ActorBoard</c> shows them live.
/// </summary>
public static class BoardMetrics
{
    public const string MeterName = "ActorBoard";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Messages committed to the journal and acknowledged.</summary>
    public static readonly Counter<long> PostsAccepted =
        Meter.CreateCounter<long>("actorboard.posts.accepted", "{post}", "Posts committed and acknowledged");

    /// <summary>Posts sent again under a key the board remembers, answered with the first one's message and not stored again.</summary>
    public static readonly Counter<long> RepeatsAnswered =
        Meter.CreateCounter<long>("actorboard.posts.repeated", "{post}", "Repeated posts answered without storing them again");

    /// <summary>Posts refused, tagged with the reason (bad-input, too-large, unsupported-type, rate-limited, busy, unavailable).</summary>
    public static readonly Counter<long> PostsRejected =
        Meter.CreateCounter<long>("actorboard.posts.rejected", "{post}", "Posts refused, by reason");

    /// <summary>Appends waiting for, or in, the current journal write.</summary>
    public static readonly UpDownCounter<long> PendingAppends =
        Meter.CreateUpDownCounter<long>("actorboard.store.pending_appends", "{post}", "Appends waiting for the journal");

    /// <summary>How long one group write to the journal took, from persist to commit, in seconds.</summary>
    public static readonly Histogram<double> JournalWriteDuration =
        Meter.CreateHistogram(
            "actorboard.journal.write.duration",
            "s",
            "Journal group write time",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    /// <summary>Messages per group write.</summary>
    public static readonly Histogram<long> JournalWriteSize =
        Meter.CreateHistogram(
            "actorboard.journal.write.size",
            "{post}",
            "Messages committed per journal write",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });

    /// <summary>Open live event streams.</summary>
    public static readonly UpDownCounter<long> LiveReaders =
        Meter.CreateUpDownCounter<long>("actorboard.live.readers", "{reader}", "Open /events streams");

    /// <summary>Messages the boards on this node hold in memory (the rest of each board is in its history).</summary>
    public static readonly UpDownCounter<long> MessagesInMemory =
        Meter.CreateUpDownCounter<long>("actorboard.store.messages_in_memory", "{message}", "Messages the boards on this node hold in memory");

    /// <summary>Their stored size: text, id and time.</summary>
    public static readonly UpDownCounter<long> MessageBytesInMemory =
        Meter.CreateUpDownCounter<long>("actorboard.store.message_bytes_in_memory", "By", "Stored size of the messages the boards on this node hold in memory");

    /// <summary>One journal write of <paramref name="posts"/> posts committed after <paramref name="took"/>: they are accepted and no longer pending.</summary>
    public static void Committed(int posts, TimeSpan took)
    {
        JournalWriteDuration.Record(took.TotalSeconds);
        JournalWriteSize.Record(posts);
        PendingAppends.Add(-posts);
        PostsAccepted.Add(posts);
    }

    public static void Rejected(string reason) =>
        PostsRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
