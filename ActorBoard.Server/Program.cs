using ActorBoard.Server;
using ActorBoard.Server.Operations;

try
{
    // The content root is the folder the server's own files are in, not the working folder: its
    // settings, its static files and a relative database path are found wherever it is started from.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddBoard();

    var app = builder.Build();
    app.UseBoard();
    app.MapBoard();
    var exitCode = BoardStartup.ExitCodeOf(app);
    await app.RunAsync();
    return exitCode.Value;
}
catch (Exception failure) when (BoardStartup.Explain(failure) is { } reason)
{
    await Console.Error.WriteLineAsync($"ActorBoard cannot start: {reason}");
    return BoardStartup.CannotStart;
}

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
