using System.Globalization;

namespace ActorBoard.Server.Input;

/// <summary>Whole numbers in query strings and headers (ids, limits): digits only, one value.</summary>
public static class QueryNumber
{
    /// <summary>False when <paramref name="raw"/> is not a plain non-negative whole number.</summary>
    public static bool TryParse(string? raw, out long value) =>
        long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// Reads <c>?name=</c>: true with null when absent, true with the number when given once,
    /// false when it is repeated or not a whole number.
    /// </summary>
    public static bool TryRead(IQueryCollection query, string name, out long? value)
    {
        value = null;
        var raw = query[name];
        if (raw.Count == 0)
        {
            return true;
        }

        if (raw.Count > 1 || !TryParse(raw[0], out var number))
        {
            return false;
        }

        value = number;
        return true;
    }
}
