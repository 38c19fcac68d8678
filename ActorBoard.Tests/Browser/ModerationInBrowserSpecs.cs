using System.Net.Http.Headers;
using ActorBoard.Server.Page;
using ActorBoard.Tests.Support;
using Microsoft.Playwright;

namespace ActorBoard.Tests.Browser;

/// <summary>The operator's removal reaches a page a reader already has open: the text goes, without a reload.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ModerationInBrowserSpecs(ChromiumFixture chromium) : BrowserSpec(chromium)
{
    private const string Token = "browser-spec-operator-token";

    [SkippableFact]
    public async Task A_message_removed_while_a_page_is_open_disappears_from_it()
    {
        await StartServer(("Board:ModerationToken", Token));
        using var http = Server.CreateBoardClient();
        await http.PostMessageAsync("something the operator removes");
        await http.PostMessageAsync("something that stays");
        var page = await OpenBoard();
        await Assertions.Expect(page.Locator("body[data-live=open]")).ToHaveCountAsync(1);

        using var moderator = Server.CreateManagementClient();
        moderator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        (await moderator.DeleteAsync("/api/moderation/boards/default/messages/1?reason=spam")).EnsureSuccessStatusCode();

        await Assertions.Expect(page.Locator(".message .text")).ToHaveTextAsync([BoardPage.RemovedText, "something that stays"]);
        await Assertions.Expect(page.Locator(".message.removed")).ToHaveCountAsync(1);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".message .text")).ToHaveTextAsync([BoardPage.RemovedText, "something that stays"]);
    }
}
