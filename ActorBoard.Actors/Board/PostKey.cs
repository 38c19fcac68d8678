using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ActorBoard.Actors.Board;

/// <summary>
/// What makes a post the same post when it is sent again: a client's <c>Idempotency-Key</c>, a
/// form's one-time token, or a key the server gives a post so it can ask the store again safely.
/// Kept as 128 bits of a SHA-256 hash, so every key costs the same 16 bytes in memory and in the
/// journal however long the client's was. <see cref="None"/> (zero) marks a post without one.
/// </summary>
public readonly record struct PostKey(UInt128 Value)
{
    public static readonly PostKey None = default;

    public bool IsNone => Value == UInt128.Zero;

    /// <summary>The key for <paramref name="text"/> (a client's key with its scope, e.g. <c>api\n{Idempotency-Key}</c>).</summary>
    public static PostKey From(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return FromBytes(hash);
    }

    /// <summary>A fresh random key, for a post whose client gave none.</summary>
    public static PostKey NewRandom()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return FromBytes(bytes);
    }

    /// <summary>The key from its 16 stored bytes (little-endian).</summary>
    public static PostKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        var value = BinaryPrimitives.ReadUInt128LittleEndian(bytes);
        return new PostKey(value == UInt128.Zero ? UInt128.One : value);
    }

    /// <summary>Writes the key's 16 bytes (little-endian).</summary>
    public void Write(BinaryWriter writer)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, Value);
        writer.Write(bytes);
    }

    public static PostKey Read(BinaryReader reader)
    {
        var value = BinaryPrimitives.ReadUInt128LittleEndian(reader.ReadBytes(16));
        return new PostKey(value);
    }
}
