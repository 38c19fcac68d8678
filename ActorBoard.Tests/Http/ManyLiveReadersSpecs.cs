using System.Runtime.InteropServices;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>One node, a thousand open event streams: each reader receives every message, in order.</summary>
public sealed class ManyLiveReadersSpecs : IDisposable
{
    private const int Readers = 1000;
    private const int Messages = 5;
    private readonly BoardServer _server;

    public ManyLiveReadersSpecs()
    {
        // Client and server sockets share this process: two file descriptors per reader.
        OpenFiles.RaiseSoftLimitTo((Readers * 2) + 1024);
        _server = BoardServer.InMemory(("Board:MaxLiveStreamsPerClient", "0")); // every reader comes from this one process
    }

    [Fact]
    public async Task A_thousand_concurrent_readers_each_receive_every_message_in_order()
    {
        using var http = _server.CreateBoardClient();
        var readers = await Task.WhenAll(Enumerable.Range(0, Readers).Select(_ => EventStreamClient.ConnectAsync(http)));
        try
        {
            for (var i = 1; i <= Messages; i++)
            {
                await http.PostMessageAsync($"broadcast {i}");
            }

            var received = await Task.WhenAll(readers.Select(reader => reader.NextAsync(Messages)));

            Assert.All(received, events => Assert.Equal(Enumerable.Range(1, Messages).Select(i => (long)i), events.Select(e => e.Id)));
        }
        finally
        {
            await Task.WhenAll(readers.Select(reader => reader.DisposeAsync().AsTask()));
        }
    }

    public void Dispose() => _server.Dispose();

    private static class OpenFiles
    {
        private const int RlimitNofile = 7;

        public static void RaiseSoftLimitTo(ulong wanted)
        {
            if (!OperatingSystem.IsLinux() || getrlimit(RlimitNofile, out var limit) != 0 || limit.Current >= wanted)
            {
                return;
            }

            limit.Current = Math.Min(wanted, limit.Maximum);
            _ = setrlimit(RlimitNofile, ref limit);
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int getrlimit(int resource, out Rlimit limit);

        [DllImport("libc", SetLastError = true)]
        private static extern int setrlimit(int resource, ref Rlimit limit);

        [StructLayout(LayoutKind.Sequential)]
        private struct Rlimit
        {
            public ulong Current;
            public ulong Maximum;
        }
    }
}
