using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace ActorBoard.Fixtures;

/// <summary>
/// A server as a separate operating-system process on a free loopback port, started as an operator
/// would start it, the one harness of the specs and the benchmarks: it can be started again on
/// the same port, stopped with SIGTERM (or SIGINT), killed the hard way (SIGKILL: no shutdown
/// hooks, no flushing), frozen and thawed; what it prints is kept, and its memory and CPU time sampled.
/// Ready means the server's own <c>/readyz</c> answers 200 (<see cref="Readiness"/>).
/// </summary>
public sealed class ServerProcess(ServerLaunch launch) : IAsyncDisposable, IDisposable
{
    /// <summary>Longest a SIGTERM'd server is given to exit before <see cref="StopAsync"/> kills it.</summary>
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _output = new();
    private readonly List<string> _standardOutput = [];
    private Process? _process;

    public string Name => launch.Name;

    public IPEndPoint Endpoint { get; } = new(IPAddress.Loopback, FreePort.Next());

    public Uri Address => new($"http://{Endpoint}");

    /// <summary>The operator's listener (<c>/metrics</c>, <c>/api/cluster…</c>, the detailed readiness report), when the launch has one.</summary>
    public Uri ManagementAddress { get; } = new($"http://127.0.0.1:{FreePort.Next()}");

    /// <summary>The exit code of the last run that ended, or null.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>Everything the server printed in all its runs, standard output and error interleaved, for failure messages.</summary>
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

    /// <summary>A server started as <paramref name="launch"/> says, once it is ready.</summary>
    public static async Task<ServerProcess> StartAsync(ServerLaunch launch)
    {
        var server = new ServerProcess(launch);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server on <paramref name="address"/> and waits for it to exit by itself (a refused start).</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunUntilExitAsync(ServerLaunch launch, Uri address)
    {
        using var process = Launch(launch, address, new Uri($"http://127.0.0.1:{FreePort.Next()}"));
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(launch.StartupLimit);
        await process.WaitForExitAsync(patience.Token);
        return (process.ExitCode, await standardOutput, await standardError);
    }

    /// <summary>Starts the process (again, on the same port) and waits until it is ready; how long that took.</summary>
    public async Task<TimeSpan> StartAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }

        var clock = Stopwatch.StartNew();
        var process = _process = Launch(launch, Address, ManagementAddress);
        var log = launch.LogFile is null ? null : TextWriter.Synchronized(File.AppendText(launch.LogFile));
        process.OutputDataReceived += (_, line) =>
        {
            Record(line.Data, standardOutput: true);
            if (line.Data is null)
            {
                log?.Dispose();
            }
            else
            {
                log?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line.Data}");
            }
        };
        process.ErrorDataReceived += (_, line) => Record(line.Data, standardOutput: false);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Readiness.WaitAsync(Address, launch.StartupLimit, exited: () => process.HasExited);
        }
        catch (InvalidOperationException)
        {
            process.WaitForExit(); // until everything it printed has been read
            throw new InvalidOperationException($"{Name} exited during start-up:\n{Output}");
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} was not ready within {launch.StartupLimit}:\n{Output}");
        }

        return clock.Elapsed;
    }

    public HttpClient CreateClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Address };

    /// <summary>A client of the operator's listener.</summary>
    public HttpClient CreateManagementClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = ManagementAddress };

    /// <summary>SIGKILL: the process gets no chance to do anything more.</summary>
    public void KillHard()
    {
        if (_process is { } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Ended();
        }
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

    /// <summary>SIGTERM, then the wait for the exit (a kill after 30 s); how long the exit took. Nothing when not running.</summary>
    public async Task<TimeSpan> StopAsync()
    {
        var clock = Stopwatch.StartNew();
        if (_process is not { HasExited: false } process)
        {
            Ended();
            return TimeSpan.Zero;
        }

        await SignalAsync("-TERM");
        using var patience = new CancellationTokenSource(StopLimit);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Ended();
        return clock.Elapsed;
    }

    /// <summary>Waits for the process to end by itself; its exit code.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan? within = null)
    {
        if (_process is not { } process)
        {
            return ExitCode ?? throw new InvalidOperationException($"{Name} was never started.");
        }

        using var patience = new CancellationTokenSource(within ?? launch.StartupLimit);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {within ?? launch.StartupLimit}:\n{Output}");
        }

        Ended();
        return ExitCode!.Value;
    }

    /// <summary>Resident memory of the server process, in MiB (Linux /proc).</summary>
    public double ResidentMegabytes()
    {
        var status = File.ReadAllLines($"/proc/{Running.Id}/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>CPU time the server process has used so far, user and system.</summary>
    public TimeSpan ProcessorTime()
    {
        Running.Refresh();
        return Running.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Kills whatever still runs: a spec's server has nothing left to finish.</summary>
    public void Dispose() => KillHard();

    private Process Running => _process ?? throw new InvalidOperationException($"{Name} is not running.");

    private static Process Launch(ServerLaunch launch, Uri address, Uri management)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = launch.WorkingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var operatorListener = launch.OperatorListener ? ["--Board:ManagementUrls", management.GetLeftPart(UriPartial.Authority)] : Array.Empty<string>();
        foreach (var argument in new[] { launch.Program }.Concat(operatorListener).Concat(launch.Settings).Concat(["--urls", address.ToString()]))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in launch.Environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, Running.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>The run is over: its exit code kept, the process let go, ready to be started again.</summary>
    private void Ended()
    {
        if (_process is { HasExited: true } process)
        {
            process.WaitForExit(); // until everything it printed has been read
            ExitCode = process.ExitCode;
            process.Dispose();
            _process = null;
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
