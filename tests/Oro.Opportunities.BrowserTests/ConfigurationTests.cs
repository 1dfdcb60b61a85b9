using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.BrowserTests;

public sealed class ConfigurationTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_administrator_changes_a_probability_in_system_configuration_and_it_is_kept()
    {
        var page = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "admin", OroAppFactory.AdminPassword);

        // Through the menu, as a user would.
        await page.Locator("[data-nav=system]").ClickAsync();
        await page.Locator("nav[aria-label=Main]").GetByRole(AriaRole.Link, new() { Name = "Configuration" }).ClickAsync();
        await page.WaitForURLAsync("**/system/configuration/opportunity");
        var probability = page.GetByLabel("Probability of status needs_analysis, percent");
        await Assertions.Expect(probability).ToHaveValueAsync("20");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "configuration-opportunity.png"), FullPage = true });

        await probability.FillAsync("35");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save statuses" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-flash]")).ToContainTextAsync("Configuration saved");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByLabel("Probability of status needs_analysis, percent")).ToHaveValueAsync("35");
        var stored = await fixture.Factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Code == "needs_analysis").Select(s => s.DefaultProbability).SingleAsync());
        Assert.Equal(35, stored);
        await Assertions.Expect(page.GetByLabel("Probability of status won, percent")).ToHaveAttributeAsync("readonly", string.Empty);
    }

    [Fact]
    public async Task The_back_office_stays_usable_on_a_tablet()
    {
        var page = await fixture.NewPageAsync();
        await page.SetViewportSizeAsync(768, 1024);
        await BrowserFixture.SignInAsync(page, "admin", OroAppFactory.AdminPassword);

        await page.GotoAsync("/system/configuration/currency");
        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-nav=system]")).ToBeVisibleAsync();
        await page.Locator(".navbar-collapse.show").WaitForAsync();
        await page.WaitForTimeoutAsync(400);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "tablet-currency.png"), FullPage = true });

        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
        Assert.False(overflow, "The page scrolls sideways at tablet width.");
    }
}
