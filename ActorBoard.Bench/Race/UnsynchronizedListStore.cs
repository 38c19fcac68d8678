namespace ActorBoard.Bench.Race;

/// <summary>
/// A plain <see cref="List{T}"/> shared by every thread with nothing guarding it: the bug this
/// demonstration exists to show. Concurrent Add calls overwrite each other's slot, lose the
/// count, or throw while the list grows; readers copy half-written state.
/// </summary>
public sealed class UnsynchronizedListStore : IBoardStore
{
    private readonly List<string> _messages = [];

    public string Name => "List<string>";

    public string Guard => "nothing";

    public ValueTask AppendAsync(string text)
    {
        _messages.Add(text);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string?>> SnapshotAsync() => ValueTask.FromResult<IReadOnlyList<string?>>(_messages.ToArray());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
