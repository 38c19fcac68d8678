namespace ActorBoard.Server.Operations;

/// <summary>
/// A value that came from a request, made safe for a log line: control characters (a decoded
/// <c>%0A</c> could otherwise start a forged line) become <c>?</c>, and it is cut at
/// <see cref="MaxLength"/> characters, so what a client sends can neither fake nor flood the log.
/// </summary>
public static class LogField
{
    public const int MaxLength = 200;

    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var cut = value.Length > MaxLength ? value[..MaxLength] + "…" : value;
        return string.Create(cut.Length, cut, (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = char.IsControl(text[i]) ? '?' : text[i];
            }
        });
    }

    /// <summary>The request's path, cleaned.</summary>
    public static string PathOf(HttpContext context) => Clean(context.Request.Path.Value);
}
