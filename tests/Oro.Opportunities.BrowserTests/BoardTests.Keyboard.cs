using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.BrowserTests;

/// <summary>
/// The board by keyboard (one tab stop per column, arrow keys inside, Enter opens, M moves) and its
/// filters: the grid's filter bar and views, kept across Grid ↔ Board and after a delete.
/// </summary>
public sealed partial class BoardTests
{
    /// <summary>The board card that holds the focus, by name ("" when the focus is elsewhere).</summary>
    private static Task<string> FocusedCardNameAsync(IPage page) =>
        page.EvaluateAsync<string>("() => { const c = document.activeElement && document.activeElement.closest('.board-card'); return c ? c.querySelector('.card-name').textContent : ''; }");

    private static Task<bool> FocusIsOnACardCellAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => !!document.activeElement && document.activeElement.hasAttribute('data-card-cell')");

    private async Task<(IPage Page, string Tag)> KeyboardBoardAsync(int width)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var adminId = await fixture.Factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var account = await fixture.Factory.AccountAsync($"Keys {tag}", adminId);

        // Many cards in the first columns: the old board had a Tab stop for every link and button of every card.
        foreach (var status in new[] { "in_progress", "identification_alignment", "needs_analysis", "solution_development" })
        {
            for (var i = 0; i < 6; i++)
            {
                await fixture.Factory.OpportunityAsync($"{status} {i} {tag}", adminId, account, status, budget: 100m + i);
            }
        }

        await fixture.Factory.OpportunityAsync($"Second {tag}", adminId, account, "negotiation", budget: 900m, closeDate: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2));
        await fixture.Factory.OpportunityAsync($"First {tag}", adminId, account, "negotiation", budget: 1_803_245.5m, closeDate: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20));
        var page = await fixture.NewPageAsync();
        await page.SetViewportSizeAsync(width, 900);
        await BrowserFixture.SignInAsync(page, "admin", OroAppFactory.AdminPassword);
        await page.GotoAsync($"/opportunities/board?view=open&account=Keys%20{tag}");
        await Assertions.Expect(Column(page, "Negotiation").Locator(".board-card")).ToHaveCountAsync(2);
        return (page, tag);
    }

    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    public async Task The_first_card_of_the_fifth_column_is_reached_in_at_most_ten_key_presses_and_Enter_opens_it(int width)
    {
        var (page, tag) = await KeyboardBoardAsync(width);

        // From the Grid/Board switch in the page header: Tab until the board, then across the columns.
        await page.GetByTestId("board-link").FocusAsync();
        var presses = 0;
        while (!await FocusIsOnACardCellAsync(page) && presses < 10)
        {
            await page.Keyboard.PressAsync("Tab");
            presses++;
        }

        Assert.Equal($"in_progress 5 {tag}", await FocusedCardNameAsync(page));
        for (var i = 0; i < 4; i++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
            presses++;
        }

        Assert.Equal($"First {tag}", await FocusedCardNameAsync(page));
        Assert.True(presses <= 10, $"{presses} key presses to the first card of the fifth column.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"board-keyboard-{width}.png") });

        // Inside a column: ↓ and End, Home back; ← → keep the position; one Tab leaves the column.
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal($"Second {tag}", await FocusedCardNameAsync(page));
        await page.Keyboard.PressAsync("ArrowLeft");
        Assert.Equal($"solution_development 4 {tag}", await FocusedCardNameAsync(page));
        await page.Keyboard.PressAsync("End");
        Assert.Equal($"solution_development 0 {tag}", await FocusedCardNameAsync(page));
        await page.Keyboard.PressAsync("Home");
        Assert.Equal($"solution_development 5 {tag}", await FocusedCardNameAsync(page));
        await page.Keyboard.PressAsync("Control+Home");
        Assert.Equal($"in_progress 5 {tag}", await FocusedCardNameAsync(page));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal($"identification_alignment 5 {tag}", await FocusedCardNameAsync(page));

        // The Open view shows only open columns: the last column is Negotiation.
        await page.Keyboard.PressAsync("Control+End");
        Assert.Equal($"First {tag}", await FocusedCardNameAsync(page));
        await Assertions.Expect(Column(page, "Closed Won")).ToBeHiddenAsync();

        var id = await page.EvaluateAsync<string>("() => document.activeElement.closest('.board-card').getAttribute('data-id')");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/opportunities/{id}");
    }

    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    public async Task M_opens_move_to_unclipped_a_move_is_announced_and_a_card_closed_from_the_open_view_leaves_it(int width)
    {
        var (page, tag) = await KeyboardBoardAsync(width);
        var first = Card(page, $"First {tag}");
        await first.Locator("[data-card-cell]").FocusAsync();

        await page.Keyboard.PressAsync("m");
        var menu = first.Locator(".dropdown-menu");
        await Assertions.Expect(menu).ToBeVisibleAsync();
        await Assertions.Expect(menu.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true })).ToBeFocusedAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"board-move-menu-{width}.png") });

        // Every item is visible (the current status too, disabled): nothing of the menu is hidden by the column's edge or scroll box.
        var hidden = await menu.EvaluateAsync<string[]>(@"m => Array.from(m.querySelectorAll('.dropdown-item')).filter(item => {
            const r = item.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            return x < 0 || y < 0 || x > innerWidth || y > innerHeight || !item.closest('li').contains(document.elementFromPoint(x, y));
        }).map(item => item.textContent.trim())");
        Assert.True(hidden.Length == 0, "Clipped Move-to items: " + string.Join(", ", hidden));
        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id} ({v.Nodes.Length}): " + string.Join(", ", v.Nodes.Take(4).Select(n => n.Target.ToString()))).ToList();
        Assert.True(serious.Count == 0, string.Join("; ", serious));

        // Escape returns to the card; M again, ↓ to Solution Development, Enter moves it there.
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(menu).ToBeHiddenAsync();
        await Assertions.Expect(first.Locator("[data-card-cell]")).ToBeFocusedAsync();

        // The focused card's outline is whole: inside the column's scrolling box, which clips (issue 23: the first card's was cut).
        var clipped = await first.EvaluateAsync<string?>(@"card => {
            const style = getComputedStyle(card), ring = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
            const r = card.getBoundingClientRect(), box = card.closest('.board-cards').getBoundingClientRect();
            return r.top - ring < box.top || r.left - ring < box.left || r.right + ring > box.right ? `ring ${ring}px, card ${r.top},${r.left},${r.right}, box ${box.top},${box.left},${box.right}` : null;
        }");
        Assert.True(clipped is null, "The focus ring is cut: " + clipped);
        await page.Keyboard.PressAsync("m");
        for (var i = 0; i < 3; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await Assertions.Expect(menu.GetByRole(AriaRole.Button, new() { Name = "Solution Development", Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        var moved = Column(page, "Solution Development").Locator(".board-card:not(.pending)").Filter(new() { HasText = $"First {tag}" });
        await Assertions.Expect(moved).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-board-announcer]")).ToContainTextAsync($"First {tag} moved to Solution Development");
        await Assertions.Expect(moved.Locator("[data-card-cell]")).ToBeFocusedAsync();
        await Assertions.Expect(moved.Locator("[data-card-cell]")).ToHaveAttributeAsync("tabindex", "0");
        Assert.Equal("solution_development", await fixture.Factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name == $"First {tag}").Select(o => o.StatusCode).SingleAsync()));

        // Closed Won is not a column of the Open view but a Move-to target: the card leaves the board, the focus stays in the column.
        await page.Keyboard.PressAsync("m");
        await menu.GetByRole(AriaRole.Button, new() { Name = "Closed Won · leaves this view" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.Locator("#closing-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close the deal" }).ClickAsync();
        await Assertions.Expect(page.Locator(".board-card").Filter(new() { HasText = $"First {tag}" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-board-announcer]")).ToContainTextAsync("left the board");
        await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.closest('.board-column[data-label=\"Solution Development\"]')");
        Assert.Equal("won", await fixture.Factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name == $"First {tag}").Select(o => o.StatusCode).SingleAsync()));
    }

    [Fact]
    public async Task The_board_filters_like_the_grid_and_keeps_its_filters_across_grid_and_board_and_after_a_delete()
    {
        var (page, tag, adminId, account) = await BoardWithDealsAsync();
        await fixture.Factory.OpportunityAsync($"Delta {tag}", adminId, account, "won", budget: 700m);
        await page.GotoAsync($"/opportunities?view=open&account=Board%20{tag}");
        await page.GetByTestId("board-link").ClickAsync();
        await page.WaitForURLAsync("**/opportunities/board?view=open&*");

        // The grid's Open view: its open columns only, and the header says what is applied.
        await Assertions.Expect(page.GetByTestId("applied-view")).ToHaveTextAsync("Open Opportunities");
        await Assertions.Expect(page.GetByTestId("applied-filter")).ToHaveTextAsync($"Account contains “Board {tag}”");
        await Assertions.Expect(Column(page, "Closed Won")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".board-card")).ToHaveCountAsync(3);

        // The grid's filter form, on the board (folded: what is applied shows above the columns).
        await Assertions.Expect(page.GetByTestId("filters")).ToBeHiddenAsync();
        await page.Locator("[aria-controls=filters]").ClickAsync();
        await FiltersOpenedAsync(page);
        await page.Locator("#f-name").FillAsync("a");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await page.WaitForURLAsync("**/opportunities/board?*name=a*");
        await Assertions.Expect(page.Locator(".board-card")).ToHaveCountAsync(3); // Alpha, Beta, Gamma all contain an "a"
        await page.Locator("[aria-controls=filters]").ClickAsync();
        await FiltersOpenedAsync(page);
        await page.Locator("#f-name").FillAsync("Beta");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await page.WaitForURLAsync("**/opportunities/board?*name=Beta*");
        await Assertions.Expect(page.Locator(".board-card")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("applied-filter")).ToHaveCountAsync(2);
        await Assertions.Expect(Column(page, "Open").Locator("[data-total-count]")).ToHaveTextAsync("1");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "board-filtered-1440.png"), FullPage = true });

        // To the grid and back: the same view and filters.
        await page.GetByTestId("grid-link").ClickAsync();
        await page.WaitForURLAsync("**/opportunities?*");
        await Assertions.Expect(page.GetByTestId("view-switcher")).ToHaveTextAsync("Open Opportunities");
        await Assertions.Expect(page.Locator("[data-grid] tbody tr[data-id]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#f-name")).ToHaveValueAsync("Beta");
        await page.GetByTestId("board-link").ClickAsync();
        await page.WaitForURLAsync("**/opportunities/board?*");
        await Assertions.Expect(page.Locator(".board-card")).ToHaveCountAsync(1);
        var url = page.Url;

        // Deleting a card returns to the same filtered board.
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await Card(page, $"Beta {tag}").GetByRole(AriaRole.Button, new() { Name = $"Delete Beta {tag}" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert").Filter(new() { HasText = "Opportunity deleted" })).ToBeVisibleAsync();
        Assert.Equal(url, page.Url);
        await Assertions.Expect(page.GetByTestId("applied-filter")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".board-card")).ToHaveCountAsync(0);
        await Assertions.Expect(Column(page, "Open").Locator("[data-total-count]")).ToHaveTextAsync("0");
    }

    /// <summary>The filter panel has finished opening: a click during Bootstrap's collapse animation can miss its moving Apply button.</summary>
    private static Task FiltersOpenedAsync(IPage page) =>
        Assertions.Expect(page.Locator("#filters")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"(^|\s)show(\s|$)"));
}
