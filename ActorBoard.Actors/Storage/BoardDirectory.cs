using System.Collections.Concurrent;
using System.Data.Common;

namespace ActorBoard.Actors.Storage;

/// <summary>One line of the list of boards: its name, how many messages it holds and when the last was posted; a closed board is not listed.</summary>
public sealed record BoardSummary(string Name, long Messages, DateTimeOffset LastPostAt)
{
    public bool Closed { get; init; }
}

/// <summary>
/// The list of boards that exist, kept by each <see cref="BoardStorage"/> as a small table beside
/// its journal (one row per board, never the boards themselves), so listing boards loads none of them. Boards report to it after
/// they commit; counts and times only ever move forward (kept at their highest), so reports that
/// arrive late or twice change nothing; whether a board is closed is taken from its latest report.
/// </summary>
public abstract class BoardDirectory
{
    public const string Table = "board_directory";

    /// <summary>Records what boards reported.</summary>
    public abstract Task RecordAsync(IReadOnlyCollection<BoardSummary> boards, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> open boards in name order, after <paramref name="after"/> when given.</summary>
    public abstract Task<IReadOnlyList<BoardSummary>> ListAsync(string? after, int limit, CancellationToken cancellationToken);

    /// <summary>Whether anybody ever posted to the board (open or closed): one indexed lookup.</summary>
    public abstract Task<bool> ContainsAsync(string name, CancellationToken cancellationToken);

    /// <summary>How many boards anybody ever posted to, open or closed.</summary>
    public abstract Task<long> CountAsync(CancellationToken cancellationToken);
}

/// <summary>The directory as a table in SQLite or PostgreSQL (the same SQL but for the function that keeps the highest value).</summary>
internal sealed class SqlBoardDirectory(Func<DbConnection> connect, string table, string higherCount, string laterPost) : BoardDirectory
{
    public override Task RecordAsync(IReadOnlyCollection<BoardSummary> boards, CancellationToken cancellationToken) =>
        // Microsoft.Data.Sqlite blocks even in its async calls: keep it off the caller's thread.
        Task.Run(
            async () =>
            {
                await using var connection = connect();
                await connection.OpenAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                foreach (var board in boards)
                {
                    await using var upsert = connection.CreateCommand();
                    upsert.Transaction = transaction;
                    upsert.CommandText = $"""
                        INSERT INTO {table} (name, messages, last_post_at, closed) VALUES (@name, @messages, @last, @closed)
                        ON CONFLICT (name) DO UPDATE SET messages = {higherCount}, last_post_at = {laterPost}, closed = excluded.closed;
                        """;
                    Add(upsert, "name", board.Name);
                    Add(upsert, "messages", board.Messages);
                    Add(upsert, "last", board.LastPostAt.UtcTicks);
                    Add(upsert, "closed", board.Closed);
                    await upsert.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            },
            cancellationToken);

    public override Task<IReadOnlyList<BoardSummary>> ListAsync(string? after, int limit, CancellationToken cancellationToken) =>
        Query<IReadOnlyList<BoardSummary>>(
            $"SELECT name, messages, last_post_at FROM {table} WHERE name > @after AND NOT closed ORDER BY name LIMIT @limit;",
            [("after", after ?? string.Empty), ("limit", limit)],
            async query =>
            {
                await using var reader = await query.ExecuteReaderAsync(cancellationToken);
                var boards = new List<BoardSummary>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    boards.Add(new BoardSummary(reader.GetString(0), reader.GetInt64(1), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero)));
                }

                return boards;
            },
            cancellationToken);

    public override Task<bool> ContainsAsync(string name, CancellationToken cancellationToken) =>
        Query($"SELECT 1 FROM {table} WHERE name = @name;", [("name", name)], async query => await query.ExecuteScalarAsync(cancellationToken) is not null, cancellationToken);

    public override Task<long> CountAsync(CancellationToken cancellationToken) =>
        Query(
            $"SELECT count(*) FROM {table};",
            [],
            async query => Convert.ToInt64(await query.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture),
            cancellationToken);

    /// <summary>One query on a connection of its own, off the caller's thread (Microsoft.Data.Sqlite blocks even in its async calls).</summary>
    private Task<T> Query<T>(string sql, (string Name, object Value)[] parameters, Func<DbCommand, Task<T>> read, CancellationToken cancellationToken) =>
        Task.Run(
            async () =>
            {
                await using var connection = connect();
                await connection.OpenAsync(cancellationToken);
                await using var query = connection.CreateCommand();
                query.CommandText = sql;
                foreach (var (name, value) in parameters)
                {
                    Add(query, name, value);
                }

                return await read(query);
            },
            cancellationToken);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>The directory of a board kept in memory only (<see cref="MemoryStorage"/>): gone with the process, like the boards.</summary>
internal sealed class MemoryBoardDirectory : BoardDirectory
{
    private readonly ConcurrentDictionary<string, BoardSummary> _boards = new(StringComparer.Ordinal);

    public override Task RecordAsync(IReadOnlyCollection<BoardSummary> boards, CancellationToken cancellationToken)
    {
        foreach (var board in boards)
        {
            _boards.AddOrUpdate(
                board.Name,
                board,
                (_, known) => new BoardSummary(board.Name, Math.Max(known.Messages, board.Messages), known.LastPostAt > board.LastPostAt ? known.LastPostAt : board.LastPostAt) { Closed = board.Closed });
        }

        return Task.CompletedTask;
    }

    public override Task<bool> ContainsAsync(string name, CancellationToken cancellationToken) => Task.FromResult(_boards.ContainsKey(name));

    public override Task<long> CountAsync(CancellationToken cancellationToken) => Task.FromResult((long)_boards.Count);

    public override Task<IReadOnlyList<BoardSummary>> ListAsync(string? after, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BoardSummary>>(
            _boards.Values.Where(board => !board.Closed && string.CompareOrdinal(board.Name, after ?? string.Empty) > 0).OrderBy(board => board.Name, StringComparer.Ordinal).Take(limit).ToList());
}
