using ActorBoard.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ActorBoard.Tests.Browser;

/// <summary>
/// The board checked by axe-core, the engine behind the accessibility audits browsers ship, in a
/// real Chromium: every state a visitor can meet, in light and dark colours, has no violation.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class AccessibilitySpecs(ChromiumFixture chromium) : BrowserSpec(chromium)
{
    [SkippableTheory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task An_empty_board_has_no_accessibility_violations(ColorScheme scheme)
    {
        var page = await OpenBoard(scheme);

        AssertNoViolations(await page.RunAxe());
    }

    [SkippableTheory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task A_board_with_messages_and_paging_has_no_accessibility_violations(ColorScheme scheme)
    {
        await StartServer(("Board:PageSize", "3"));
        using var http = Server.CreateBoardClient();
        foreach (var text in new[] { "Hello!", "A longer message that wraps across the bubble on a narrow screen.", "Line one\nLine two", "Newest" })
        {
            await http.PostMessageAsync(text);
        }

        var page = await OpenBoard(scheme);

        AssertNoViolations(await page.RunAxe());
    }

    [SkippableTheory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task A_form_showing_an_error_has_no_accessibility_violations(ColorScheme scheme)
    {
        var page = await OpenBoard(scheme);
        await page.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();

        AssertNoViolations(await page.RunAxe());
    }

    [SkippableTheory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task The_list_of_boards_and_a_named_board_have_no_accessibility_violations(ColorScheme scheme)
    {
        var page = await OpenBoard(scheme);
        await page.GotoAsync(new Uri(Server.Address, "/b/garden-club").ToString());
        await page.GetByLabel("Your message").FillAsync("Tomatoes are in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();
        AssertNoViolations(await page.RunAxe());

        await page.GotoAsync(new Uri(Server.Address, "/b?open=Not a name").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        AssertNoViolations(await page.RunAxe());
    }

    private static void AssertNoViolations(AxeResult result) =>
        Assert.True(
            result.Violations.Length == 0,
            string.Join("\n", result.Violations.Select(v => $"{v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Select(n => n.Html))}")));
}
