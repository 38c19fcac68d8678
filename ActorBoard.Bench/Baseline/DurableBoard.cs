using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorBoard.Bench.Baseline;

/// <summary>
/// The durable board a .NET developer would write without actors: every post goes into a
/// <see cref="Channel{T}"/>; one writer task takes everything waiting, inserts it in one transaction,
/// commits, then adds the messages to the <see cref="LockedBoard"/> the pages are rendered from and
/// completes each post, which is answered only after its commit. SQLite in WAL mode with
/// <c>synchronous=FULL</c>, or PostgreSQL through Npgsql with <c>synchronous_commit=on</c>.
/// </summary>
public sealed class DurableBoard : IAsyncDisposable
{
    private readonly Channel<(string Text, TaskCompletionSource Committed)> _posts = Channel.CreateUnbounded<(string, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DbConnection _connection;
    private readonly Task _writer;

    private DurableBoard(DbConnection connection)
    {
        _connection = connection;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>The messages committed so far, for the pages.</summary>
    public LockedBoard Board { get; } = new();

    /// <summary>Opens the database (<c>sqlite</c>: a file; <c>postgres</c>: a connection string) and creates its one table.</summary>
    public static async Task<DurableBoard> OpenAsync(string storage, string connectionString)
    {
        DbConnection connection = storage == "postgres" ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();
        create.CommandText = storage == "postgres"
            ? "CREATE TABLE IF NOT EXISTS messages (id bigserial PRIMARY KEY, text text NOT NULL, posted_at bigint NOT NULL);"
            : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, text TEXT NOT NULL, posted_at INTEGER NOT NULL);";
        await create.ExecuteNonQueryAsync();
        return new DurableBoard(connection);
    }

    /// <summary>Completes once the post is committed.</summary>
    public Task PostAsync(string text)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _posts.Writer.TryWrite((text, committed));
        return committed.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _posts.Writer.TryComplete();
        await _writer;
        await _connection.DisposeAsync();
    }

    private async Task WriteAsync()
    {
        var waiting = new List<(string Text, TaskCompletionSource Committed)>();
        while (await _posts.Reader.WaitToReadAsync())
        {
            while (_posts.Reader.TryRead(out var post))
            {
                waiting.Add(post);
            }

            try
            {
                await InsertAsync(waiting);
                foreach (var (text, _) in waiting)
                {
                    Board.Add(text);
                }

                waiting.ForEach(post => post.Committed.TrySetResult());
            }
            catch (DbException e)
            {
                waiting.ForEach(post => post.Committed.TrySetException(e));
            }

            waiting.Clear();
        }
    }

    /// <summary>
    /// One transaction for everything waiting: to PostgreSQL as one batch (one round trip, as a
    /// developer would send it with Npgsql), to SQLite, which runs in this process, a row at a time.
    /// </summary>
    private async Task InsertAsync(List<(string Text, TaskCompletionSource Committed)> posts)
    {
        await using var transaction = await _connection.BeginTransactionAsync();
        if (_connection.CanCreateBatch)
        {
            await using var batch = _connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var post in posts)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = "INSERT INTO messages (text, posted_at) VALUES ($1, $2);";
                command.Parameters.Add(new NpgsqlParameter { Value = post.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = DateTime.UtcNow.Ticks });
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return;
        }

        await using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO messages (text, posted_at) VALUES (@text, @at);";
        var text = insert.CreateParameter();
        text.ParameterName = "text";
        var at = insert.CreateParameter();
        at.ParameterName = "at";
        insert.Parameters.Add(text);
        insert.Parameters.Add(at);
        foreach (var post in posts)
        {
            text.Value = post.Text;
            at.Value = DateTime.UtcNow.Ticks;
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
