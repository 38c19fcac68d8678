using System.Collections.Concurrent;
using System.Net;
using ActorBoard.Fixtures;

namespace ActorBoard.Tests.Support;

/// <summary>
/// Writers posting numbered messages ("writer 3 post 17") as fast as the server answers, until it
/// stops answering. Once enough posts are acknowledged, <c>stop</c> runs (once) while the other
/// writers' posts are still in flight. Records every text attempted and every text acknowledged.
/// </summary>
public sealed class PostingBurst
{
    public ConcurrentBag<string> Attempted { get; } = [];

    public ConcurrentBag<string> Acknowledged { get; } = [];

    public static async Task<PostingBurst> RunAsync(ServerProcess server, int writers, int acknowledgedBeforeStop, Func<Task> stop)
    {
        var burst = new PostingBurst();
        var stopping = 0;
        Task? stopped = null;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            using var client = server.CreateClient();
            for (var i = 0; ; i++)
            {
                var text = $"writer {writer} post {i}";
                burst.Attempted.Add(text);
                try
                {
                    if ((await client.PostMessageAsync(text)).StatusCode == HttpStatusCode.SeeOther)
                    {
                        burst.Acknowledged.Add(text);
                    }
                }
                catch (HttpRequestException)
                {
                    return; // the server has stopped answering
                }

                if (burst.Acknowledged.Count >= acknowledgedBeforeStop && Interlocked.Exchange(ref stopping, 1) == 0)
                {
                    stopped = stop();
                }
            }
        })));
        await stopped!;
        return burst;
    }
}
