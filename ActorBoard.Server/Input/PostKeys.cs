using System.Buffers.Text;
using System.Security.Cryptography;
using ActorBoard.Actors.Board;
using Microsoft.Extensions.Primitives;

namespace ActorBoard.Server.Input;

/// <summary>
/// Where a post's <see cref="PostKey"/> comes from, so that sending it again never stores it twice:
/// the API's <c>Idempotency-Key</c> header (the IETF httpapi draft's field), or the one-time token
/// every rendered page puts in its form. A post with neither still gets a key of its own, so the
/// server can ask the board again when an answer is lost without storing the message twice.
/// </summary>
public static class PostKeys
{
    public const string HeaderName = "Idempotency-Key";

    /// <summary>Longest key accepted, in characters.</summary>
    public const int MaxKeyLength = 255;

    private const int TokenBytes = 16;
    /// <summary>Characters in every form token.</summary>
    public static readonly int TokenLength = Base64Url.GetEncodedLength(TokenBytes);

    /// <summary>A new one-time form token: 128 random bits, base64url (22 characters).</summary>
    public static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[TokenBytes];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool IsValidToken(string token) =>
        token.Length == TokenLength && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>
    /// The key of a form post: its token and its text together, so a form sent twice is one post,
    /// while another message written on the same page (say, in a second tab) is a post of its own.
    /// </summary>
    public static PostKey ForForm(string? token, string text) =>
        token is null ? PostKey.NewRandom() : PostKey.From($"form\n{token}\n{text}");

    /// <summary>
    /// The key the API request names in its <c>Idempotency-Key</c> header (a structured-field string,
    /// <c>"…"</c>; a bare value is accepted too), a fresh one when it names none, or the reason the
    /// header cannot be used.
    /// </summary>
    public static (PostKey Key, string? Problem) ForApi(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(HeaderName, out var values))
        {
            return (PostKey.NewRandom(), null);
        }

        if (values.Count != 1 || Unquote(values) is not { } key)
        {
            return (PostKey.None, $"'{HeaderName}' must be one string of 1 to {MaxKeyLength} printable ASCII characters, for example \"{Guid.NewGuid()}\".");
        }

        return (PostKey.From($"api\n{key}"), null);
    }

    private static string? Unquote(StringValues values)
    {
        var value = values.ToString().Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
            if (value.Contains('"') || value.Contains('\\'))
            {
                return null;
            }
        }

        return value.Length is > 0 and <= MaxKeyLength && value.All(c => c is >= ' ' and <= '~') ? value : null;
    }
}
