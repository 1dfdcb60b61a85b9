using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Oro.Opportunities.Domain.Workflows;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.BrowserTests;

/// <summary>
/// Workflows in Chromium (spec §6): a manager switches the Opportunity Management Flow on, runs Close as
/// Lost from the view page, drops a card on Closed Won and submits Close as Won in the board's dialog,
/// and runs a transition with the keyboard alone. The class owns its app and database.
/// </summary>
public sealed class WorkflowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private async Task<(IPage Page, int AdminId, int Account, string Tag)> StartAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var adminId = await fixture.Factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var account = await fixture.Factory.AccountAsync($"Flow {tag}", adminId);
        var page = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "admin", OroAppFactory.AdminPassword);
        await ActivateAsync(page);
        return (page, adminId, account, tag);
    }

    /// <summary>Activates the management flow from System → Workflows, as a manager would (once per app).</summary>
    private static async Task ActivateAsync(IPage page)
    {
        await page.GotoAsync("/system/workflows");
        var row = page.Locator("tr[data-workflow=\"opportunity_flow\"]");
        if (await row.Locator("[data-testid=active]").CountAsync() == 0)
        {
            await row.GetByRole(AriaRole.Button, new() { Name = "Activate Opportunity Management Flow" }).ClickAsync();
            await Assertions.Expect(page.Locator("tr[data-workflow=\"opportunity_flow\"] [data-testid=active]")).ToBeVisibleAsync();
        }
    }

    private Task<string?> StepAsync(int id) =>
        fixture.Factory.WithDbAsync(db => db.WorkflowItems.Where(i => i.Entity == WorkflowEntities.Opportunity && i.EntityId == id && i.WorkflowName == "opportunity_flow").Select(i => i.Step).SingleOrDefaultAsync());

    [Fact]
    public async Task A_manager_runs_Close_as_Lost_from_the_view_page()
    {
        var (page, adminId, account, tag) = await StartAsync();
        var deal = await fixture.Factory.OpportunityAsync($"Lost {tag}", adminId, account, "negotiation", budget: 2500m);

        await page.GotoAsync($"/opportunities/{deal.Id}");
        var panel = page.Locator("[data-testid=workflow-opportunity_flow]");
        await Assertions.Expect(panel.Locator("[data-testid=current-step]")).ToHaveTextAsync("Step: Open");
        await panel.GetByRole(AriaRole.Link, new() { Name = "Close as Lost" }).ClickAsync();

        var dialog = page.Locator("#workflow-modal");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Close as Lost" })).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByLabel("Expected close date")).ToHaveValueAsync(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "workflow-close-lost-dialog.png") });

        // Submitting without a reason: the browser's own required check keeps the dialog open.
        await dialog.GetByTestId("transition-submit").ClickAsync();
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Close reason").SelectOptionAsync("outsold");
        await dialog.GetByTestId("transition-submit").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=status-badge]")).ToHaveTextAsync("Closed Lost");
        await Assertions.Expect(panel.Locator("[data-testid=current-step]")).ToHaveTextAsync("Step: Lost");
        await Assertions.Expect(panel.Locator("[data-testid=workflow-history]")).ToContainTextAsync("Close as Lost");
        await Assertions.Expect(panel.GetByRole(AriaRole.Link, new() { Name = "Reopen" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "workflow-view-page.png"), FullPage = true });
        Assert.Equal("lost", await StepAsync(deal.Id));
        Assert.Equal("outsold", (await fixture.Factory.ReloadAsync(deal.Id)).CloseReasonCode);
    }

    [Fact]
    public async Task A_drop_on_Closed_Won_runs_Close_as_Won_with_its_form_and_a_drop_no_transition_allows_is_refused()
    {
        var (page, adminId, account, tag) = await StartAsync();
        var deal = await fixture.Factory.OpportunityAsync($"Board {tag}", adminId, account, "negotiation", budget: 4200m);

        await page.GotoAsync($"/opportunities/board?view=all&account=Flow%20{tag}");
        await Assertions.Expect(page.GetByTestId("board-workflows")).ToContainTextAsync("Opportunity Management Flow");
        var card = page.Locator($".board-card[data-id=\"{deal.Id}\"]");
        await card.DragToAsync(page.Locator(".board-column[data-label=\"Closed Won\"] [data-cards]"));

        var dialog = page.Locator("#workflow-modal");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Close as Won" })).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByLabel("Close revenue", new() { Exact = true })).ToHaveValueAsync("4200");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "workflow-board-dialog.png") });
        await dialog.GetByTestId("transition-submit").ClickAsync();

        var won = page.Locator($".board-column[data-label=\"Closed Won\"] .board-card[data-id=\"{deal.Id}\"]");
        await Assertions.Expect(won).ToBeVisibleAsync();
        await Assertions.Expect(won).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("pending"));
        await Assertions.Expect(page.Locator(".board-column[data-label=\"Closed Won\"] [data-total-count]")).ToHaveTextAsync("1");
        Assert.Equal("won", await StepAsync(deal.Id));
        Assert.Equal(("won", 4200m), ((await fixture.Factory.ReloadAsync(deal.Id)).StatusCode, (await fixture.Factory.ReloadAsync(deal.Id)).CloseRevenueAmount!.Value));

        // From Won, only Reopen leads anywhere: a drop on Closed Lost is refused and the card goes back.
        await won.DragToAsync(page.Locator(".board-column[data-label=\"Closed Lost\"] [data-cards]"));
        await Assertions.Expect(page.Locator("[data-board-error]")).ToContainTextAsync("No transition leads to Closed Lost");
        await Assertions.Expect(won).ToBeVisibleAsync();
        Assert.Equal("won", (await fixture.Factory.ReloadAsync(deal.Id)).StatusCode);
    }

    /// <summary>
    /// Issue 23: the Qualify dialog picks the account by searching every account the user may see, with
    /// the same picker as the lead form (it listed the first 20 of 256 with no search).
    /// </summary>
    [Fact]
    public async Task Qualify_finds_an_account_beyond_the_first_twenty_by_searching()
    {
        var (page, adminId, _, tag) = await StartAsync();
        for (var i = 0; i < 25; i++)
        {
            await fixture.Factory.AccountAsync($"Aaa {tag} {i:00}", adminId);
        }

        var target = await fixture.Factory.AccountAsync($"Zulu Target {tag}", adminId);
        var leadId = await fixture.Factory.WithDbAsync(async db =>
        {
            var lead = Oro.Opportunities.Domain.Leads.Lead.Create(new Oro.Opportunities.Domain.Leads.LeadChange { Name = new($"Pick {tag}"), PersonName = new(new Oro.Opportunities.Domain.Records.PersonName(null, "Pia", null, "Picker", null)), CompanyName = new($"Pick Co {tag}") }, adminId, DateTime.UtcNow);
            db.Add(lead);
            await db.SaveChangesAsync();
            return lead.Id;
        });
        await page.GotoAsync("/system/workflows");
        var row = page.Locator("tr[data-workflow=\"unqualified_sales_lead\"]");
        if (await row.Locator("[data-testid=active]").CountAsync() == 0)
        {
            await row.GetByRole(AriaRole.Button, new() { Name = "Activate Unqualified Sales Lead" }).ClickAsync();
            await Assertions.Expect(page.Locator("tr[data-workflow=\"unqualified_sales_lead\"] [data-testid=active]")).ToBeVisibleAsync();
        }

        await page.GotoAsync($"/leads/{leadId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Qualify", Exact = true }).ClickAsync();
        var dialog = page.Locator("#workflow-modal");
        var account = dialog.GetByLabel("Account", new() { Exact = true });
        await Assertions.Expect(account).ToBeVisibleAsync();
        Assert.Equal(0, await dialog.Locator($"datalist option[value=\"Zulu Target {tag}\"]").CountAsync());

        await account.FillAsync($"Zulu Target {tag}");
        await Assertions.Expect(dialog.Locator($"datalist option[value=\"Zulu Target {tag}\"]")).ToHaveCountAsync(1);
        await Assertions.Expect(dialog.Locator("input[type=hidden][name=\"Fields[account]\"]")).ToHaveValueAsync(target.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await dialog.GetByTestId("transition-submit").ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();

        var converted = await fixture.Factory.WithDbAsync(db => db.Opportunities.Where(o => o.LeadId == leadId).Select(o => o.AccountId).SingleAsync());
        Assert.Equal(target, converted);
    }

    /// <summary>Issue 23: closing a transition dialog with Escape puts the focus back on the button that opened it (it went to the top of the page).</summary>
    [Fact]
    public async Task Escape_returns_the_focus_to_the_transition_button_that_opened_the_dialog()
    {
        var (page, adminId, account, tag) = await StartAsync();
        var deal = await fixture.Factory.OpportunityAsync($"Back {tag}", adminId, account, "in_progress", budget: 800m);
        await page.GotoAsync($"/opportunities/{deal.Id}");
        var develop = page.Locator("[data-testid=workflow-opportunity_flow]").GetByRole(AriaRole.Link, new() { Name = "Develop" });
        await develop.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.Locator("#workflow-modal");
        await Assertions.Expect(dialog.Locator(":focus")).ToHaveCountAsync(1);

        await page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(develop).ToBeFocusedAsync();
    }

    [Fact]
    public async Task A_transition_runs_with_the_keyboard_alone()
    {
        var (page, adminId, account, tag) = await StartAsync();
        var deal = await fixture.Factory.OpportunityAsync($"Keys {tag}", adminId, account, "in_progress", budget: 800m);
        await page.GotoAsync($"/opportunities/{deal.Id}");

        // Tab to the Develop button (a bounded number of presses), Enter opens its form with the focus in it.
        var develop = page.Locator("[data-testid=workflow-opportunity_flow]").GetByRole(AriaRole.Link, new() { Name = "Develop" });
        for (var presses = 0; presses < 80 && !await develop.EvaluateAsync<bool>("e => e === document.activeElement"); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Assertions.Expect(develop).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.Locator("#workflow-modal");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Develop" })).ToBeVisibleAsync();
        // The dialog puts the focus in its first field once it is shown (after Bootstrap's fade).
        await Assertions.Expect(dialog.Locator(":focus")).ToHaveCountAsync(1);

        // Budget: Tab to it, type; status: arrow keys in the select; then Tab to the button and Enter.
        var budget = dialog.GetByLabel("Budget amount", new() { Exact = true });
        for (var presses = 0; presses < 20 && !await budget.EvaluateAsync<bool>("e => e === document.activeElement"); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("950");
        await dialog.GetByLabel("Status").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        var submit = dialog.GetByTestId("transition-submit");
        for (var presses = 0; presses < 30 && !await submit.EvaluateAsync<bool>("e => e === document.activeElement"); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=workflow-history]")).ToContainTextAsync("Develop");
        var stored = await fixture.Factory.ReloadAsync(deal.Id);
        Assert.Equal(950m, stored.BudgetAmount);
        Assert.Equal("identification_alignment", stored.StatusCode);
    }
}
