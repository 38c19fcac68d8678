using ActorBoard.Actors;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server;

/// <summary>
/// The reasons the server cannot start that an operator can fix (an address already taken, a bad
/// setting, a database that is not the board's), each said in one sentence: <c>Program</c> prints
/// it on standard error and exits with <see cref="CannotStart"/> instead of a stack trace and an abort.
/// </summary>
public static class BoardStartup
{
    public const int CannotStart = 1;

    /// <summary>One sentence for a start-up failure the operator can fix, or null for anything else.</summary>
    public static string? Explain(Exception failure) => failure switch
    {
        IOException { InnerException: AddressInUseException } bind =>
            $"{bind.Message.TrimEnd('.')}. Another program listens there; stop it, or choose another address with --urls (for example --urls http://localhost:8001).",
        OptionsValidationException invalid => $"{string.Join(" ", invalid.Failures)} (check the settings, see the README's configuration table).",
        BoardStartupException refused => refused.Message,
        AggregateException { InnerExceptions: [var only] } => Explain(only),
        _ => null,
    };
}
