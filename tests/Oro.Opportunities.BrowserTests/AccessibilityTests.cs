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
        await fixture.Factory.OpportunityAsync("Axe manual", adminId, account, "negotiation", 99m, probability: 35);
        var page = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "admin", OroAppFactory.AdminPassword);

        // An import with failed rows, and the same file again (held for confirmation).
        await page.GotoAsync("/opportunities/import");
        var axeFile = new Microsoft.Playwright.FilePayload { Name = "axe.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes("Opportunity name,Customer Account Account name,Probability\r\nAxe import,Axe Account,150\r\n") };
        await page.GetByLabel("CSV file").SetInputFilesAsync(axeFile);
        await page.GetByTestId("import").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/opportunities/import/", StringComparison.Ordinal));
        var failed = int.Parse(page.Url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        await fixture.Factory.RunImportJobAsync(failed);
        await page.GotoAsync("/opportunities/import");
        await page.GetByLabel("CSV file").SetInputFilesAsync(axeFile);
        await page.GetByTestId("import").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/opportunities/import/", StringComparison.Ordinal) && !url.EndsWith($"/{failed}", StringComparison.Ordinal));
        var held = int.Parse(page.Url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        // A lead, made through its form (the page a rep uses).
        await page.GotoAsync("/leads/create");
        await page.GetByLabel("Lead name").FillAsync("Axe lead");
        await page.Locator("#Form_FirstName").FillAsync("Grace");
        await page.Locator("#Form_LastName").FillAsync("Hopper");
        await page.GetByLabel("Company name").FillAsync("Axe Account");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/leads/\\d+$"));
        var lead = int.Parse(page.Url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var problems = new List<string>();

        foreach (var (url, name) in new[]
                 {
                     ("/", "dashboard"), ("/opportunities?view=all", "grid"), ("/opportunities/create", "create"), ($"/opportunities/{deal.Id}", "view"),
                     ($"/opportunities/{deal.Id}/edit", "edit"), ("/accounts", "accounts"), ($"/accounts/{account}", "account"), ("/contacts", "contacts"),
                     ($"/contacts/{contact}", "contact"), ("/opportunities/import", "import"), ("/system/configuration/opportunity", "configuration"),
                     ("/system/configuration/currency", "currency"), ("/system/users", "users"), ("/system/roles", "roles"), ("/system/teams", "teams"),
                     ("/system/configuration/localization", "localization"), ("/profile", "profile"), ("/system/jobs", "jobs"),
                     ($"/opportunities/import/{held}", "import-held"), ($"/opportunities/import/{failed}", "import-result"),
                     ("/leads", "leads"), ("/leads/create", "lead-create"), ($"/leads/{lead}", "lead"), ($"/leads/{lead}/edit", "lead-edit"),
                     ($"/leads/{lead}/convert", "lead-convert"), ("/leads/import", "lead-import"), ("/opportunities/board", "board"),
                     ("/system/workflows", "workflows"),
                 })
        {
            await page.GotoAsync(url);
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"axe-{name}.png"), FullPage = true });
            var results = await page.RunAxe();
            problems.AddRange(results.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{url}: {v.Id} ({v.Nodes.Length}): " + string.Join(", ", v.Nodes.Take(4).Select(n => n.Target.ToString()))));
        }

        // The grid with its inline editor open and a refused value beside the field.
        await page.GotoAsync("/opportunities?view=all");
        var cell = page.Locator("tr[data-id] td[data-col=probability]").First;
        await cell.HoverAsync();
        await cell.Locator(".inline-edit-button").ClickAsync();
        await page.Locator("[data-inline-editor=probability] input").FillAsync("150");
        await page.Locator("[data-inline-editor=probability] input").PressAsync("Enter");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("[data-inline-error]")).ToBeVisibleAsync();
        var editorResults = await page.RunAxe();
        problems.AddRange(editorResults.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"grid with the inline editor: {v.Id} ({v.Nodes.Length}): " + string.Join(", ", v.Nodes.Take(4).Select(n => n.Target.ToString()))));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
