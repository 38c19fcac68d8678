using System.Globalization;
using System.Text;
using Spectre.Console;

namespace ActorBoard.Bench.Http;

/// <summary>The benchmark's results as a console table, a Markdown file and an SVG bar chart.</summary>
public sealed class HttpReport(HttpSettings settings, IReadOnlyList<Measurement> measurements, IReadOnlyList<(string What, string Value)> facts, IReadOnlyList<TargetCheck> checks)
{
    private static readonly string[] Colors = ["#94a3b8", "#2563eb", "#16a34a", "#c2410c"];

    public Table Table()
    {
        var table = new Table().RoundedBorder().Title("[bold]Requests per second, same machine, same run[/]");
        foreach (var column in new[] { "Scenario", "Server", "Conns", "req/s", "p50 ms", "p99 ms", "Errors", "× baseline" })
        {
            table.AddColumn(column);
        }

        foreach (var m in measurements)
        {
            table.AddRow(
                Markup.Escape(m.Scenario), Markup.Escape(m.Server), m.Connections.ToString(CultureInfo.InvariantCulture),
                $"{m.Result.RequestsPerSecond:N0}", $"{m.Result.P50Text}", $"{m.Result.P99Text}",
                m.Result.Errors.ToString(CultureInfo.InvariantCulture), m.Ratio is { } r ? $"{r:N2}" : "—");
        }

        return table;
    }

    /// <summary>Writes the Markdown table and the SVG chart; returns their paths.</summary>
    public IReadOnlyList<string> Write()
    {
        Directory.CreateDirectory(settings.ResultsFolder);
        var markdown = Path.Combine(settings.ResultsFolder, settings.FilePrefix + ".md");
        var chart = Path.Combine(settings.ResultsFolder, settings.FilePrefix + ".svg");
        File.WriteAllText(markdown, Markdown(Path.GetFileName(chart)));
        File.WriteAllText(chart, Svg());
        return [markdown, chart];
    }

    private string Markdown(string chartFile)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# HTTP benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        var mode = settings.Quick
            ? "quick mode: a check that the tool runs, not a measurement"
            : string.Create(CultureInfo.InvariantCulture, $"median of {settings.Rounds} rounds of {settings.Duration.TotalSeconds:0} s per server, servers taking turns, after {settings.Warmup.TotalSeconds:0} s warm-up");
        md.Append(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {mode}. ")
            .AppendLine("Servers are separate processes on 127.0.0.1, not pinned to cores (on two cores, pinning would leave each side one core); wrk (one thread) shares the machine.");
        md.AppendLine();
        md.AppendLine("| Scenario | Server | Conns | req/s | p50 ms | p99 ms | Errors | × baseline | CPU µs/req | Rounds (req/s) |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var m in measurements)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Scenario} | {m.Server} | {m.Connections} | {m.Result.RequestsPerSecond:N0} | {m.Result.P50Text} | {m.Result.P99Text} | {m.Result.Errors} | {(m.Ratio is { } r ? r.ToString("N2", CultureInfo.InvariantCulture) : "—")} | {(m.ProcessorMicrosecondsPerRequest is { } cpu ? cpu.ToString("N0", CultureInfo.InvariantCulture) : "")} | {string.Join(" / ", m.Rounds.Select(x => x.ToString("N0", CultureInfo.InvariantCulture)))} |");
        }

        md.AppendLine();
        md.AppendLine("Latency is n/a where wrk's own figures break Little's law (requests/s × mean latency above the connections held open), as they do at one connection on this machine.");
        md.AppendLine("CPU µs/req: the server process's CPU time (user and system) over each measured post round, per request, median of the rounds; for the servers on PostgreSQL it includes the PostgreSQL server's processes (shared by both; the other is idle meanwhile). wrk's own CPU is not in it.");
        md.AppendLine();
        md.AppendLine("| Measured | Value |");
        md.AppendLine("|---|---:|");
        foreach (var (what, value) in facts)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {value} |");
        }

        md.AppendLine();
        md.AppendLine("| Target | This run | |");
        md.AppendLine("|---|---:|---|");
        foreach (var check in checks)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {check.Target} | {check.Measured} | {(check.Met ? "met" : "**missed**")} |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![Requests per second]({chartFile})");
        return md.ToString();
    }

    /// <summary>Grouped horizontal bars: one group per scenario and connection count, one bar per server.</summary>
    private string Svg()
    {
        var groups = measurements.GroupBy(m => $"{m.Scenario}, {m.Connections} conn").ToList();
        var servers = measurements.Select(m => m.Server).Distinct().ToList();
        var max = measurements.Max(m => m.Result.RequestsPerSecond);
        const int labelWidth = 330, barArea = 520, barHeight = 14, groupGap = 14, top = 50;
        var height = top + groups.Sum(g => (g.Count() * barHeight) + groupGap) + 20;
        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelWidth + barArea + 120}\" height=\"{height}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">");
        svg.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        svg.AppendLine("<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">Requests per second (higher is better), same machine, same run</text>");
        for (var i = 0; i < servers.Count; i++)
        {
            var x = 10 + (i * 230);
            svg.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"30\" width=\"12\" height=\"12\" fill=\"{Colors[i % Colors.Length]}\"/><text x=\"{x + 16}\" y=\"40\">{Escape(servers[i])}</text>");
        }

        var y = top;
        foreach (var group in groups)
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{y + 11}\">{Escape(group.Key)}</text>");
            foreach (var m in group)
            {
                var width = Math.Max(1, m.Result.RequestsPerSecond / max * barArea);
                var color = Colors[servers.IndexOf(m.Server) % Colors.Length];
                svg.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{width:0.#}\" height=\"{barHeight - 2}\" fill=\"{color}\"/>");
                svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + width + 4:0.#}\" y=\"{y + 10}\">{m.Result.RequestsPerSecond:N0}</text>");
                y += barHeight;
            }

            y += groupGap;
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
