using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ActorBoard.Server.Input;

/// <summary>
/// Reads the <c>message</c> field of a posted form. ASP.NET Core's own form reader replaces bytes
/// that are not UTF-8 with U+FFFD (or leaves a bad <c>%FF</c> as it is), which would store text
/// the client never sent; this reader decodes strictly and refuses such input instead. The first
/// <c>message</c> field wins, as in a browser's form submission order. The page's form also sends
/// a one-time <c>token</c> (see <see cref="PostKeys"/>); a form without one (curl, a script) is a
/// post like any other.
/// </summary>
public static class FormMessageReader
{
    public const string FieldName = "message";
    public const string TokenFieldName = "token";
    private const string UrlEncoded = "application/x-www-form-urlencoded";
    private const string Multipart = "multipart/form-data";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<(string? Message, string? Token, InputProblem? Problem)> ReadAsync(HttpRequest request, long maxBytes)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !(contentType.MediaType.Equals(UrlEncoded, StringComparison.OrdinalIgnoreCase)
                 || contentType.MediaType.Equals(Multipart, StringComparison.OrdinalIgnoreCase)))
        {
            return (null, null, InputProblem.UnsupportedMediaType($"{UrlEncoded} or {Multipart}, as an HTML form does"));
        }

        var (body, problem) = await RequestBody.ReadAsync(request, maxBytes);
        if (body is null)
        {
            return (null, null, problem);
        }

        byte[]? field;
        byte[]? token;
        if (contentType.MediaType.Equals(UrlEncoded, StringComparison.OrdinalIgnoreCase))
        {
            field = FirstUrlEncodedField(body, FieldName);
            token = FirstUrlEncodedField(body, TokenFieldName);
        }
        else
        {
            var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
            if (string.IsNullOrEmpty(boundary))
            {
                return (null, null, InputProblem.BadRequest("The multipart form has no boundary in its Content-Type."));
            }

            try
            {
                (field, token) = await FirstMultipartFields(body, boundary);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                return (null, null, InputProblem.BadRequest($"The multipart form is malformed: {e.Message}"));
            }
        }

        if (field is null)
        {
            return (null, null, InputProblem.BadRequest($"The form has no '{FieldName}' field."));
        }

        var tokenText = token is null ? null : Encoding.Latin1.GetString(token);
        if (tokenText is not null && !PostKeys.IsValidToken(tokenText))
        {
            return (null, null, InputProblem.BadRequest($"The form's '{TokenFieldName}' is not one this board hands out: reload the page and send the message again."));
        }

        try
        {
            return (StrictUtf8.GetString(field), tokenText, null);
        }
        catch (DecoderFallbackException)
        {
            return (null, null, InputProblem.BadRequest("The message is not valid UTF-8 text."));
        }
    }

    /// <summary>The percent-decoded bytes of the first <c>{name}=</c> pair, or null.</summary>
    private static byte[]? FirstUrlEncodedField(ReadOnlySpan<byte> body, string fieldName)
    {
        while (!body.IsEmpty)
        {
            var end = body.IndexOf((byte)'&');
            var pair = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];

            var equals = pair.IndexOf((byte)'=');
            var name = equals < 0 ? pair : pair[..equals];
            if (PercentDecode(name).AsSpan().SequenceEqual(Encoding.ASCII.GetBytes(fieldName)))
            {
                return PercentDecode(equals < 0 ? [] : pair[(equals + 1)..]);
            }
        }

        return null;
    }

    /// <summary>application/x-www-form-urlencoded decoding: '+' is a space, %XX a byte; a stray '%' stays literal.</summary>
    private static byte[] PercentDecode(ReadOnlySpan<byte> encoded)
    {
        var decoded = new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '+')
            {
                decoded[length++] = (byte)' ';
            }
            else if (b == '%' && i + 2 < encoded.Length && IsHex(encoded[i + 1]) && IsHex(encoded[i + 2]))
            {
                decoded[length++] = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                i += 2;
            }
            else
            {
                decoded[length++] = b;
            }
        }

        return decoded[..length];
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    /// <summary>The first <c>message</c> and the first <c>token</c> section's bytes, each null when absent.</summary>
    private static async Task<(byte[]? Message, byte[]? Token)> FirstMultipartFields(byte[] body, string boundary)
    {
        byte[]? message = null;
        byte[]? token = null;
        var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false));
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFormDisposition())
            {
                var name = HeaderUtilities.RemoveQuotes(disposition.Name);
                if ((name.Equals(FieldName, StringComparison.Ordinal) && message is null) || (name.Equals(TokenFieldName, StringComparison.Ordinal) && token is null))
                {
                    using var value = new MemoryStream();
                    await section.Body.CopyToAsync(value);
                    if (name.Equals(FieldName, StringComparison.Ordinal))
                    {
                        message = value.ToArray();
                    }
                    else
                    {
                        token = value.ToArray();
                    }
                }
            }
        }

        return (message, token);
    }
}
