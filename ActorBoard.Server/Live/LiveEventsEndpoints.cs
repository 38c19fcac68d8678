using System.Buffers;
using System.Text;
using System.Threading.Channels;
using ActorBoard.Actors.Board;
using ActorBoard.Actors.Cluster;
using ActorBoard.Actors.Live;
using ActorBoard.Actors.Serialization;
using ActorBoard.Actors.Storage;
using ActorBoard.Actors.Telemetry;
using ActorBoard.Server.Input;
using ActorBoard.Server.Operations;
using ActorBoard.Server.Page;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server.Live;

/// <summary>
/// <c>GET /events</c>: new messages as Server-Sent Events. Each event's <c>id</c> is the message id
/// and its <c>data</c> the message as JSON. A client that reconnects with <c>Last-Event-ID</c>
/// (or opens <c>/events?after={id}</c>) first gets every message after that id, then live ones:
/// no gap, no repeat. A reader that falls <see cref="BoardOptions.LiveBufferSize"/> messages behind
/// is cut off; its EventSource reconnects by itself and resumes where it stopped. A message the
/// operator removes while a reader is connected comes as an <c>event: removed</c> with its id in
/// <c>data</c> (and no event id of its own, so resuming is unaffected); the backlog skips removed messages.
/// A stream of a board nobody posted to waits without starting the board (<see cref="KnownBoards.WaitUntilExistsAsync"/>)
/// and, once somebody has, delivers from its first message.
/// </summary>
public static class LiveEventsEndpoints
{
    public const string ContentType = "text/event-stream";
    private const int BacklogPage = 1000;
    private const int ReconnectMilliseconds = 1000;
    private const string KeepAlive = ": keep-alive\n\n";

    public static IEndpointRouteBuilder MapLiveEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/events", StreamEvents).WithMetadata(LiveStream.Instance);
        app.MapGet($"/b/{{{BoardPaths.NameRouteValue}}}/events", StreamEvents).WithMetadata(LiveStream.Instance);
        return app;
    }

    /// <summary>Marks the live event endpoints: long-lived, idle most of the time, and not counted as requests in progress.</summary>
    public sealed class LiveStream
    {
        public static readonly LiveStream Instance = new();

        private LiveStream()
        {
        }
    }

    private static async Task StreamEvents(
        HttpContext context,
        IRequiredActor<BoardRegion> boards,
        IRequiredActor<LiveFeeds> feeds,
        ActorSystem system,
        IOptions<BoardOptions> options,
        LiveFrames frames,
        LiveStreamLimits limits,
        IHostApplicationLifetime lifetime,
        KnownBoards known,
        BoardStorage storage)
    {
        var name = BoardPaths.Board(context);
        if (!TryReadResumePoint(context.Request, out var resumeAfter))
        {
            await Results.Problem(
                    "Last-Event-ID or 'after' must be one whole message id.",
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Invalid resume point")
                .ExecuteAsync(context);
            return;
        }

        using var place = limits.TryOpen(ClientAddress.Of(context), out var refusal);
        if (place is null)
        {
            RetryAfter.Set(context.Response, LiveStreamLimits.RetryAfterSeconds);
            await Results.Problem(refusal, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many live streams").ExecuteAsync(context);
            return;
        }

        var settings = options.Value;
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var stream = new EventWriter(context.Response, frames);
        if (!await known.ExistsAsync(name, context.RequestAborted))
        {
            try
            {
                await Open(context, stream, ending.Token);
                await known.WaitUntilExistsAsync(name, settings.LiveHeartbeat, () => stream.WriteRawAsync(KeepAlive, ending.Token), ending.Token);
                resumeAfter ??= 0;
            }
            catch (OperationCanceledException) when (ending.IsCancellationRequested)
            {
                return;
            }
        }

        var buffer = new LiveBuffer(settings.LiveBufferSize);
        var subscribed = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = system.ActorOf(LiveReader.Props(feeds.ActorRef, name, buffer, subscribed));
        BoardMetrics.LiveReaders.Add(1);
        try
        {
            var version = await subscribed.Task.WaitAsync(settings.AskTimeout, context.RequestAborted);
            if (!context.Response.HasStarted)
            {
                await Open(context, stream, ending.Token);
            }

            var lastSent = resumeAfter ?? version;
            if (lastSent < version)
            {
                lastSent = await SendBacklog(stream, boards, storage.History, name, settings, lastSent, version, ending.Token);
            }

            await SendLive(stream, buffer.Reader, lastSent, settings.LiveHeartbeat, ending.Token);
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
            // The client left or the server is stopping: nothing more to send.
        }
        finally
        {
            system.Stop(reader); // unsubscribes
            BoardMetrics.LiveReaders.Add(-1);
        }
    }

    /// <summary>The stream's headers and its reconnection delay: from here on the reader's EventSource is open.</summary>
    private static async Task Open(HttpContext context, EventWriter stream, CancellationToken ending)
    {
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = ContentType;
        context.Response.Headers.CacheControl = "no-cache";
        // A reverse proxy that buffers responses (nginx does by default) passes events on at once.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        await stream.WriteRawAsync($"retry: {ReconnectMilliseconds}\n\n", ending);
    }

    /// <summary>
    /// What the reader missed, up to the version live delivery starts after, one answer of the
    /// board at a time (at most <see cref="WireBudget.MessageBytes"/> of messages), each flushed
    /// before the next is asked for.
    /// </summary>
    private static async Task<long> SendBacklog(
        EventWriter stream, IRequiredActor<BoardRegion> boards, BoardHistory? history, string name, BoardOptions settings, long after, long version, CancellationToken ending)
    {
        while (after < version
               && (await boards.PagePartAsync(history, new GetMessages(name, after, null, BacklogPage), settings, ending)).Messages is { IsEmpty: false } page)
        {
            foreach (var message in page.TakeWhile(message => message.Id <= version))
            {
                if (!message.IsRemoved)
                {
                    stream.Append(message);
                }

                after = message.Id;
            }

            await stream.FlushAsync(ending);
        }

        return after;
    }

    private static async Task SendLive(EventWriter stream, ChannelReader<BoardMessage> live, long lastSent, TimeSpan heartbeat, CancellationToken ending)
    {
        // One timer per reader, re-armed after each batch rather than created anew: with ten
        // thousand readers a post would otherwise create and drop ten thousand timers.
        var idle = CancellationTokenSource.CreateLinkedTokenSource(ending);
        try
        {
            while (true)
            {
                idle.CancelAfter(heartbeat);
                try
                {
                    if (!await live.WaitToReadAsync(idle.Token))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (!ending.IsCancellationRequested)
                {
                    idle.Dispose();
                    idle = CancellationTokenSource.CreateLinkedTokenSource(ending);
                    await stream.WriteRawAsync(KeepAlive, ending);
                    continue;
                }
                catch (Exception cutOff) when (cutOff is ReaderTooSlowException or BoardRestartingException or ChannelClosedException)
                {
                    // EventSource reconnects after the retry delay, sending Last-Event-ID.
                    await stream.WriteRawAsync($": {cutOff.Message}\n\n", ending);
                    return;
                }

                while (live.TryRead(out var message))
                {
                    if (message.IsRemoved)
                    {
                        stream.AppendRemoval(message.Id);
                    }
                    else if (message.Id > lastSent)
                    {
                        stream.Append(message);
                        lastSent = message.Id;
                    }
                }

                await stream.FlushAsync(ending);
            }
        }
        finally
        {
            idle.Dispose();
        }
    }

    /// <summary><c>Last-Event-ID</c> when sent (browsers send it on reconnecting), else <c>?after=</c>, else null.</summary>
    private static bool TryReadResumePoint(HttpRequest request, out long? after)
    {
        var lastEventId = request.Headers["Last-Event-ID"].ToString();
        if (string.IsNullOrEmpty(lastEventId))
        {
            return QueryNumber.TryRead(request.Query, "after", out after);
        }

        var valid = QueryNumber.TryParse(lastEventId, out var id);
        after = valid ? id : null;
        return valid;
    }

    /// <summary>Writes SSE frames (shared by every reader, see <see cref="LiveFrames"/>) to the response, a batch per flush.</summary>
    private sealed class EventWriter(HttpResponse response, LiveFrames frames)
    {
        public void Append(BoardMessage message) => response.BodyWriter.Write(frames.For(message).Span);

        public void AppendRemoval(long id) => response.BodyWriter.Write(Encoding.ASCII.GetBytes($"event: removed\ndata: {{\"id\":{id}}}\n\n"));

        public async Task FlushAsync(CancellationToken ending) => await response.BodyWriter.FlushAsync(ending);

        public async Task WriteRawAsync(string text, CancellationToken ending)
        {
            response.BodyWriter.Write(Encoding.UTF8.GetBytes(text));
            await response.BodyWriter.FlushAsync(ending);
        }
    }
}
