using ActorBoard.Fixtures;

namespace ActorBoard.Bench.Load;

/// <summary>
/// How the benchmarks measure servers side by side: wrk at each server in turn, round after round,
/// each measured run after a one-second unmeasured one, so a drift in the shared machine's speed
/// does not favour whichever server ran first.
/// </summary>
public static class TakingTurns
{
    /// <summary>
    /// Each server's runs, by name, in the order they ran; <paramref name="before"/> runs just before
    /// each measured run, and <paramref name="processorTime"/>, when given, is read around it: the CPU
    /// time a server has used so far (with its database's), so each run says what it cost.
    /// </summary>
    public static async Task<Dictionary<string, List<WrkResult>>> MeasureAsync(
        IReadOnlyList<ServerProcess> servers, int rounds, string method, IReadOnlyList<string> paths, int connections, TimeSpan duration,
        Action<ServerProcess>? before = null, Func<ServerProcess, TimeSpan>? processorTime = null)
    {
        var runs = await MeasureAsync(servers.Select(server => (server, paths)).ToList(), rounds, method, connections, duration, before, processorTime);
        return servers.Select((server, i) => (server.Name, Runs: runs[i])).ToDictionary(run => run.Name, run => run.Runs);
    }

    /// <summary>
    /// The same for scenarios, each a server and the paths asked of it (one server may serve several):
    /// each scenario's runs, in the order given, each in the order they ran.
    /// </summary>
    public static async Task<List<List<WrkResult>>> MeasureAsync(
        IReadOnlyList<(ServerProcess Server, IReadOnlyList<string> Paths)> scenarios, int rounds, string method, int connections, TimeSpan duration,
        Action<ServerProcess>? before = null, Func<ServerProcess, TimeSpan>? processorTime = null)
    {
        var runs = scenarios.Select(_ => new List<WrkResult>()).ToList();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < scenarios.Count; i++)
            {
                var (server, paths) = scenarios[i];
                await Wrk.RunAsync(server.Address, method, paths, connections, TimeSpan.FromSeconds(1));
                before?.Invoke(server);
                var used = processorTime?.Invoke(server);
                var run = await Wrk.RunAsync(server.Address, method, paths, connections, duration);
                runs[i].Add(used is { } start ? run with { ProcessorTime = processorTime!(server) - start } : run);
            }
        }

        return runs;
    }
}
