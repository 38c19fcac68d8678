using System.Collections.Concurrent;
using System.Data.Common;
using ActorBoard.Actors.Board;

namespace ActorBoard.Actors.Storage;

/// <summary>
/// How far a board's history has come: every message up to <see cref="HeldThrough"/> is in it, and
/// every event of the board's journal up to <see cref="AppliedThrough"/> (a sequence number) is applied.
/// </summary>
public sealed record HistoryProgress(long HeldThrough, long AppliedThrough)
{
    public static readonly HistoryProgress None = new(0, 0);
}

/// <summary>One journal event of one board, as the history applies it (see <see cref="HistoryProjection"/>).</summary>
public sealed record HistoryChange(string Board, long SequenceNr, object Event);

/// <summary>A board's history is behind the board (being rebuilt after it was dropped): the read is refused rather than answered with a gap.</summary>
public sealed class HistoryBehindException(string board, long needed, long held)
    : TimeoutException($"The history of board '{board}' holds messages up to {held}, and {needed} are needed; it is catching up with the journal.");

/// <summary>
/// Every board's messages by board and id, in tables beside the journal, kept up to date from the
/// journal by <see cref="HistoryProjection"/> (Akka.Persistence.Query), never written by an
/// endpoint. A board keeps only its newest messages in memory and lets a message go only once its
/// history holds it; pages older than that, single old messages and far-behind live readers read
/// from here with indexed queries.
/// </summary>
public abstract class BoardHistory
{
    public const string MessagesTable = "board_history";
    public const string ProgressTable = "board_history_progress";
    public const string OffsetTable = "board_history_offset";

    /// <summary>How far <paramref name="board"/>'s history has come (<see cref="HistoryProgress.None"/> for a board it has not seen).</summary>
    public abstract Task<HistoryProgress> ProgressAsync(string board, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> messages with ids above <paramref name="afterId"/> and below
    /// <paramref name="belowId"/>, oldest first; throws <see cref="HistoryBehindException"/> unless
    /// the history holds every message below <paramref name="belowId"/>.
    /// </summary>
    public abstract Task<IReadOnlyList<BoardMessage>> AfterAsync(string board, long afterId, long belowId, int limit, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> messages with ids below <paramref name="beforeId"/>, oldest first (see <see cref="AfterAsync"/>).</summary>
    public abstract Task<IReadOnlyList<BoardMessage>> BeforeAsync(string board, long beforeId, int limit, CancellationToken cancellationToken);

    /// <summary>The message with this id, or null when the history does not hold it.</summary>
    public abstract Task<BoardMessage?> FindAsync(string board, long id, CancellationToken cancellationToken);

    /// <summary>The journal's offset (its <c>ordering</c>) the history has applied everything up to; 0 when new.</summary>
    public abstract Task<long> OffsetAsync(CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="changes"/> (in journal order) and records <paramref name="offset"/>, in one transaction.</summary>
    public abstract Task ApplyAsync(IReadOnlyList<HistoryChange> changes, long offset, CancellationToken cancellationToken);
}

/// <summary>The history as tables in SQLite or PostgreSQL (the same SQL for both).</summary>
internal sealed class SqlBoardHistory(Func<DbConnection> connect, string prefix) : BoardHistory
{
    private readonly string _messages = prefix + MessagesTable;
    private readonly string _progress = prefix + ProgressTable;
    private readonly string _offset = prefix + OffsetTable;

    // How far each board's history was seen to hold: it only grows, so a page within it need not ask again.
    private readonly ConcurrentDictionary<string, long> _heldThrough = new(StringComparer.Ordinal);

    /// <summary>
    /// The tables, for a database of <paramref name="prefix"/> (a schema and a dot, or nothing), the
    /// text kept as the UTF-8 bytes the board holds (<paramref name="bytesType"/>: the database's
    /// type for bytes), the messages stored in key order where the database can
    /// (<paramref name="clustered"/>: SQLite's <c>WITHOUT ROWID</c>), so a page is one range of the table.
    /// </summary>
    public static string CreateTables(string prefix, string bytesType, bool clustered = false) => $"""
        CREATE TABLE IF NOT EXISTS {prefix}{MessagesTable} (
            board TEXT NOT NULL, id BIGINT NOT NULL, utf8 {bytesType} NOT NULL, posted_at BIGINT NOT NULL,
            PRIMARY KEY (board, id)){(clustered ? " WITHOUT ROWID" : string.Empty)};
        CREATE TABLE IF NOT EXISTS {prefix}{ProgressTable} (board TEXT PRIMARY KEY, held_through BIGINT NOT NULL, applied_through BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS {prefix}{OffsetTable} (id INTEGER PRIMARY KEY CHECK (id = 1), journal_offset BIGINT NOT NULL);
        """;

    public override Task<HistoryProgress> ProgressAsync(string board, CancellationToken cancellationToken) =>
        Run(
            async connection => await ReadProgressAsync(connection, null, board, cancellationToken),
            cancellationToken);

    public override Task<IReadOnlyList<BoardMessage>> AfterAsync(string board, long afterId, long belowId, int limit, CancellationToken cancellationToken) =>
        ReadPageAsync(
            board,
            belowId - 1,
            $"SELECT id, utf8, posted_at FROM {_messages} WHERE board = @board AND id > @after AND id < @below ORDER BY id LIMIT @limit;",
            [("after", afterId), ("below", belowId), ("limit", limit)],
            newestFirst: false,
            cancellationToken);

    public override Task<IReadOnlyList<BoardMessage>> BeforeAsync(string board, long beforeId, int limit, CancellationToken cancellationToken) =>
        ReadPageAsync(
            board,
            beforeId - 1,
            $"SELECT id, utf8, posted_at FROM {_messages} WHERE board = @board AND id < @before ORDER BY id DESC LIMIT @limit;",
            [("before", beforeId), ("limit", limit)],
            newestFirst: true,
            cancellationToken);

    public override Task<BoardMessage?> FindAsync(string board, long id, CancellationToken cancellationToken) =>
        Run(
            async connection =>
            {
                await using var query = Command(connection, null, $"SELECT id, utf8, posted_at FROM {_messages} WHERE board = @board AND id = @id;", ("board", board), ("id", id));
                await using var reader = await query.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? ReadMessage(reader) : null;
            },
            cancellationToken);

    public override Task<long> OffsetAsync(CancellationToken cancellationToken) =>
        Run(
            async connection =>
            {
                await using var query = Command(connection, null, $"SELECT journal_offset FROM {_offset} WHERE id = 1;");
                return await query.ExecuteScalarAsync(cancellationToken) is { } offset and not DBNull ? Convert.ToInt64(offset, System.Globalization.CultureInfo.InvariantCulture) : 0;
            },
            cancellationToken);

    public override Task ApplyAsync(IReadOnlyList<HistoryChange> changes, long offset, CancellationToken cancellationToken) =>
        Run(
            async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using var insert = Command(
                    connection,
                    transaction,
                    $"INSERT INTO {_messages} (board, id, utf8, posted_at) VALUES (@board, @id, @utf8, @at) ON CONFLICT (board, id) DO NOTHING;",
                    ("board", string.Empty),
                    ("id", 0L),
                    ("utf8", Array.Empty<byte>()),
                    ("at", 0L));
                var boards = new Dictionary<string, HistoryProgress>(StringComparer.Ordinal);
                foreach (var change in changes)
                {
                    if (!boards.TryGetValue(change.Board, out var progress))
                    {
                        progress = await ReadProgressAsync(connection, transaction, change.Board, cancellationToken);
                    }

                    boards[change.Board] = await ApplyAsync(connection, transaction, insert, change, progress, cancellationToken);
                }

                foreach (var (board, progress) in boards)
                {
                    await using var upsert = Command(
                        connection,
                        transaction,
                        $"""
                        INSERT INTO {_progress} (board, held_through, applied_through) VALUES (@board, @held, @applied)
                        ON CONFLICT (board) DO UPDATE SET held_through = excluded.held_through, applied_through = excluded.applied_through;
                        """,
                        ("board", board),
                        ("held", progress.HeldThrough),
                        ("applied", progress.AppliedThrough));
                    await upsert.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var saveOffset = Command(
                    connection,
                    transaction,
                    $"INSERT INTO {_offset} (id, journal_offset) VALUES (1, @offset) ON CONFLICT (id) DO UPDATE SET journal_offset = excluded.journal_offset;",
                    ("offset", offset)))
                {
                    await saveOffset.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                return true;
            },
            cancellationToken);

    /// <summary>
    /// One event applied. Events come at least once and in order per board: an event at or below
    /// the board's applied sequence number was applied before and is skipped. Messages count as
    /// held only without a gap, so a board never lets go of a message its history lacks.
    /// </summary>
    private async Task<HistoryProgress> ApplyAsync(
        DbConnection connection, DbTransaction transaction, DbCommand insert, HistoryChange change, HistoryProgress progress, CancellationToken cancellationToken)
    {
        if (change.SequenceNr <= progress.AppliedThrough)
        {
            return progress;
        }

        var held = progress.HeldThrough;
        switch (change.Event)
        {
            case MessagesPosted posted:
                insert.Parameters["@board"].Value = change.Board;
                foreach (var message in posted.Messages)
                {
                    insert.Parameters["@id"].Value = message.Id;
                    insert.Parameters["@utf8"].Value = message.Utf8Text.ToArray();
                    insert.Parameters["@at"].Value = message.PostedAt.UtcTicks;
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }

                if (!posted.Messages.IsEmpty && posted.Messages[0].Id == held + 1)
                {
                    held = posted.Messages[^1].Id;
                }

                break;
            case MessageRemoved removed:
                await using (var blank = Command(
                    connection,
                    transaction,
                    $"UPDATE {_messages} SET utf8 = @empty WHERE board = @board AND id = @id;",
                    ("board", change.Board),
                    ("id", removed.Id),
                    ("empty", Array.Empty<byte>())))
                {
                    await blank.ExecuteNonQueryAsync(cancellationToken);
                }

                break;
        }

        return new HistoryProgress(held, change.SequenceNr);
    }

    private async Task<HistoryProgress> ReadProgressAsync(DbConnection connection, DbTransaction? transaction, string board, CancellationToken cancellationToken)
    {
        await using var query = Command(connection, transaction, $"SELECT held_through, applied_through FROM {_progress} WHERE board = @board;", ("board", board));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new HistoryProgress(reader.GetInt64(0), reader.GetInt64(1)) : HistoryProgress.None;
    }

    /// <summary>A page, once the board's progress says the history holds all of it: a history still catching up is refused, never read with a gap.</summary>
    private Task<IReadOnlyList<BoardMessage>> ReadPageAsync(
        string board, long needed, string sql, (string Name, object Value)[] parameters, bool newestFirst, CancellationToken cancellationToken) =>
        Run<IReadOnlyList<BoardMessage>>(
            async connection =>
            {
                if (!_heldThrough.TryGetValue(board, out var held) || held < needed)
                {
                    held = (await ReadProgressAsync(connection, null, board, cancellationToken)).HeldThrough;
                    _heldThrough[board] = held;
                    if (held < needed)
                    {
                        throw new HistoryBehindException(board, needed, held);
                    }
                }

                await using var query = Command(connection, null, sql, [("board", board), .. parameters]);
                var messages = new List<BoardMessage>();
                await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        messages.Add(ReadMessage(reader));
                    }
                }

                if (newestFirst)
                {
                    messages.Reverse();
                }

                return messages;
            },
            cancellationToken);

    private static BoardMessage ReadMessage(DbDataReader reader) =>
        BoardMessage.FromStored(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetInt64(2));

    /// <summary>Work on a connection of its own, off the caller's thread (Microsoft.Data.Sqlite blocks even in its async calls).</summary>
    private Task<T> Run<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken) =>
        Task.Run(
            async () =>
            {
                await using var connection = connect();
                await connection.OpenAsync(cancellationToken);
                return await work(connection);
            },
            cancellationToken);

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            // Named as the SQL spells them: given a bare name, Microsoft.Data.Sqlite tries each of
            // its three prefixes against the statement at every execution.
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
