using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.BrowserTests;

public sealed class OpportunityTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_rep_creates_an_opportunity_with_a_new_account_and_works_it_in_the_grid()
    {
        var page = await fixture.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, e) => scriptErrors.Add(e);
        await BrowserFixture.SignInAsync(page, "admin", OroAppFactory.AdminPassword);
        var tag = Guid.NewGuid().ToString("N")[..6];

        await page.GotoAsync("/opportunities");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create Opportunity" }).ClickAsync();
        await page.GetByLabel("Opportunity name").FillAsync($"Fleet rollout {tag}");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Account" }).FillAsync($"Northwind {tag}");
        await Assertions.Expect(page.GetByText($"Add new account: \"Northwind {tag}\"")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText($"A new account \"Northwind {tag}\" will be created")).ToBeVisibleAsync();

        // Status drives probability in the browser.
        await page.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Needs Analysis" });
        await Assertions.Expect(page.GetByLabel("Probability (%)")).ToHaveValueAsync("20");
        await page.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Negotiation" });
        await Assertions.Expect(page.GetByLabel("Probability (%)")).ToHaveValueAsync("80");
        await page.GetByLabel("Budget amount").FillAsync("48000");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "opportunity-form.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and Close" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-flash]")).ToContainTextAsync("Opportunity saved");
        await Assertions.Expect(page.GetByTestId("probability")).ToHaveTextAsync("80 %");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "opportunity-view.png"), FullPage = true });
        var accountExists = await fixture.Factory.WithDbAsync(db => db.Accounts.AnyAsync(a => a.Name == $"Northwind {tag}"));
        Assert.True(accountExists);

        // In the grid, and edited inline.
        await page.GotoAsync($"/opportunities?name={tag}");
        var row = page.Locator("tr[data-id]").Filter(new() { HasText = $"Fleet rollout {tag}" });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await row.Locator("td[data-col=probability]").HoverAsync();
        await row.Locator("td[data-col=probability] .inline-edit-button").ClickAsync();
        await page.Locator("[data-inline-editor=probability] input").FillAsync("65");
        await page.Locator("[data-inline-editor=probability] input").PressAsync("Enter");
        await Assertions.Expect(row.Locator("td[data-col=probability]")).ToContainTextAsync("65 %");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "opportunity-grid.png"), FullPage = true });
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 1, $"The grid page scrolls sideways by {overflow} px; the table must scroll inside its card.");
        var stored = await fixture.Factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name == $"Fleet rollout {tag}").Select(o => o.Probability).SingleAsync());
        Assert.Equal(65, stored);

        // Save the filtered grid as a view.
        await page.GetByTestId("views-menu").ClickAsync();
        await page.GetByPlaceholder("View name").FillAsync($"My {tag}");
        await page.Locator(".views-menu").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-flash]")).ToContainTextAsync($"View 'My {tag}' saved");
        await Assertions.Expect(page.GetByTestId("view-switcher")).ToHaveTextAsync($"My {tag}");
        Assert.Empty(scriptErrors);
    }
}
