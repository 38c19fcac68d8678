using System.Buffers;
using System.Text;
using System.Text.Json;
using ActorBoard.Actors.Board;
using ActorBoard.Server.Api;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server.Live;

/// <summary>
/// Each message's Server-Sent Events frame (<c>id</c>, then the message as JSON in <c>data</c>),
/// encoded once and shared by every live reader on this node: a post to a board with ten thousand
/// readers is serialized once, not ten thousand times. A frame depends on nothing but the message,
/// so the message itself is the key. Bounded in bytes: at most <see cref="MaxBytes"/> of frames are
/// kept (a short message's frame is about a hundred bytes, a maximum-length one of emoji about
/// 120 KB), each for as long as readers keep asking for it.
/// </summary>
public sealed class LiveFrames(IOptions<JsonOptions> json) : IDisposable
{
    /// <summary>Bytes of frames kept; enough for every board's newest messages while readers catch up.</summary>
    public const long MaxBytes = 32L * 1024 * 1024;

    private static readonly TimeSpan KeptWhileUnused = TimeSpan.FromSeconds(30);
    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;
    private readonly MemoryCache _frames = new(new MemoryCacheOptions { SizeLimit = MaxBytes });

    public ReadOnlyMemory<byte> For(BoardMessage message)
    {
        if (!_frames.TryGetValue(message, out byte[]? frame))
        {
            frame = Encode(message);
            _frames.Set(message, frame, new MemoryCacheEntryOptions { Size = frame.Length, SlidingExpiration = KeptWhileUnused });
        }

        return frame;
    }

    public void Dispose() => _frames.Dispose();

    private byte[] Encode(BoardMessage message)
    {
        var frame = new ArrayBufferWriter<byte>(256);
        frame.Write(Encoding.ASCII.GetBytes($"id: {message.Id}\ndata: "));
        using (var writer = new Utf8JsonWriter(frame))
        {
            JsonSerializer.Serialize(writer, MessageResource.From(message), _json);
        }

        frame.Write("\n\n"u8);
        return frame.WrittenSpan.ToArray();
    }
}
