using System.CommandLine;
using ActorBoard.Bench.Baseline;
using ActorBoard.Bench.Cluster;
using ActorBoard.Bench.Failover;
using ActorBoard.Bench.Fanout;
using ActorBoard.Bench.History;
using ActorBoard.Bench.Http;
using ActorBoard.Bench.Limits;
using ActorBoard.Bench.Race;
using ActorBoard.Bench.Soak;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    // Logs and CI keep the whole table on one line per row.
    AnsiConsole.Profile.Width = 200;
}

var writers = new Option<int>("--writers") { Description = "Concurrent writers", DefaultValueFactory = _ => 64 };
var appends = new Option<int>("--appends") { Description = "Appends per writer", DefaultValueFactory = _ => 2000 };
var readers = new Option<int>("--readers") { Description = "Concurrent readers taking snapshots", DefaultValueFactory = _ => 4 };
var sqlite = new Option<bool>("--sqlite") { Description = "Also race the actor on a SQLite journal" };
var quick = new Option<bool>("--quick") { Description = "A short run that proves the tool works (for CI), not a measurement" };
var results = new Option<string>("--results") { Description = "Folder for the Markdown table and SVG chart", DefaultValueFactory = _ => "results" };
var urls = new Option<string>("--urls") { Description = "Where the baseline server listens", DefaultValueFactory = _ => "http://127.0.0.1:5099" };

var race = new Command("race", "Show what happens to a message list under concurrent writers: unguarded, locked, and owned by the MessageStore actor.")
{
    writers, appends, readers, sqlite, quick,
};
race.SetAction(parse =>
{
    var settings = parse.GetValue(quick)
        ? new RaceSettings(Writers: 32, AppendsPerWriter: 4000, Readers: 2)
        : new RaceSettings(parse.GetValue(writers), parse.GetValue(appends), parse.GetValue(readers));
    return RaceCommand.RunAsync(settings, parse.GetValue(sqlite));
});

var http = new Command("http", "Measure ActorBoard against a lock-based baseline over real HTTP on loopback, and write a Markdown table and SVG chart.")
{
    quick, results,
};
http.SetAction(parse => new HttpBenchmark(new HttpSettings(parse.GetValue(quick), parse.GetValue(results)!)).RunAsync());

var cluster = new Command("cluster", "Measure one node against a three-node cluster on a throw-away PostgreSQL (and one node on SQLite), over 100 boards, and what a request routed to another node costs.")
{
    quick, results,
};
cluster.SetAction(parse => new ClusterBenchmark(new ClusterSettings(parse.GetValue(quick), parse.GetValue(results)!)).RunAsync());

var failover = new Command("failover", "Kill one node of three with SIGKILL, start it again, then restart every node in turn, while clients post with retries; check that nothing acknowledged is lost or doubled.")
{
    quick, results,
};
failover.SetAction(parse => new FailoverCommand(new FailoverSettings(parse.GetValue(quick), parse.GetValue(results)!)).RunAsync());

var fanout = new Command("fanout", "Open 1,000 and 10,000 live readers of one board and measure how long each post takes from its acknowledgement to every reader.")
{
    quick, results,
};
fanout.SetAction(parse => new FanoutBenchmark(new FanoutSettings(parse.GetValue(quick), parse.GetValue(results)!)).RunAsync());

var limits = new Command("limits", "Measure what the limits on anonymous clients cost (limits at their defaults against limits off, side by side) and what they hold (slow live readers of a backlog of maximum-length messages).")
{
    quick, results,
};
limits.SetAction(parse => new LimitsBenchmark(new LimitsSettings(parse.GetValue(quick), parse.GetValue(results)!)).RunAsync());

var earlierBuild = new Option<string?>("--earlier-build") { Description = "ActorBoard.Server.dll of another build: its durable posts are measured side by side with this build's" };
var history = new Command("history", "Fill one board with millions of short messages and another with over 1 GB of maximum-length ones; measure the server's memory, the boards' snapshots, page rates on either side of the history's edge and the restart.")
{
    quick, results, earlierBuild,
};
history.SetAction(parse => new HistoryBenchmark(new HistorySettings(parse.GetValue(quick), parse.GetValue(results)!, parse.GetValue(earlierBuild))).RunAsync());

var duration = new Option<TimeSpan>("--duration") { Description = "How long the soak runs (hh:mm:ss)", DefaultValueFactory = _ => TimeSpan.FromMinutes(10) };
var postRate = new Option<int>("--posts-per-second") { Description = "Steady post rate during the soak", DefaultValueFactory = _ => 50 };
var soak = new Command("soak", "Run ActorBoard on SQLite under steady mixed load; report memory over time, errors and lost posts.")
{
    duration, postRate, quick,
};
soak.SetAction(parse => SoakCommand.RunAsync(new SoakSettings(
    parse.GetValue(quick) ? TimeSpan.FromSeconds(30) : parse.GetValue(duration),
    parse.GetValue(postRate),
    ReaderConnections: 8,
    JudgeMemory: !parse.GetValue(quick))));

var baseline = new Command("baseline-server", "Run the lock-based baseline board (started by the http benchmark).") { urls };
baseline.SetAction(parse => BaselineServer.RunAsync(parse.GetValue(urls)!));

var storage = new Option<string>("--storage") { Description = "sqlite or postgres", DefaultValueFactory = _ => "sqlite" };
var connection = new Option<string>("--connection") { Description = "The database's connection string", Required = true };
var durableServer = new Command("durable-server", "Run the plain durable writer board (started by the http benchmark).") { urls, storage, connection };
durableServer.SetAction(parse => BaselineServer.RunDurableAsync(parse.GetValue(urls)!, parse.GetValue(storage)!, parse.GetValue(connection)!));

var root = new RootCommand("ActorBoard benchmarks and concurrency demonstrations.") { race, http, cluster, failover, fanout, limits, history, soak, baseline, durableServer };
return await root.Parse(args).InvokeAsync();
