using System.Threading.RateLimiting;
using ActorBoard.Actors.Storage;
using ActorBoard.Server.Operations;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server.Input;

/// <summary>
/// What a post that would open a new board must pass, besides what every post must: room on the
/// SQLite file's disk (<see cref="BoardOptions.MinFreeBytesForNewBoards"/>, so the boards that exist
/// keep the last of it), the deployment's number of boards (<see cref="BoardOptions.MaxBoards"/>,
/// counted from the list of boards at most every few seconds and kept up to date in between with the
/// boards this node opens, so only boards opened on several nodes at once may pass it by a few), and
/// the client's rate of new boards (<see cref="BoardOptions.NewBoardsPerHourPerClient"/>, a token
/// bucket per <see cref="ClientAddress"/>). Posts that arrive together for the same new board are
/// one opening: only the first is checked and counted (<see cref="Open"/>), the others go with it.
/// </summary>
public sealed class NewBoardLimits : IDisposable
{
    private static readonly TimeSpan CountKeptFor = TimeSpan.FromSeconds(5);

    private readonly BoardOptions _options;
    private readonly BoardStorage _storage;
    private readonly TimeProvider _clock;
    private readonly PartitionedRateLimiter<string> _perClient;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Task<InputProblem?> Verdict, int Posts)> _opening = new(StringComparer.Ordinal);
    private long _boards;
    private DateTimeOffset _countedAt = DateTimeOffset.MinValue;

    public NewBoardLimits(IOptions<BoardOptions> options, BoardStorage storage, TimeProvider clock)
    {
        _options = options.Value;
        _storage = storage;
        _clock = clock;
        _perClient = PartitionedRateLimiter.Create<string, string>(client => PerClientRate.For(client, _options.NewBoardsPerHourPerClient, TimeSpan.FromHours(1)));
    }

    /// <summary>Why <paramref name="context"/>'s post may not open a new board, or null when it may.</summary>
    private async Task<InputProblem?> CheckAsync(HttpContext context)
    {
        if (_storage.FreeBytes() is { } free && free < _options.MinFreeBytesForNewBoards)
        {
            return new InputProblem(
                StatusCodes.Status507InsufficientStorage,
                "No room for new boards",
                "The server is short of disk space: it opens no new boards for now, while the boards that exist take posts. Post to an existing board.") { Reason = "no-room" };
        }

        if (_options.MaxBoards > 0 && await BoardsAsync(context.RequestAborted) >= _options.MaxBoards)
        {
            return new InputProblem(
                StatusCodes.Status409Conflict,
                "No more boards",
                $"This server holds {_options.MaxBoards:N0} boards, as many as it may; it opens no more. Post to an existing board.") { Reason = "too-many-boards" };
        }

        using var lease = _perClient.AttemptAcquire(ClientAddress.Of(context));
        if (!lease.IsAcquired)
        {
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            return new InputProblem(
                StatusCodes.Status429TooManyRequests,
                "Too many new boards",
                $"You are opening boards too fast: at most {_options.NewBoardsPerHourPerClient} new boards an hour. Post to a board that exists, or try again in {seconds} second(s).")
            {
                Reason = "new-boards-rate-limited",
                RetryAfterSeconds = seconds,
            };
        }

        return null;
    }

    /// <summary>
    /// A post to a board nobody posted to is on its way; dispose when it is answered. The first of
    /// posts that arrive together for the same board <see cref="Opening.IsFirst"/>: only it is checked
    /// (<see cref="Opening.RefusalAsync"/>) and counts as a new board; the others share its verdict.
    /// </summary>
    public Opening Open(string board)
    {
        var verdict = new TaskCompletionSource<InputProblem?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = _opening.AddOrUpdate(board, (verdict.Task, 1), (_, known) => (known.Verdict, known.Posts + 1));
        return new Opening(this, board, entry.Verdict == verdict.Task ? verdict : null, entry.Verdict);
    }

    /// <summary>A post opened a board on this node: counted at once, before the next count from the list.</summary>
    public void Opened() => Interlocked.Increment(ref _boards);

    public void Dispose() => _perClient.Dispose();

    /// <summary>One post's part in opening a board (see <see cref="Open"/>).</summary>
    public sealed class Opening(NewBoardLimits limits, string board, TaskCompletionSource<InputProblem?>? first, Task<InputProblem?> verdict) : IDisposable
    {
        public bool IsFirst => first is not null;

        /// <summary>Why the board may not be opened, or null when it may: checked by the first post, shared by the others.</summary>
        public async Task<InputProblem?> RefusalAsync(HttpContext context)
        {
            if (first is not null)
            {
                try
                {
                    first.TrySetResult(await limits.CheckAsync(context));
                }
                catch (Exception e)
                {
                    first.TrySetException(e);
                }
            }

            return await verdict;
        }

        public void Dispose()
        {
            if (limits._opening.AddOrUpdate(board, (verdict, 0), (_, known) => (known.Verdict, known.Posts - 1)) is { Posts: 0 } done)
            {
                limits._opening.TryRemove(KeyValuePair.Create(board, done));
            }
        }
    }

    private async Task<long> BoardsAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        if (now - _countedAt >= CountKeptFor)
        {
            Interlocked.Exchange(ref _boards, await _storage.Directory.CountAsync(cancellationToken));
            _countedAt = now;
        }

        return Interlocked.Read(ref _boards);
    }
}
