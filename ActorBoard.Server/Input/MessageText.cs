using System.Text;

namespace ActorBoard.Server.Input;

/// <summary>What a message's text must be, for the form and the JSON API alike.</summary>
public static class MessageText
{
    /// <summary>The reason <paramref name="text"/> cannot be posted, or null when it can.</summary>
    public static string? Problem(string text, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Write a message before posting: it is empty.";
        }

        var length = 0;
        var visible = false;
        var remaining = text.AsSpan();
        while (!remaining.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(remaining, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return "The message is not valid Unicode text.";
            }

            if (IsForbiddenControl(rune))
            {
                return "The message contains a control character; only tabs and line breaks are allowed.";
            }

            visible |= !IsInvisible(rune);
            length++;
            remaining = remaining[consumed..];
        }

        if (!visible)
        {
            return "Write a message before posting: it shows nothing (only spaces or invisible characters).";
        }

        return length > maxLength
            ? $"A message can be at most {maxLength} characters long; this one has {length}."
            : null;
    }

    /// <summary>
    /// Characters that show nothing on a page: white space, format characters (zero-width space,
    /// word joiner, byte order mark, joiners, soft hyphen…) and the blank fillers some scripts have.
    /// </summary>
    private static bool IsInvisible(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.Format
        || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;

    private static bool IsForbiddenControl(Rune rune) =>
        Rune.IsControl(rune) && rune.Value is not ('\t' or '\n' or '\r');
}
