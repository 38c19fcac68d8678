namespace ActorBoard.Tests.Support;

/// <summary>
/// Waits, within a bound, for something that happens on another thread or process (a batch of
/// spans exported, a list written after commits, a cluster formed), checking every 50 ms; fails
/// with <see cref="OperationCanceledException"/> when the bound passes first.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Until <paramref name="condition"/> holds.</summary>
    public static Task Until(Func<bool> condition, TimeSpan within) =>
        Until(() => Task.FromResult(condition()), within);

    /// <summary>Until <paramref name="condition"/> holds.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan within)
    {
        using var patience = new CancellationTokenSource(within);
        while (!await condition())
        {
            await Task.Delay(Interval, patience.Token);
        }
    }

    /// <summary>The first non-null answer of <paramref name="read"/>.</summary>
    public static async Task<T> Get<T>(Func<Task<T?>> read, TimeSpan within)
        where T : class
    {
        using var patience = new CancellationTokenSource(within);
        while (true)
        {
            if (await read() is { } found)
            {
                return found;
            }

            await Task.Delay(Interval, patience.Token);
        }
    }
}
