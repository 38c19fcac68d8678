using System.Diagnostics;

namespace ActorBoard.Bench.Fanout;

/// <summary>
/// What every reader received, per message id (1..<paramref name="posts"/>, a fresh board): how many
/// readers got it, when the last of them did, and each delivery's delay after the post's
/// acknowledgement. Written by thousands of readers at once, without a lock.
/// </summary>
public sealed class FanoutDeliveries(int posts, int readers)
{
    private readonly int[] _received = new int[posts + 1];
    private readonly long[] _lastArrival = new long[posts + 1];
    private readonly int[] _arrivalIds = new int[posts * readers];
    private readonly long[] _arrivalTimes = new long[posts * readers];
    private long _delivered;
    private long _unexpected;

    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Deliveries of ids that were never posted, or more than once to a reader.</summary>
    public long Unexpected => Interlocked.Read(ref _unexpected);

    public int ReceivedBy(long id) => Volatile.Read(ref _received[id]);

    public void Arrived(long id, long timestamp)
    {
        if (id < 1 || id > posts)
        {
            Interlocked.Increment(ref _unexpected);
            return;
        }

        if (Interlocked.Increment(ref _received[id]) > readers)
        {
            Interlocked.Increment(ref _unexpected);
            return;
        }

        var index = Interlocked.Increment(ref _delivered) - 1;

        _arrivalIds[index] = (int)id;
        _arrivalTimes[index] = timestamp;
        var last = Volatile.Read(ref _lastArrival[id]);
        while (timestamp > last)
        {
            var seen = Interlocked.CompareExchange(ref _lastArrival[id], timestamp, last);
            if (seen == last)
            {
                break;
            }

            last = seen;
        }
    }

    /// <summary>Milliseconds from the acknowledgement of each post after <paramref name="warmup"/> to its last reader (0 when a reader was ahead of the acknowledgement).</summary>
    public double[] LastReaderDelays(IReadOnlyList<long> acknowledged, int warmup) =>
        [.. Enumerable.Range(warmup + 1, posts - warmup).Select(id => Delay(acknowledged[id - 1], Volatile.Read(ref _lastArrival[id])))];

    /// <summary>Milliseconds from the post's acknowledgement to each single delivery of the ids after <paramref name="warmup"/>.</summary>
    public double[] DeliveryDelays(IReadOnlyList<long> acknowledged, int warmup)
    {
        var delays = new List<double>((int)Delivered);
        for (var i = 0; i < Delivered; i++)
        {
            if (_arrivalIds[i] > warmup)
            {
                delays.Add(Delay(acknowledged[_arrivalIds[i] - 1], _arrivalTimes[i]));
            }
        }

        return [.. delays];
    }

    private static double Delay(long acknowledged, long arrived) =>
        Math.Max(0, Stopwatch.GetElapsedTime(acknowledged, arrived).TotalMilliseconds);
}
