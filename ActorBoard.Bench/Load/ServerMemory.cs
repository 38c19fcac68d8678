using System.Globalization;
using ActorBoard.Fixtures;

namespace ActorBoard.Bench.Load;

/// <summary>A server's resident memory, and the memory its GC had committed after its last collection (from its own /metrics).</summary>
public sealed record ServerMemory(double ResidentMiB, double ManagedMiB)
{
    public static async Task<ServerMemory> SampleAsync(ServerProcess server)
    {
        using var operatorClient = server.CreateManagementClient();
        var metrics = await operatorClient.GetStringAsync("/metrics");
        var committed = metrics.Split('\n')
            .Where(line => line.StartsWith("dotnet_gc_last_collection_memory_committed_size_bytes", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Sum();
        return new ServerMemory(server.ResidentMegabytes(), committed / (1024 * 1024));
    }

    /// <summary>The larger of each.</summary>
    public ServerMemory Max(ServerMemory other) => new(Math.Max(ResidentMiB, other.ResidentMiB), Math.Max(ManagedMiB, other.ManagedMiB));
}
