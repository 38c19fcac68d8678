namespace ActorBoard.Bench.Race;

/// <summary>The one small interface the race puts every store behind.</summary>
public interface IBoardStore : IAsyncDisposable
{
    /// <summary>A short name for tables.</summary>
    string Name { get; }

    /// <summary>What guards the messages.</summary>
    string Guard { get; }

    /// <summary>Stores one message; done when the store says it is stored.</summary>
    ValueTask AppendAsync(string text);

    /// <summary>Every stored message, oldest first, as one consistent copy (if the store can give one).</summary>
    ValueTask<IReadOnlyList<string?>> SnapshotAsync();
}
