using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.BrowserTests;

/// <summary>Issue 12 in the browser: a rep opens a lead, converts it editing the new contact, lands on the opportunity, and the lead is Qualified and gone from Open Leads.</summary>
public sealed class LeadTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_lead_is_converted_with_an_edited_new_contact_and_leaves_open_leads()
    {
        var page = await fixture.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, e) => scriptErrors.Add(e);
        await BrowserFixture.SignInAsync(page, "admin", OroAppFactory.AdminPassword);
        var tag = Guid.NewGuid().ToString("N")[..6];

        // Create the lead through its form, with a second e-mail added by the form's script.
        await page.GotoAsync("/leads");
        await page.GetByTestId("create-lead").ClickAsync();
        await page.GetByLabel("Lead name").FillAsync($"Fleet tracking {tag}");
        await page.Locator("#Form_FirstName").FillAsync("Ingrid");
        await page.Locator("#Form_LastName").FillAsync($"Halvorsen{tag}");
        await page.GetByLabel("Company name").FillAsync($"Nordlicht {tag}");
        await page.GetByLabel("Email 1", new() { Exact = true }).FillAsync($"ingrid.{tag}@nordlicht.example");
        await page.Locator("[data-point-list=Emails] [data-point-add]").ClickAsync();
        await page.Locator("[data-point-list=Emails] input[type=email]").Nth(1).FillAsync($"ops.{tag}@nordlicht.example");
        await page.GetByLabel("Source").SelectOptionAsync(new SelectOptionValue { Label = "Event" });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "lead-form.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-flash]")).ToContainTextAsync("Lead saved.");
        await Assertions.Expect(page.GetByTestId("lead-status")).ToHaveTextAsync("New");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "lead-view.png"), FullPage = true });

        // Convert: the form is prefilled; the user edits the new contact before saving.
        await page.GetByTestId("convert").ClickAsync();
        await Assertions.Expect(page.GetByLabel("Opportunity name")).ToHaveValueAsync($"Fleet tracking {tag}");
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Account" })).ToHaveValueAsync($"Nordlicht {tag}");
        var contact = page.GetByTestId("new-contact");
        await Assertions.Expect(contact.Locator("#NewContact_FirstName")).ToHaveValueAsync("Ingrid");
        await contact.Locator("#NewContact_JobTitle").FillAsync("Head of Operations");
        await contact.GetByLabel("Primary email 2").CheckAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "lead-convert.png"), FullPage = true });
        await page.GetByTestId("convert-save").ClickAsync();

        // On the opportunity, which links the lead.
        await Assertions.Expect(page.Locator("[data-flash]")).ToContainTextAsync("Lead converted");
        await Assertions.Expect(page.GetByTestId("lead")).ToHaveTextAsync($"Fleet tracking {tag}");
        Assert.Matches("/opportunities/\\d+$", page.Url);
        var lead = await fixture.Factory.WithDbAsync(db => db.Set<Lead>().AsNoTracking().SingleAsync(l => l.Name == $"Fleet tracking {tag}"));
        Assert.Equal(LeadStatus.Qualified, lead.StatusCode);
        var created = await fixture.Factory.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.Id == lead.ContactId));
        Assert.Equal(("Head of Operations", $"ops.{tag}@nordlicht.example"), (created.JobTitle, created.Email));

        // Qualified, and gone from Open Leads (still in All Leads).
        await page.GetByTestId("lead").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByTestId("lead-status")).ToHaveTextAsync("Qualified");
        await Assertions.Expect(page.GetByTestId("convert")).ToHaveCountAsync(0);
        await page.GotoAsync($"/leads?q={tag}");
        await Assertions.Expect(page.GetByText("No leads match this view.")).ToBeVisibleAsync();
        await page.GotoAsync($"/leads?view=all&q={tag}");
        await Assertions.Expect(page.Locator($"tr[data-lead='{lead.Id}']")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "leads-grid.png"), FullPage = true });
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 1, $"The leads grid page scrolls sideways by {overflow} px.");
        Assert.Empty(scriptErrors);
    }
}
