using Microsoft.Playwright;

namespace ActorBoard.Tests.Support;

/// <summary>
/// Debian's Chromium, driven by Playwright, shared by the browser specs. Playwright cannot
/// download a browser here, so it launches the system one by path. Without Chromium the specs
/// skip with a message, except under CI, where they must run and fail loudly instead.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // No lookups of outside hosts: this machine has no network beyond loopback.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ];

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    /// <summary>Why the specs cannot run here, or null when they can.</summary>
    public static string? Unavailable =>
        File.Exists(ExecutablePath) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? null
            : $"Chromium is not installed at {ExecutablePath} (apt-get install -y chromium); browser specs skipped.";

    public async Task InitializeAsync()
    {
        if (Unavailable is not null)
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Chromium";
}
