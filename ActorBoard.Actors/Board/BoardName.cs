using System.Text.RegularExpressions;

namespace ActorBoard.Actors.Board;

/// <summary>
/// How boards are named: 1–64 characters of <c>a-z</c>, <c>0-9</c> and <c>-</c>, starting with a
/// letter or digit. The name is the board's URL (<c>/b/{name}</c>), its entity id in the cluster
/// and, prefixed, its persistence id. <see cref="Default"/> is the board at <c>/</c>.
/// </summary>
public static partial class BoardName
{
    public const string Default = "default";

    /// <summary>The default board keeps the persistence id it always had, so existing journals load as they are.</summary>
    private const string DefaultPersistenceId = "board";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public static string PersistenceId(string name) => name == Default ? DefaultPersistenceId : $"board-{name}";

    /// <summary>The board whose persistence id this is, or null for any other persistent actor.</summary>
    public static string? FromPersistenceId(string persistenceId) =>
        persistenceId == DefaultPersistenceId ? Default
        : persistenceId.StartsWith("board-", StringComparison.Ordinal) && IsValid(persistenceId["board-".Length..]) ? persistenceId["board-".Length..]
        : null;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
