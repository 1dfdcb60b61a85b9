using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.BrowserTests;

/// <summary>The main screens pass axe-core with no serious or critical violations, and look right in a screenshot.</summary>
public sealed class AccessibilityTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_main_screens_have_no_serious_or_critical_accessibility_violations()
    {
        var adminId = await fixture.Factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var account = await fixture.Factory.AccountAsync("Axe Account", adminId);
        var contact = await fixture.Factory.ContactAsync("Ada", "Lovelace", "ada@example.com", adminId, account);
        var deal = await fixture.Factory.OpportunityAsync("Axe deal", adminId, account, "negotiation", 1234m, contactId: contact);
        var page = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "admin", OroAppFactory.AdminPassword);
        var problems = new List<string>();

        foreach (var (url, name) in new[]
                 {
                     ("/", "dashboard"), ("/opportunities?view=all", "grid"), ("/opportunities/create", "create"), ($"/opportunities/{deal.Id}", "view"),
                     ($"/opportunities/{deal.Id}/edit", "edit"), ("/accounts", "accounts"), ($"/accounts/{account}", "account"), ("/contacts", "contacts"),
                     ($"/contacts/{contact}", "contact"), ("/opportunities/import", "import"), ("/system/configuration/opportunity", "configuration"),
                     ("/system/configuration/currency", "currency"), ("/system/users", "users"), ("/system/roles", "roles"), ("/system/teams", "teams"),
                 })
        {
            await page.GotoAsync(url);
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"axe-{name}.png"), FullPage = true });
            var results = await page.RunAxe();
            problems.AddRange(results.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{url}: {v.Id} ({v.Nodes.Length}): " + string.Join(", ", v.Nodes.Take(4).Select(n => n.Target.ToString()))));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
