using System.Runtime.CompilerServices;
using ActorBoard.Actors.Storage;
using Akka.Actor;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace ActorBoard.Server.Operations;

/// <summary>
/// The reasons the server cannot start that an operator can fix (an address already taken, a bad
/// setting, a database that is not the board's), each said in one sentence: <c>Program</c> prints
/// it on standard error and exits with <see cref="CannotStart"/> instead of a stack trace and an abort.
/// </summary>
public static class BoardStartup
{
    public const int CannotStart = 1;

    /// <summary>
    /// The exit code of a node the cluster downed (it was unreachable too long, for instance paused,
    /// and its boards moved elsewhere): not 0, so a service manager that restarts failed services
    /// starts it again, and it joins as a new node.
    /// </summary>
    public const int Downed = 3;

    /// <summary>
    /// The exit code <paramref name="app"/> ends with, known once it has stopped: <see cref="Downed"/>
    /// if the cluster downed it, else 0. Read when the application has stopped, while its actor
    /// system can still be asked why.
    /// </summary>
    public static StrongBox<int> ExitCodeOf(WebApplication app)
    {
        var exitCode = new StrongBox<int>(0);
        app.Lifetime.ApplicationStopped.Register(() =>
            exitCode.Value = CoordinatedShutdown.Get(app.Services.GetRequiredService<ActorSystem>()).ShutdownReason is CoordinatedShutdown.ClusterDowningReason ? Downed : 0);
        return exitCode;
    }

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
