using System.Net;
using System.Net.Sockets;
using ActorBoard.Fixtures;
using ActorBoard.Tests.Support;

namespace ActorBoard.Tests.Http;

/// <summary>
/// The server started as a deployment starts it: its build output run from a folder that has
/// nothing to do with it (a service manager's or a script's working folder), with no settings
/// but the address. It behaves exactly as `dotnet run` does.
/// </summary>
public sealed class StartsAnywhereSpecs : IDisposable
{
    private readonly string _unrelatedFolder = Directory.CreateTempSubdirectory("actorboard-cwd-").FullName;

    /// <summary>Where the README says the board is kept: data/actorboard.db beside the server's binary.</summary>
    private static string DefaultDatabase => Path.Combine(ServerLaunch.BuildFolder, "data", "actorboard.db");

    [Fact]
    public async Task Started_from_an_unrelated_folder_it_serves_its_page_styles_and_script_and_keeps_the_board_beside_its_binary()
    {
        var text = $"kept beside the binary {Guid.NewGuid()}";
        using (var server = await ServerProcess.StartAsync(ServerLaunch.Board() with { WorkingFolder = _unrelatedFolder }))
        {
            using var client = server.CreateClient();

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/board.css")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/board.js")).StatusCode);
            Assert.Equal(HttpStatusCode.SeeOther, (await client.PostMessageAsync(text)).StatusCode);

            Assert.Contains($"The board is kept in the SQLite file {DefaultDatabase}", server.Output);
            Assert.DoesNotContain("Request starting", server.Output); // per-request logging stays quiet
        }

        Assert.Empty(Directory.GetFileSystemEntries(_unrelatedFolder));
        using var reopened = await ServerProcess.StartAsync(
            ServerLaunch.Board("--ConnectionStrings:Board", $"Data Source={DefaultDatabase}") with { WorkingFolder = _unrelatedFolder });
        using var reader = reopened.CreateClient();
        Assert.Contains(text, (await reader.ListAllAsync()).Select(message => message.Text));
    }

    [Fact]
    public async Task A_port_already_taken_gets_one_clear_line_and_a_failing_exit_code()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = new Uri($"http://127.0.0.1:{((IPEndPoint)squatter.LocalEndpoint).Port}");

        var (exitCode, _, errors) = await ServerProcess.RunUntilExitAsync(
            ServerLaunch.Board("--Board:Storage", "Memory") with { WorkingFolder = _unrelatedFolder }, taken);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"ActorBoard cannot start: Failed to bind to address {taken.ToString().TrimEnd('/')}: address already in use", line);
        Assert.Contains("--urls", line);
    }

    public void Dispose()
    {
        Directory.Delete(_unrelatedFolder, recursive: true);
        if (Directory.Exists(Path.GetDirectoryName(DefaultDatabase)))
        {
            Directory.Delete(Path.GetDirectoryName(DefaultDatabase)!, recursive: true);
        }
    }
}
