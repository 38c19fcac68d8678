using System.Text;
using Akka.Configuration;
using Akka.Persistence.Sql;

namespace ActorBoard.Actors.Storage;

/// <summary>
/// The one place that spells out Akka.Persistence.Sql's HOCON (the plugin has no fluent
/// Akka.Hosting API in the packages used here): the journal, its query side and the snapshot
/// store, on one database, for each storage to fill in.
/// </summary>
public static class JournalConfig
{
    /// <param name="connectionString">The database the journal, query side and snapshot store share.</param>
    /// <param name="provider">linq2db's provider name: <c>SQLite.MS</c>, <c>PostgreSQL.15</c>.</param>
    /// <param name="autoInitialize">Whether the plugin creates its tables itself (off where the storage creates them).</param>
    /// <param name="schema">The schema holding the tables, where the database has schemas.</param>
    /// <param name="parallelism">Writers the journal runs at once (one where the database takes one writer at a time).</param>
    /// <param name="dispatcher">A dispatcher the plugins run on, defined by <paramref name="dispatcherConfig"/>.</param>
    /// <param name="dispatcherConfig">HOCON defining <paramref name="dispatcher"/>.</param>
    public static Config For(
        string connectionString,
        string provider,
        bool autoInitialize,
        string? schema = null,
        int? parallelism = null,
        string? dispatcher = null,
        string? dispatcherConfig = null)
    {
        var common = new StringBuilder()
            .AppendLine($"connection-string = {Quote(connectionString)}")
            .AppendLine($"provider-name = {Quote(provider)}");
        if (schema is not null)
        {
            common.AppendLine($"default.schema-name = {Quote(schema)}");
        }

        var plugins = new StringBuilder(common.ToString()).AppendLine($"auto-initialize = {(autoInitialize ? "true" : "false")}");
        if (dispatcher is not null)
        {
            plugins.AppendLine($"plugin-dispatcher = {Quote(dispatcher)}");
        }

        var journal = new StringBuilder(plugins.ToString());
        if (parallelism is { } writers)
        {
            journal.AppendLine($"parallelism = {writers}");
        }

        if (dispatcher is not null)
        {
            journal.AppendLine($"materializer-dispatcher = {Quote(dispatcher)}");
        }

        var board = ConfigurationFactory.ParseString($$"""
            {{dispatcherConfig ?? string.Empty}}
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  {{journal}}
                  # Akka.Persistence.Sql records each node's journal as the writer of an event, not
                  # the board's incarnation. A board that moves from node A to B and back to A looks
                  # to Akka's replay filter like an old writer that kept writing, and its default
                  # repair drops A's newer events on the next recovery. One writer per board is
                  # already guaranteed: by sharding, and by the journal taking each sequence number once.
                  replay-filter.mode = off
                }
              }
              query.journal.sql {
                {{common}}
                write-plugin = "akka.persistence.journal.sql"
                # The board history (HistoryProjection) follows the journal this closely: a board
                # lets old messages go only once its history holds them.
                refresh-interval = 500ms
                journal-sequence-retrieval.query-delay = 500ms
                # Its reads take no write lock: Microsoft.Data.Sqlite begins any other transaction
                # with BEGIN IMMEDIATE, which would make the journal's own commits wait (PostgreSQL
                # reads committed data either way).
                read-isolation-level = read-uncommitted
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  {{plugins}}
                }
              }
            }
            """);
        return board.WithFallback(SqlPersistence.DefaultConfiguration);
    }

    private static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
