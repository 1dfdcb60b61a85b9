using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.BrowserTests;

public sealed partial class BoardTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private async Task<(IPage Page, string Tag, int AdminId, int AccountId)> BoardWithDealsAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var adminId = await fixture.Factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var account = await fixture.Factory.AccountAsync($"Board {tag}", adminId);
        await fixture.Factory.OpportunityAsync($"Alpha {tag}", adminId, account, "in_progress", budget: 1000m);
        await fixture.Factory.OpportunityAsync($"Beta {tag}", adminId, account, "in_progress", budget: 500m);
        await fixture.Factory.OpportunityAsync($"Gamma {tag}", adminId, account, "negotiation", budget: 2000m);
        var page = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "admin", OroAppFactory.AdminPassword);
        await page.GotoAsync($"/opportunities?view=all&account=Board%20{tag}");
        await page.GetByTestId("board-link").ClickAsync();
        await page.WaitForURLAsync("**/opportunities/board?*");
        return (page, tag, adminId, account);
    }

    private static ILocator Column(IPage page, string label) => page.Locator($".board-column[data-label=\"{label}\"]");

    private static ILocator Card(IPage page, string name) => page.Locator(".board-card").Filter(new() { HasText = name });

    [Fact]
    public async Task Dragging_a_card_to_negotiation_applies_the_rules_and_updates_both_column_totals()
    {
        var (page, tag, _, _) = await BoardWithDealsAsync();
        await Assertions.Expect(Column(page, "Open").Locator("[data-total-count]")).ToHaveTextAsync("2");
        await Assertions.Expect(Column(page, "Negotiation").Locator("[data-total-budget]")).ToHaveTextAsync("USD 2.00 K");
        await Assertions.Expect(Column(page, "Negotiation").Locator("[data-total-budget]")).ToHaveAttributeAsync("title", "USD 2,000.00");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "board.png"), FullPage = true });

        await Card(page, $"Alpha {tag}").DragToAsync(Column(page, "Negotiation").Locator("[data-cards]"));

        var moved = Column(page, "Negotiation").Locator(".board-card").Filter(new() { HasText = $"Alpha {tag}" });
        await Assertions.Expect(moved.Locator("[data-card-probability]")).ToHaveTextAsync("80 %");
        await Assertions.Expect(Column(page, "Open").Locator("[data-total-count]")).ToHaveTextAsync("1");
        await Assertions.Expect(Column(page, "Open").Locator("[data-total-budget]")).ToHaveTextAsync("USD 500.00");
        await Assertions.Expect(Column(page, "Negotiation").Locator("[data-total-budget]")).ToHaveTextAsync("USD 3.00 K");
        await Assertions.Expect(Column(page, "Negotiation").Locator("[data-total-budget]")).ToHaveAttributeAsync("title", "USD 3,000.00");
        await Assertions.Expect(Column(page, "Negotiation").Locator("[data-total-weighted]")).ToHaveTextAsync("USD 2.40 K");
        await Assertions.Expect(Column(page, "Negotiation").Locator("[data-total-weighted]")).ToHaveAttributeAsync("title", "USD 2,400.00");
        var stored = await fixture.Factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name == $"Alpha {tag}").Select(o => new { o.StatusCode, o.Probability }).SingleAsync());
        Assert.Equal(("negotiation", 80), (stored.StatusCode, stored.Probability!.Value));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "board-after-drag.png"), FullPage = true });
    }

    [Fact]
    public async Task Dropping_on_closed_lost_asks_for_the_reason_and_cancel_puts_the_card_back()
    {
        var (page, tag, _, _) = await BoardWithDealsAsync();

        await Card(page, $"Beta {tag}").DragToAsync(Column(page, "Closed Lost").Locator("[data-cards]"));
        await Assertions.Expect(page.Locator("#closing-dialog")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "board-closing-dialog.png") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Assertions.Expect(Column(page, "Open").Locator(".board-card").Filter(new() { HasText = $"Beta {tag}" })).ToBeVisibleAsync();
        await Assertions.Expect(Column(page, "Closed Lost").Locator(".board-card").Filter(new() { HasText = $"Beta {tag}" })).ToHaveCountAsync(0);

        await Card(page, $"Beta {tag}").DragToAsync(Column(page, "Closed Lost").Locator("[data-cards]"));
        await page.Locator("#closing-dialog").GetByLabel("Close reason").SelectOptionAsync("outsold");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close the deal" }).ClickAsync();

        await Assertions.Expect(Column(page, "Closed Lost").Locator(".board-card").Filter(new() { HasText = $"Beta {tag}" })).ToBeVisibleAsync();
        await Assertions.Expect(Column(page, "Closed Lost").Locator("[data-total-count]")).ToHaveTextAsync("1");
        var stored = await fixture.Factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name == $"Beta {tag}").SingleAsync());
        Assert.Equal(("lost", "outsold", 0, 0m), (stored.StatusCode, stored.CloseReasonCode!, stored.Probability!.Value, stored.CloseRevenueAmount!.Value));
        Assert.NotNull(stored.ClosedAt);
    }

    [Fact]
    public async Task A_card_moves_with_the_keyboard_through_its_move_to_menu()
    {
        var (page, tag, _, _) = await BoardWithDealsAsync();

        var menu = Card(page, $"Gamma {tag}").Locator("[data-move-menu]");
        await menu.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Card(page, $"Gamma {tag}").GetByRole(AriaRole.Button, new() { Name = "Solution Development" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(Column(page, "Solution Development").Locator(".board-card").Filter(new() { HasText = $"Gamma {tag}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-board-announcer]")).ToContainTextAsync("moved to Solution Development");
        var stored = await fixture.Factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name == $"Gamma {tag}").Select(o => o.StatusCode).SingleAsync());
        Assert.Equal("solution_development", stored);
    }

    [Fact]
    public async Task A_second_manager_moving_the_same_card_gets_a_conflict_and_sees_its_true_column()
    {
        var (first, tag, _, _) = await BoardWithDealsAsync();
        var second = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(second, "admin", OroAppFactory.AdminPassword);
        await second.GotoAsync(first.Url);

        await Card(first, $"Alpha {tag}").DragToAsync(Column(first, "Needs Analysis").Locator("[data-cards]"));
        await Assertions.Expect(Column(first, "Needs Analysis").Locator(".board-card").Filter(new() { HasText = $"Alpha {tag}" })).ToBeVisibleAsync();
        await Assertions.Expect(Column(first, "Needs Analysis").Locator(".board-card.pending")).ToHaveCountAsync(0);

        await Card(second, $"Alpha {tag}").DragToAsync(Column(second, "Negotiation").Locator("[data-cards]"));

        await Assertions.Expect(second.Locator("[data-board-error]")).ToContainTextAsync("changed by someone else");
        await Assertions.Expect(Column(second, "Needs Analysis").Locator(".board-card").Filter(new() { HasText = $"Alpha {tag}" })).ToBeVisibleAsync();
        var stored = await fixture.Factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name == $"Alpha {tag}").Select(o => o.StatusCode).SingleAsync());
        Assert.Equal("needs_analysis", stored);
    }

    [Fact]
    public async Task The_board_has_no_serious_or_critical_accessibility_violations()
    {
        var (page, _, _, _) = await BoardWithDealsAsync();

        var results = await page.RunAxe();

        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help} ({v.Nodes.Length}): " + string.Join(", ", v.Nodes.Take(8).Select(n => n.Target.ToString()))).ToList();
        Assert.True(serious.Count == 0, string.Join("; ", serious));
    }
}
