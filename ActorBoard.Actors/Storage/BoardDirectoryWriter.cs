using Akka.Actor;
using Akka.Event;

namespace ActorBoard.Actors.Storage;

/// <summary>
/// One per node: gathers what the boards on this node report after their commits and writes it to
/// the <see cref="BoardDirectory"/> a few times a second, one transaction for many boards, off the
/// boards' own path. Reports for the same board in between are merged; a write that fails is
/// tried again with the next.
/// </summary>
public sealed class BoardDirectoryWriter : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    private readonly BoardDirectory _directory;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private Dictionary<string, BoardSummary> _pending = new(StringComparer.Ordinal);
    private IReadOnlyCollection<BoardSummary>? _writing;

    public BoardDirectoryWriter(BoardDirectory directory)
    {
        _directory = directory;
        Receive<BoardPosted>(posted => Merge(posted.Board));
        Receive<Flush>(_ => HandleFlush());
        Receive<Written>(_ => _writing = null);
        Receive<Status.Failure>(HandleFailure);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(BoardDirectory directory) => Akka.Actor.Props.Create(() => new BoardDirectoryWriter(directory));

    protected override void PreStart() => Timers.StartPeriodicTimer(nameof(Flush), Flush.Instance, FlushInterval);

    private void Merge(BoardSummary board) =>
        _pending[board.Name] = _pending.TryGetValue(board.Name, out var known) && known.Messages > board.Messages ? known : board;

    private void HandleFlush()
    {
        if (_writing is not null || _pending.Count == 0)
        {
            return;
        }

        _writing = _pending.Values;
        _pending = new Dictionary<string, BoardSummary>(StringComparer.Ordinal);
        _directory.RecordAsync(_writing, CancellationToken.None).PipeTo(Self, success: () => Written.Instance);
    }

    private void HandleFailure(Status.Failure failure)
    {
        _log.Warning(failure.Cause, "Could not update the list of boards; trying again");
        foreach (var board in _writing ?? [])
        {
            Merge(board);
        }

        _writing = null;
    }

    /// <summary>From a board on this node: it now holds this many messages, the last posted then.</summary>
    public sealed record BoardPosted(BoardSummary Board) : INoSerializationVerificationNeeded;

    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }

    private sealed class Written
    {
        public static readonly Written Instance = new();
    }
}
