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

            length++;
            remaining = remaining[consumed..];
        }

        return length > maxLength
            ? $"A message can be at most {maxLength} characters long; this one has {length}."
            : null;
    }

    private static bool IsForbiddenControl(Rune rune) =>
        Rune.IsControl(rune) && rune.Value is not ('\t' or '\n' or '\r');
}
