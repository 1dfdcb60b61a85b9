using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Oro.Opportunities.Application.Demo;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.BrowserTests;

/// <summary>
/// An app of its own with demo-like data for the crawler (issue 23): the demo seeder's teams, users,
/// currencies, accounts, contacts, opportunities in every status and leads (some converted, some
/// disqualified), plus a few records made the way users make them (through the domain, so they have a
/// history; leads through their form), the Opportunity Management Flow switched on (its transition
/// dialogs) and an import with a failed row (its result page). A Sales Rep owns some of everything.
/// </summary>
public sealed class CrawlerSite : BrowserFixture
{
    public const string DemoPassword = "crawler-demo-password-1";

    private CrawlerSite()
    {
    }

    /// <summary>A Sales Rep of the demo data who owns opportunities, a lead and an account.</summary>
    public string RepUserName { get; private set; } = string.Empty;

    public static async Task<CrawlerSite> StartAsync()
    {
        var site = new CrawlerSite();
        await site.InitializeAsync();
        try
        {
            await site.SeedAsync();
        }
        catch
        {
            await site.DisposeAsync();
            throw;
        }

        return site;
    }

    private async Task SeedAsync()
    {
        // Skips (or fails under ORO_REQUIRE_BROWSER=1) before seeding when there is no Chromium.
        var page = await NewPageAsync();

        using (var scope = Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(new DemoDataOptions(Opportunities: 60, Seed: 23, Password: DemoPassword, Leads: 8));
        }

        var adminId = await Factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var rep = await Factory.WithDbAsync(async db =>
        {
            var reps = await (from u in db.Users
                              join ur in db.UserRoles on u.Id equals ur.UserId
                              join r in db.Roles on ur.RoleId equals r.Id
                              where r.Name == SystemRoles.SalesRep
                              select new { u.Id, u.UserName }).ToListAsync();
            var ids = reps.Select(r => r.Id).ToList();
            var owned = await db.Opportunities.Where(o => ids.Contains(o.OwnerId)).GroupBy(o => o.OwnerId).Select(g => new { Owner = g.Key, Count = g.Count() }).ToListAsync();
            var most = owned.OrderByDescending(o => o.Count).ThenBy(o => o.Owner).Select(o => o.Owner).FirstOrDefault(ids[0]);
            return reps.Single(r => r.Id == most);
        });
        RepUserName = rep.UserName!;

        // Records with a history, as made by hand: the admin's and the rep's.
        var northwind = await Factory.AccountAsync("Northwind Traders International Holdings", adminId);
        var ada = await Factory.ContactAsync("Ada", "Lovelace", "ada.lovelace@northwind.example.com", adminId, northwind);
        await Factory.OpportunityAsync("Fleet rollout for the northern distribution centres, phase two", adminId, northwind, "negotiation", 571_390m, closeDate: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(40), contactId: ada);
        await Factory.OpportunityAsync("Warehouse automation pilot", adminId, northwind, "needs_analysis", 48_000m, currency: "EUR", probability: 35, contactId: ada);
        await Factory.OpportunityAsync("Telecommunications infrastructure modernisation", adminId, northwind, "in_progress", 230_000m, closeDate: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(90));
        var fabrikam = await Factory.AccountAsync("Fabrikam Logistics", rep.Id);
        var kenji = await Factory.ContactAsync("Kenji", "Watanabe", "kenji.watanabe@fabrikam.example.com", rep.Id, fabrikam);
        await Factory.OpportunityAsync("Route planning licences for the whole European sales organisation", rep.Id, fabrikam, "solution_development", 125_000m, closeDate: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20), contactId: kenji);
        await Factory.OpportunityAsync("Scanner refresh", rep.Id, fabrikam, "lost", 9_800m, closeDate: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3), closeReason: "outsold");

        await SignInAsync(page, "admin", OroAppFactory.AdminPassword);

        // The management flow on: opportunities get its panel and transition dialogs.
        await page.GotoAsync("/system/workflows");
        await page.Locator("tr[data-workflow=\"opportunity_flow\"]").GetByRole(AriaRole.Button, new() { Name = "Activate Opportunity Management Flow" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-workflow=\"opportunity_flow\"] [data-testid=active]")).ToBeVisibleAsync();

        // Leads through their form: one of the admin's, one the admin gives the rep.
        await CreateLeadAsync(page, "Fleet tracking for 40 delivery vans", "Ingrid", "Halvorsen", "Nordlicht Logistik", null);
        await CreateLeadAsync(page, "Cold-chain monitoring", "Grace", "Hopper", "Contoso Pharmaceuticals", rep.Id);

        // An import with a refused row: its result page and the jobs list.
        await page.GotoAsync("/opportunities/import");
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = "crawler.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("Opportunity name,Customer Account Account name,Probability\r\nImported deal,Fabrikam Logistics,40\r\nRefused deal,Fabrikam Logistics,150\r\n"),
        });
        await page.GetByTestId("import").ClickAsync();
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/opportunities/import/\\d+$"));
        await this.Factory.RunImportJobAsync(int.Parse(page.Url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture));
        await page.Context.CloseAsync();
    }

    private static async Task CreateLeadAsync(IPage page, string name, string first, string last, string company, int? ownerId)
    {
        await page.GotoAsync("/leads/create");
        await page.GetByLabel("Lead name").FillAsync(name);
        await page.Locator("#Form_FirstName").FillAsync(first);
        await page.Locator("#Form_LastName").FillAsync(last);
        await page.GetByLabel("Company name").FillAsync(company);
        if (ownerId is int owner)
        {
            await page.Locator("#Form_OwnerId").SelectOptionAsync(owner.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/leads/\\d+$"));
    }
}
