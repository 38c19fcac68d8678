using System.Diagnostics;
using System.Net.Sockets;
using ActorBoard.Fixtures;

namespace ActorBoard.Tests.Support;

/// <summary>
/// Debian's nginx as a process of the spec, in front of one server: its own configuration, pid,
/// log and temporary folders in a folder of its own, listening on a free loopback port, proxying
/// with the stock reverse-proxy block the README shows (<see cref="ProxyBlock"/>).
/// </summary>
public sealed class Nginx : IDisposable
{
    private const string ExecutablePath = "/usr/sbin/nginx";
    private readonly Process _process;
    private readonly string _folder;

    private Nginx(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Address { get; }

    /// <summary>Why nginx cannot run here, or null when it can; under CI it must (.ci/run installs it).</summary>
    public static string? Unavailable =>
        File.Exists(ExecutablePath) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? null
            : "Debian's nginx is not installed (apt-get install nginx); reverse-proxy specs skipped.";

    /// <summary>The reverse-proxy block for a board listening on <paramref name="upstream"/>, as the README gives it.</summary>
    public static string ProxyBlock(Uri upstream) => $$"""
        location / {
            proxy_pass {{upstream.GetLeftPart(UriPartial.Authority)}};
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }
        """;

    /// <summary>Starts nginx in front of <paramref name="upstream"/> and waits until it accepts connections.</summary>
    public static async Task<Nginx> StartAsync(Uri upstream)
    {
        var folder = Directory.CreateTempSubdirectory("actorboard-nginx-").FullName;
        var port = FreePort.Next();
        var configuration = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(configuration, $$"""
            {{(Environment.UserName == "root" ? "user root;" : string.Empty)}}
            daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log stderr warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                server {
                    listen 127.0.0.1:{{port}};
                    {{ProxyBlock(upstream)}}
                }
            }
            """);
        var process = Process.Start(new ProcessStartInfo(ExecutablePath, ["-e", "stderr", "-p", folder, "-c", configuration])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var nginx = new Nginx(process, folder, port);
        await nginx.WaitUntilListening();
        return nginx;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task WaitUntilListening()
    {
        await Eventually.Until(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"nginx exited at start: {await _process.StandardError.ReadToEndAsync()}");
                }

                using var probe = new TcpClient();
                try
                {
                    await probe.ConnectAsync("127.0.0.1", Address.Port);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(10));
    }
}
