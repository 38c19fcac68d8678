using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ActorBoard.Bench.Load;

/// <summary>What one wrk run measured.</summary>
/// <param name="Requests">Responses received.</param>
/// <param name="Errors">Responses other than 2xx/3xx, plus connect, read, write errors and timeouts.</param>
/// <param name="Elapsed">How long the run lasted.</param>
/// <param name="Connections">Connections the run kept open.</param>
/// <param name="MeanMilliseconds">Mean latency, as wrk recorded it.</param>
/// <param name="P50Milliseconds">Median latency.</param>
/// <param name="P99Milliseconds">99th percentile latency.</param>
public sealed record WrkResult(long Requests, long Errors, TimeSpan Elapsed, int Connections, double MeanMilliseconds, double P50Milliseconds, double P99Milliseconds)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    /// <summary>CPU time the server (with its database, where it has one) used over the run, when measured.</summary>
    public TimeSpan? ProcessorTime { get; init; }

    /// <summary>That CPU time per request, in microseconds.</summary>
    public double? ProcessorMicrosecondsPerRequest => ProcessorTime is { } cpu && Requests > 0 ? cpu.TotalMicroseconds / Requests : null;

    /// <summary>
    /// Whether wrk's latency figures can be believed. By Little's law, requests per second times the
    /// mean latency is the number of requests in flight, which cannot exceed the connections; wrk's
    /// recorder breaks that at one connection on this machine (reporting, say, a 2.5 ms mean at
    /// 10,000 requests/s, where a plain sequential client measures a 0.15 ms median and 2.9 ms p99),
    /// so such figures are not shown.
    /// </summary>
    public bool LatencyTrusted => RequestsPerSecond * MeanMilliseconds / 1000 <= Connections * 1.5;

    public string P50Text => LatencyTrusted ? P50Milliseconds.ToString("N2", CultureInfo.InvariantCulture) : "n/a";

    public string P99Text => LatencyTrusted ? P99Milliseconds.ToString("N2", CultureInfo.InvariantCulture) : "n/a";
}

/// <summary>
/// Drives HTTP load with <c>wrk</c> (Debian's <c>wrk</c> package, the tool the TechEmpower
/// benchmarks use) and the <c>requests.lua</c> script beside this program: GETs or POSTs (the
/// board's form), each to a path picked at random from a list. wrk runs on one thread: on two cores
/// it leaves the other core to the server.
/// </summary>
public static class Wrk
{
    public const string InstallHint = "wrk is not installed: apt-get install -y wrk";

    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Load", "requests.lua");

    public static bool IsInstalled => File.Exists("/usr/bin/wrk") || File.Exists("/usr/local/bin/wrk");

    /// <summary>One run of <paramref name="duration"/> (whole seconds, at least 1) against <paramref name="server"/> with <paramref name="connections"/> connections on one wrk thread.</summary>
    public static async Task<WrkResult> RunAsync(Uri server, string method, IReadOnlyList<string> paths, int connections, TimeSpan duration)
    {
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "-t1", $"-c{connections}", $"-d{Math.Max(1, (int)duration.TotalSeconds)}s", "--timeout", "10s",
                     "-s", Script, server.ToString(), "--", method,
                 }.Concat(paths))
        {
            start.ArgumentList.Add(argument);
        }

        using var wrk = Process.Start(start)!;
        var output = wrk.StandardOutput.ReadToEndAsync();
        var errors = wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var result = (await output).Split('\n').FirstOrDefault(line => line.StartsWith("wrk-result ", StringComparison.Ordinal));
        if (wrk.ExitCode != 0 || result is null)
        {
            throw new InvalidOperationException($"wrk failed ({wrk.ExitCode}): {await output}{await errors}");
        }

        var json = JsonDocument.Parse(result["wrk-result ".Length..]).RootElement;
        long Get(string name) => json.GetProperty(name).GetInt64();
        return new WrkResult(
            Get("requests"),
            Get("status") + Get("connect") + Get("read") + Get("write") + Get("timeout"),
            TimeSpan.FromMicroseconds(Get("durationMicroseconds")),
            connections,
            Get("mean") / 1000.0,
            Get("p50") / 1000.0,
            Get("p99") / 1000.0);
    }

    /// <summary>Several runs at once, e.g. one per cluster node; their requests add up, the slowest p99 counts.</summary>
    public static async Task<WrkResult> RunTogetherAsync(IReadOnlyList<Uri> servers, string method, IReadOnlyList<string> paths, int connections, TimeSpan duration)
    {
        var runs = await Task.WhenAll(servers.Select((server, i) =>
            RunAsync(server, method, paths, Math.Max(1, connections / servers.Count + (i < connections % servers.Count ? 1 : 0)), duration)));
        var p50s = runs.Select(r => r.P50Milliseconds).Order().ToList();
        return new WrkResult(
            runs.Sum(r => r.Requests),
            runs.Sum(r => r.Errors),
            runs.Max(r => r.Elapsed),
            runs.Sum(r => r.Connections),
            runs.Sum(r => r.MeanMilliseconds * r.Requests) / Math.Max(1, runs.Sum(r => r.Requests)),
            p50s[p50s.Count / 2],
            runs.Max(r => r.P99Milliseconds));
    }

    public static string Describe(this WrkResult result) => string.Create(
        CultureInfo.InvariantCulture,
        $"{result.RequestsPerSecond,9:N0} req/s  p50 {result.P50Text,6} ms  p99 {result.P99Text,7} ms  errors {result.Errors}{(result.ProcessorMicrosecondsPerRequest is { } cpu ? $"  CPU {cpu,4:N0} µs/req" : "")}");
}
