using System.Diagnostics;
using System.Net;
using ActorBoard.Fixtures;

namespace ActorBoard.Bench.Http;

/// <summary>A server the benchmark starts as its own process on a free loopback port, measures, and stops.</summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(120);
    private readonly string[] _arguments;
    private Process? _process;

    private ServerUnderTest(string name, string[] arguments)
    {
        Name = name;
        _arguments = arguments;
        Endpoint = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
    }

    public string Name { get; }

    public IPEndPoint Endpoint { get; }

    public Uri Address => new($"http://{Endpoint}");

    /// <summary>Where to append what the server logs (its standard output), or null to drop it.</summary>
    public string? LogFile { get; set; }

    /// <summary>The exit code of the last run that ended, or null.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>The ActorBoard server, as `dotnet run --project ActorBoard.Server` would run it.</summary>
    public static ServerUnderTest ActorBoard(string name, params string[] settings) =>
        new(name, [Path.Combine(AppContext.BaseDirectory, "ActorBoard.Server.dll"), "--Logging:LogLevel:Default=Warning", "--Board:PostsPerMinutePerClient=0", .. settings]);

    /// <summary>The lock-guarded baseline board from this project.</summary>
    public static ServerUnderTest Baseline() =>
        new("baseline (lock + List)", [Path.Combine(AppContext.BaseDirectory, "ActorBoard.Bench.dll"), "baseline-server"]);

    /// <summary>Starts the process and returns how long it took until GET / answered 200.</summary>
    public async Task<TimeSpan> StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in _arguments.Append("--urls").Append($"http://{Endpoint}"))
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        _process = Process.Start(start)!;
        var log = LogFile is null ? null : TextWriter.Synchronized(File.AppendText(LogFile));
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                log?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line.Data}");
            }
            else
            {
                log?.Dispose();
            }
        };
        _process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { Console.Error.WriteLine($"[{Name}] {line.Data}"); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = new Uri($"http://{Endpoint}"), Timeout = TimeSpan.FromSeconds(30) };
        while (clock.Elapsed < StartupLimit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited during start-up with code {_process.ExitCode}");
            }

            try
            {
                if ((await client.GetAsync("/")).IsSuccessStatusCode)
                {
                    return clock.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{Name} did not answer within {StartupLimit}");
    }

    /// <summary>Resident memory of the server process, in MiB (Linux /proc).</summary>
    public double ResidentMegabytes()
    {
        var status = File.ReadAllLines($"/proc/{_process!.Id}/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }

    /// <summary>CPU time the server process has used so far, user and system.</summary>
    public TimeSpan ProcessorTime()
    {
        _process!.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>SIGTERM, as Ctrl-C or a service manager would stop it, then wait for the exit; returns how long the exit took.</summary>
    public async Task<TimeSpan> StopAsync()
    {
        var clock = Stopwatch.StartNew();
        if (_process is { HasExited: false })
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        ExitCode = _process?.ExitCode;
        _process?.Dispose();
        _process = null;
        return clock.Elapsed;
    }

    /// <summary>SIGKILL: the process gets no chance to do anything more.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

}
