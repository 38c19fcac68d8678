using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using ActorBoard.Fixtures;

namespace ActorBoard.Tests.Support;

/// <summary>
/// ActorBoard.Server as a separate operating-system process on a free loopback port, started
/// from its build output as an operator would start it, so a test can see what it prints, kill it
/// the hard way (SIGKILL: no shutdown hooks, no flushing) or stop it with SIGTERM.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<string> _standardOutput = [];

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The folder holding ActorBoard.Server.dll and everything it runs with.</summary>
    public static string ServerFolder => Path.GetDirectoryName(typeof(Program).Assembly.Location)!;

    public Uri Address { get; }

    /// <summary>Everything the server printed, standard output and error interleaved, for failure messages.</summary>
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

    /// <summary>The lines the server wrote to standard output (its console log).</summary>
    public IReadOnlyList<string> StandardOutputLines
    {
        get
        {
            lock (_output)
            {
                return [.. _standardOutput];
            }
        }
    }

    /// <summary>A board on <paramref name="database"/>, with the per-client post limit off; <paramref name="settings"/> are further command-line settings.</summary>
    public static Task<ServerProcess> StartAsync(TempDatabase database, params string[] settings) =>
        StartAsync(
            new ServerLaunch(ServerFolder)
            {
                Settings = ["--Board:Storage", "Sqlite", "--ConnectionStrings:Board", database.ConnectionString, "--Board:PostsPerMinutePerClient", "0", .. settings],
            });

    /// <summary>Starts the server as <paramref name="launch"/> says and waits until it is ready (its <c>/readyz</c> answers 200).</summary>
    public static async Task<ServerProcess> StartAsync(ServerLaunch launch)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var server = new ServerProcess(Launch(launch, address), address);
        server._process.OutputDataReceived += (_, line) => server.Record(line.Data, standardOutput: true);
        server._process.ErrorDataReceived += (_, line) => server.Record(line.Data, standardOutput: false);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>Starts the server on <paramref name="address"/> and waits for it to exit by itself (a refused start).</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunUntilExitAsync(ServerLaunch launch, Uri address)
    {
        using var process = Launch(launch, address);
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(StartupLimit);
        await process.WaitForExitAsync(patience.Token);
        return (process.ExitCode, await standardOutput, await standardError);
    }

    public HttpClient CreateClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Address };

    /// <summary>SIGKILL: the process gets no chance to do anything more.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGSTOP: the process is frozen where it is (as by a long pause), until <see cref="ThawAsync"/>.</summary>
    public Task FreezeAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT: a frozen process carries on.</summary>
    public Task ThawAsync() => SignalAsync("-CONT");

    /// <summary>
    /// SIGTERM (or <paramref name="signal"/>, such as <c>-INT</c> for Ctrl-C), as a service manager
    /// stops it; returns the exit code, failing if the process has not exited <paramref name="within"/>.
    /// </summary>
    public async Task<int> StopGracefullyAsync(string signal = "-TERM", TimeSpan? within = null)
    {
        await SignalAsync(signal);
        return await ExitCodeAsync(within);
    }

    /// <summary>Waits for the process to end by itself; its exit code.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan? within = null)
    {
        using var patience = new CancellationTokenSource(within ?? StartupLimit);
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The server did not exit within {within ?? StartupLimit}:\n{Output}");
        }

        return _process.ExitCode;
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }

        _process.Dispose();
    }


    private static Process Launch(ServerLaunch launch, Uri address)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = launch.WorkingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(ServerFolder, "ActorBoard.Server.dll"), "--urls", address.ToString() }.Concat(launch.Settings))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in launch.Environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    private async Task WaitUntilReadyAsync()
    {
        try
        {
            await Readiness.WaitAsync(Address, StartupLimit, exited: () => _process.HasExited);
        }
        catch (InvalidOperationException)
        {
            _process.WaitForExit(); // until everything it printed has been read
            throw new InvalidOperationException($"The server exited during start-up:\n{Output}");
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The server was not ready within {StartupLimit}:\n{Output}");
        }
    }

    private void Record(string? line, bool standardOutput)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (standardOutput)
            {
                _standardOutput.Add(line);
            }
        }
    }
}

/// <summary>How to start the server: from which folder, with which command-line settings and environment variables.</summary>
public sealed record ServerLaunch(string WorkingFolder)
{
    public IReadOnlyList<string> Settings { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
