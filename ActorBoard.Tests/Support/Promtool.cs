using System.Diagnostics;

namespace ActorBoard.Tests.Support;

/// <summary>
/// Prometheus's own checker, from Debian's <c>prometheus</c> package. Without it the specs that
/// need it skip with a message, except under CI, where they must run.
/// </summary>
public static class Promtool
{
    public const string ExecutablePath = "/usr/bin/promtool";

    /// <summary>Why the specs cannot run here, or null when they can.</summary>
    public static string? Unavailable =>
        File.Exists(ExecutablePath) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? null
            : $"promtool is not installed at {ExecutablePath} (apt-get install -y prometheus); skipped.";

    /// <summary>Runs <c>promtool check metrics</c> on an exposition; returns the problems it reports, one a line.</summary>
    public static async Task<IReadOnlyList<string>> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo(ExecutablePath, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var promtool = Process.Start(start)!;
        var output = promtool.StandardOutput.ReadToEndAsync();
        var errors = promtool.StandardError.ReadToEndAsync();
        await promtool.StandardInput.WriteAsync(exposition);
        promtool.StandardInput.Close();
        await promtool.WaitForExitAsync();
        return $"{await output}\n{await errors}".Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
