using System.Diagnostics;

namespace ActorBoard.Actors.Telemetry;

/// <summary>
/// The board's spans, on the <c>ActorBoard</c> activity source. With no listener (no tracing
/// configured) starting a span returns null and costs next to nothing.
/// </summary>
public static class BoardTracing
{
    public const string SourceName = "ActorBoard";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Records a journal write that committed <paramref name="groupSize"/> posts as a span under
    /// the request that posted one of them, from <paramref name="startedAt"/> until now.
    /// </summary>
    public static void JournalCommitted(ActivityContext request, DateTimeOffset startedAt, int groupSize)
    {
        if (request == default)
        {
            return;
        }

        using var commit = Source.StartActivity("journal commit", ActivityKind.Internal, request, startTime: startedAt);
        commit?.SetTag("actorboard.journal.group_size", groupSize);
    }
}
