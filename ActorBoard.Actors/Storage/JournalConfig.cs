using System.Text;
using Akka.Configuration;
using Akka.Persistence.Sql;

namespace ActorBoard.Actors;

/// <summary>
/// The one place that spells out Akka.Persistence.Sql's HOCON, for the board's SQLite file and
/// for PostgreSQL (the plugin has no fluent Akka.Hosting API in the packages used here).
/// </summary>
public static class JournalConfig
{
    /// <summary>
    /// Dispatcher with its own thread, since Microsoft.Data.Sqlite's "async" calls block. One thread:
    /// SQLite takes one writer at a time, and a second thread only let a snapshot write collide with
    /// a journal write, where the loser sleeps 150 ms in Microsoft.Data.Sqlite's busy retry (posts at
    /// 32 connections: 15.1k/s with two threads, 18.0k/s with one).
    /// </summary>
    public const string SqliteDispatcher = "board-sqlite-dispatcher";

    public static Config ForSqlite(string connectionString)
    {
        var quoted = Quote(connectionString);
        var board = ConfigurationFactory.ParseString($$"""
            {{SqliteDispatcher}} {
              type = ForkJoinDispatcher
              throughput = 100
              dedicated-thread-pool.thread-count = 1
            }
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = {{quoted}}
                  provider-name = "SQLite.MS"
                  # SQLite has one writer at a time: concurrent writers would only wait on its lock.
                  parallelism = 1
                  plugin-dispatcher = "{{SqliteDispatcher}}"
                  materializer-dispatcher = "{{SqliteDispatcher}}"
                  auto-initialize = true
                  # As for PostgreSQL (see there): the writer recorded is the process, not the board.
                  replay-filter.mode = off
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = {{quoted}}
                  provider-name = "SQLite.MS"
                  plugin-dispatcher = "{{SqliteDispatcher}}"
                  auto-initialize = true
                }
              }
            }
            """);
        return board.WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>
    /// PostgreSQL, with the journal, snapshot and tag tables in <see cref="PostgresBoardDatabase.Schema"/>,
    /// so a database that holds other tables keeps them untouched.
    /// </summary>
    public static Config ForPostgres(string connectionString)
    {
        var quoted = Quote(connectionString);
        var board = ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = {{quoted}}
                  provider-name = "PostgreSQL.15"
                  # PostgresBoardDatabase.Prepare creates the tables, one node at a time, and checks them.
                  auto-initialize = false
                  default.schema-name = "{{PostgresBoardDatabase.Schema}}"
                  # Akka.Persistence.Sql records each node's journal as the writer of an event, not
                  # the board's incarnation. A board that moves from node A to B and back to A looks
                  # to Akka's replay filter like an old writer that kept writing, and its default
                  # repair drops A's newer events on the next recovery. One writer per board is
                  # already guaranteed: by sharding, and by the journal taking each sequence number once.
                  replay-filter.mode = off
                }
              }
              query.journal.sql {
                connection-string = {{quoted}}
                provider-name = "PostgreSQL.15"
                default.schema-name = "{{PostgresBoardDatabase.Schema}}"
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = {{quoted}}
                  provider-name = "PostgreSQL.15"
                  auto-initialize = false
                  default.schema-name = "{{PostgresBoardDatabase.Schema}}"
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
