using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorBoard.Server.Operations;

/// <summary>
/// Writes a health report as plain text: the overall status on the first line (what probes and
/// scripts compare); on the operator's listener, then one line per check with its reason, which
/// may name addresses and paths, so the public listener answers the status word alone.
/// </summary>
public static class HealthReportText
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder().Append(report.Status).Append('\n');
        if (context.RequestServices.GetRequiredService<OperatorListener>().Serves(context))
        {
            foreach (var (name, entry) in report.Entries)
            {
                text.Append(name).Append(": ").Append(entry.Status).Append(": ").Append(entry.Description).Append('\n');
            }
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}
