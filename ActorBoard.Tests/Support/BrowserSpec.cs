using Microsoft.Playwright;

namespace ActorBoard.Tests.Support;

/// <summary>
/// What every browser spec starts from: a fresh browser context in the shared Chromium, and a
/// board of its own on real Kestrel. Skips when no Chromium can run it.
/// </summary>
public abstract class BrowserSpec(ChromiumFixture chromium) : IAsyncLifetime
{
    private BoardServer? _server;
    private IBrowserContext? _context;

    protected BoardServer Server => _server!;

    protected IBrowserContext Context => _context!;

    public async Task InitializeAsync()
    {
        if (chromium.Browser is not null)
        {
            _context = await chromium.Browser.NewContextAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        _server?.Dispose();
    }

    /// <summary>Starts this spec's board; skips the spec when no Chromium can run it.</summary>
    protected Task StartServer(params (string Key, string Value)[] settings)
    {
        Skip.If(ChromiumFixture.Unavailable is not null, ChromiumFixture.Unavailable);
        _server = BoardServer.InMemory(settings);
        return Task.CompletedTask;
    }

    /// <summary>A new tab on the board (started with default settings if the spec has not started it), in the given colours.</summary>
    protected async Task<IPage> OpenBoard(ColorScheme scheme = ColorScheme.Light)
    {
        if (_server is null)
        {
            await StartServer();
        }

        var page = await Context.NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });
        await page.GotoAsync(Server.Address.ToString());
        return page;
    }
}
