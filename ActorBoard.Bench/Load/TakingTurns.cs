using ActorBoard.Fixtures;

namespace ActorBoard.Bench.Load;

/// <summary>
/// How the benchmarks measure servers side by side: wrk at each server in turn, round after round,
/// each measured run after a one-second unmeasured one, so a drift in the shared machine's speed
/// does not favour whichever server ran first.
/// </summary>
public static class TakingTurns
{
    /// <summary>Each server's runs, by name, in the order they ran; <paramref name="before"/> runs just before each measured run.</summary>
    public static async Task<Dictionary<string, List<WrkResult>>> MeasureAsync(
        IReadOnlyList<ServerProcess> servers, int rounds, string method, IReadOnlyList<string> paths, int connections, TimeSpan duration, Action<ServerProcess>? before = null)
    {
        var runs = servers.ToDictionary(server => server.Name, _ => new List<WrkResult>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var server in servers)
            {
                await Wrk.RunAsync(server.Address, method, paths, connections, TimeSpan.FromSeconds(1));
                before?.Invoke(server);
                runs[server.Name].Add(await Wrk.RunAsync(server.Address, method, paths, connections, duration));
            }
        }

        return runs;
    }
}
