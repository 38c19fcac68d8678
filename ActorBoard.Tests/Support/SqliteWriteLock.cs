using Microsoft.Data.Sqlite;

namespace ActorBoard.Tests.Support;

/// <summary>
/// The write lock of a SQLite file, held from a connection of its own (<c>BEGIN EXCLUSIVE</c>) as
/// another writer would hold it, until <see cref="Release"/> or disposal.
/// </summary>
public sealed class SqliteWriteLock : IDisposable
{
    private readonly SqliteConnection _connection;
    private bool _held;

    public SqliteWriteLock(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        Execute("BEGIN EXCLUSIVE;");
        _held = true;
    }

    /// <summary>Gives the lock back (the transaction that held it is rolled back: it wrote nothing).</summary>
    public void Release()
    {
        if (_held)
        {
            Execute("ROLLBACK;");
            _held = false;
        }
    }

    public void Dispose()
    {
        Release();
        _connection.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
