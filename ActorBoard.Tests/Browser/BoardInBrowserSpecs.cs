using ActorBoard.Tests.Support;
using Microsoft.Playwright;

namespace ActorBoard.Tests.Browser;

/// <summary>The board as a person meets it: a real Chromium on the real server.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class BoardInBrowserSpecs(ChromiumFixture chromium) : BrowserSpec(chromium)
{
    [SkippableFact]
    public async Task A_message_typed_and_posted_appears_and_reload_back_and_forward_do_not_post_it_again()
    {
        var page = await OpenBoard();

        await page.GetByLabel("Your message").FillAsync("Hello from Chromium");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();
        await Assertions.Expect(page.Locator(".message .text")).ToHaveTextAsync(["Hello from Chromium"]);
        Assert.Equal(Server.Address + "", page.Url);

        await page.ReloadAsync();
        await page.GoBackAsync();
        await page.GoForwardAsync();

        await Assertions.Expect(page.Locator(".message")).ToHaveCountAsync(1);
        Assert.Single(await ListStored());
    }

    [SkippableFact]
    public async Task A_second_open_page_sees_the_first_pages_post_appear_without_a_reload()
    {
        var watcher = await OpenBoard();
        await Assertions.Expect(watcher.Locator("body[data-live=open]")).ToHaveCountAsync(1);
        var poster = await OpenBoard();

        await poster.GetByLabel("Your message").FillAsync("live to the other page");
        await poster.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();

        await Assertions.Expect(watcher.Locator(".message .text")).ToHaveTextAsync(["live to the other page"]);
        Assert.Equal(Server.Address + "", watcher.Url);
    }

    [SkippableFact]
    public async Task The_older_messages_link_walks_back_page_by_page()
    {
        await StartServer(("Board:PageSize", "3"));
        using var http = Server.CreateBoardClient();
        for (var i = 1; i <= 7; i++)
        {
            await http.PostMessageAsync($"message {i}");
        }

        var page = await OpenBoard();
        await page.GetByRole(AriaRole.Link, new() { Name = "Older messages" }).ClickAsync();
        await Assertions.Expect(page.Locator(".message .text")).ToHaveTextAsync(["message 2", "message 3", "message 4"]);
        await page.GetByRole(AriaRole.Link, new() { Name = "Older messages" }).ClickAsync();

        await Assertions.Expect(page.Locator(".message .text")).ToHaveTextAsync(["message 1"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Older messages" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Newer messages" }).ClickAsync();
        await Assertions.Expect(page.Locator(".message .text")).ToHaveTextAsync(["message 2", "message 3", "message 4"]);
    }

    [SkippableFact]
    public async Task Markup_posted_as_a_message_shows_as_text_on_load_and_when_it_arrives_live()
    {
        const string attack = "<img src=x onerror=\"document.body.dataset.pwned='yes'\"><script>document.body.dataset.pwned='yes'</script>";
        var watcher = await OpenBoard();
        await Assertions.Expect(watcher.Locator("body[data-live=open]")).ToHaveCountAsync(1);
        var poster = await OpenBoard();

        await poster.GetByLabel("Your message").FillAsync(attack);
        await poster.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();

        foreach (var page in new[] { poster, watcher })
        {
            await Assertions.Expect(page.Locator(".message .text")).ToHaveTextAsync([attack]);
            Assert.Equal(0, await page.Locator(".messages img, .messages script").CountAsync());
            Assert.Null(await page.EvaluateAsync<string?>("document.body.dataset.pwned ?? null"));
        }
    }

    [SkippableFact]
    public async Task An_empty_post_shows_the_error_and_the_form_still_posts_afterwards()
    {
        var page = await OpenBoard();

        await page.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Write a message before posting");
        await page.GetByLabel("Your message").FillAsync("second try works");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();

        await Assertions.Expect(page.Locator(".message .text")).ToHaveTextAsync(["second try works"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    }

    [SkippableFact]
    public async Task A_page_on_another_site_cannot_make_its_visitor_post_to_the_board()
    {
        await StartServer();
        var page = await Context.NewPageAsync();
        await page.RouteAsync("http://hostile.example/", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = $"<form method=post action='{Server.Address}'><input name=message value='posted for you'><button>Win a prize</button></form>",
        }));
        await page.GotoAsync("http://hostile.example/");

        await page.GetByRole(AriaRole.Button, new() { Name = "Win a prize" }).ClickAsync();

        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("sent from a page on another site");
        using var client = Server.CreateBoardClient();
        Assert.Empty(await client.ListAllAsync());
    }

    [SkippableFact]
    public async Task Opening_the_board_logs_no_error_and_requests_nothing_that_is_missing()
    {
        await StartServer();
        var page = await Context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") { problems.Add(message.Text); } };
        page.Response += (_, response) => { if (response.Status >= 400) { problems.Add($"{response.Status} {response.Url}"); } };

        await page.GotoAsync(Server.Address.ToString());
        await Assertions.Expect(page.Locator("body[data-live=open]")).ToHaveCountAsync(1);

        Assert.Empty(problems);
        Assert.Equal(200, (await page.APIRequest.GetAsync(new Uri(Server.Address, "/favicon.ico").ToString())).Status);
    }

    [SkippableFact]
    public async Task The_newest_page_opens_scrolled_to_the_newest_message_just_above_the_form()
    {
        await StartServer();
        using var http = Server.CreateBoardClient();
        for (var i = 1; i <= 30; i++)
        {
            await http.PostMessageAsync($"message {i}");
        }

        var page = await Context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync(Server.Address.ToString());

        var newest = page.Locator(".message").Last;
        await Assertions.Expect(newest).ToBeInViewportAsync(new() { Ratio = 1 });
        var message = (await newest.BoundingBoxAsync())!;
        var form = (await page.Locator("form.compose").BoundingBoxAsync())!;
        Assert.True(message.Y + message.Height <= form.Y, "The newest message is hidden under the form.");
    }

    [SkippableFact]
    public async Task The_board_fits_a_phone_screen_and_is_photographed_for_review()
    {
        await StartServer();
        using var http = Server.CreateBoardClient();
        await http.PostMessageAsync("Hi! Is anyone here? 👋");
        await http.PostMessageAsync("Yes — and this line is long enough to wrap onto a second line on a phone screen, which the bubble should handle.");
        await http.PostMessageAsync("Line one\nLine two <b>not bold</b> & \"quoted\"");
        var page = await Context.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);

        await page.GotoAsync(Server.Address.ToString());
        await Assertions.Expect(page.Locator("body[data-live=open]")).ToHaveCountAsync(1);

        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The page scrolls sideways at phone width.");
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder.FullName, "board-phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 800);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder.FullName, "board-desktop.png") });
    }

    private async Task<IReadOnlyList<ApiMessage>> ListStored()
    {
        using var http = Server.CreateBoardClient();
        return await http.ListAllAsync();
    }
}
