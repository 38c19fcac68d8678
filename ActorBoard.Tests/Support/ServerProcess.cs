using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorBoard.Tests.Support;

/// <summary>
/// ActorBoard.Server as a separate operating-system process on a free loopback port, so a test
/// can kill it the hard way (SIGKILL: no shutdown hooks, no flushing) and start it again.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Everything the server printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ServerProcess> StartAsync(TempDatabase database)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var serverDll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     serverDll, "--urls", address.ToString(),
                     "--Board:Storage", "Sqlite", "--ConnectionStrings:Board", database.ConnectionString,
                     "--Board:PostsPerMinutePerClient", "0",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var server = new ServerProcess(Process.Start(start)!, address);
        server._process.OutputDataReceived += (_, line) => server.Record(line.Data);
        server._process.ErrorDataReceived += (_, line) => server.Record(line.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await server.WaitUntilAnsweringAsync();
        return server;
    }

    public HttpClient CreateClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Address };

    /// <summary>SIGKILL: the process gets no chance to do anything more.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as Ctrl-C or a service manager stops it; returns the exit code.</summary>
    public async Task<int> StopGracefullyAsync()
    {
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(StartupLimit);
        await _process.WaitForExitAsync(patience.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }

        _process.Dispose();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var client = CreateClient();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartupLimit)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // until everything it printed has been read
                throw new InvalidOperationException($"The server exited during start-up:\n{Output}");
            }

            try
            {
                if ((await client.GetAsync("/api/messages?limit=1")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The server did not answer within {StartupLimit}:\n{Output}");
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
