using System.Net;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.Auditing;
using Oro.Opportunities.Domain.ImportExport;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.IntegrationTests.ImportExport;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Customers.CustomerTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Leads;

/// <summary>
/// Lead import and export (spec §9, issue 12): the same engine, job page and error report as the
/// opportunities; a file Oro exported imports unchanged; export → import round-trips; an opportunity
/// file's "Lead Lead name" links the lead.
/// </summary>
public abstract class LeadImportTests(AppFixture fixture)
{
    private static string SamplePath => Path.Combine(AppContext.BaseDirectory, "ImportExport", "Data", "oro-lead-export-sample.csv");

    [Fact]
    public async Task The_oro_lead_export_sample_imports_unchanged_with_its_lists_statuses_sources_and_account()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var leadsBefore = await factory.WithDbAsync(db => db.Set<Lead>().Select(l => l.Id).ToListAsync());

        var response = await client.UploadAsync(await File.ReadAllBytesAsync(SamplePath), fileName: "leads.csv", path: "/leads");
        var jobId = ImportTestSupport.JobIdFrom(response, "/leads");
        await factory.RunJobAsync(jobId);
        var job = await factory.JobAsync(jobId);
        var page = await client.GetStringAsync($"/leads/import/{jobId}");

        Assert.Equal(ImportJobState.Completed, job.State);
        Assert.Equal((4, 4, 0, 0), (job.RowsRead, job.RowsCreated, job.RowsUpdated, job.RowsFailed));
        Assert.Contains("\"Opportunities 1 Opportunity name\" is not imported", job.Notices, StringComparison.Ordinal);
        Assert.Contains("\"Tags\" is not imported", job.Notices, StringComparison.Ordinal);
        Assert.Contains("/leads/import", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/opportunities/import/{jobId}")).StatusCode);

        var leads = await factory.WithDbAsync(db => db.Set<Lead>().AsNoTracking().Where(l => !leadsBefore.Contains(l.Id)).OrderBy(l => l.Id).ToListAsync());
        Assert.Equal(["new", "new", "qualified", "canceled"], leads.Select(l => l.StatusCode).ToArray());
        Assert.Equal(["website", "event", "referral", "cold_call"], leads.Select(l => l.SourceCode!).ToArray());
        var nordlicht = leads[0];
        Assert.Equal(("Nordlicht Solar — fleet tracking", "Ms.", "Ingrid", "Halvorsen", "Head of Operations", "Nordlicht Solar AS", "https://nordlicht.example", (int?)240, "Energy"),
            (nordlicht.Name, nordlicht.NamePrefix, nordlicht.FirstName, nordlicht.LastName, nordlicht.JobTitle, nordlicht.CompanyName, nordlicht.Website, nordlicht.NumberOfEmployees, nordlicht.Industry));
        Assert.Equal(("Head office", "Storgata 12", "0155", "Oslo", "NO", true),
            (nordlicht.Addresses[0].Label, nordlicht.Addresses[0].Street, nordlicht.Addresses[0].PostalCode, nordlicht.Addresses[0].City, nordlicht.Addresses[0].Country, nordlicht.Addresses[0].IsPrimary));
        var cafe = leads[1];
        Assert.Equal([new EmailAddress("elodie@cafe-lumiere.example", true), new EmailAddress("contact@cafe-lumiere.example", false)], cafe.Emails.ToList());
        Assert.Equal([new PhoneNumber("+33 4 78 00 00 01", true), new PhoneNumber("+33 6 12 34 56 78", false)], cafe.Phones.ToList());
        Assert.Equal((2, "Lumière SARL", false), (cafe.Addresses.Count, cafe.Addresses[1].Organization, cafe.Addresses[1].IsPrimary));
        Assert.Equal("Met at the retail fair; wants a demo in January", cafe.Notes);
        var harbor = leads[2];
        Assert.Equal("Harbor Freight Analytics", (await factory.AccountAsync(harbor.AccountId!.Value))!.Name);
        Assert.Equal("Asked twice; see the earlier lead", leads[3].Notes);
        var audit = await factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "Lead" && a.EntityId == nordlicht.Id).ToListAsync());
        Assert.Equal(AuditAction.Created, Assert.Single(audit).Action);
    }

    [Fact]
    public async Task Export_then_import_of_the_same_file_changes_nothing_and_a_broken_row_is_reported_without_stopping_the_others()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var tag = Unique("rt");
        var accountId = await client.CreateAccountAsync("Account " + tag, adminId);
        var first = await client.CreateLeadAsync("First " + tag, adminId,
            ("Form.FirstName", "Ann"), ("Form.LastName", "Lee"), ("Form.CompanyName", "Co, \"quoted\" " + tag), ("Form.SourceCode", "partner"),
            ("Form.Emails[0]", "a@example.com"), ("Form.Emails[1]", "b@example.com"), ("Form.Emails[2]", "c@example.com"), ("Form.PrimaryEmail", "2"),
            ("Form.Phones[0]", "=1+2"), ("Form.Addresses[0].City", "Lyon"), ("Form.Addresses[0].Country", "FR"),
            ("Form.AccountId", Text(accountId)), ("Form.AccountName", "Account " + tag), ("Form.NumberOfEmployees", "12"), ("Form.Notes", "line one\nline two"));
        var second = await client.CreateLeadAsync("Second " + tag, adminId, ("Form.LastName", "Kim"));
        await client.PostFormAsync($"/leads/{second}/disqualify", Fields(("version", "0")));
        var before = await factory.WithDbAsync(db => db.Set<Lead>().AsNoTracking().Where(l => l.Id == first || l.Id == second).OrderBy(l => l.Id).ToListAsync());

        var export = await client.GetStringAsync("/leads/export?view=all&sort=name&dir=asc&q=" + Uri.EscapeDataString(tag));
        var rows = ImportTestSupport.ParseCsv(export);
        Assert.Equal(3, rows.Count);

        // Export Grid follows the grid's sort (issue 23: leads came in id order whatever the sort).
        var byNameDescending = ImportTestSupport.ParseCsv(await client.GetStringAsync("/leads/export?view=all&sort=name&dir=desc&q=" + Uri.EscapeDataString(tag)));
        Assert.Equal([Text(second), Text(first)], byNameDescending.Skip(1).Select(r => r[0]));
        var newestFirst = ImportTestSupport.ParseCsv(await client.GetStringAsync("/leads/export?view=all&q=" + Uri.EscapeDataString(tag)));
        Assert.Equal([Text(second), Text(first)], newestFirst.Skip(1).Select(r => r[0]));
        Assert.Equal("Emails 3 Email", rows[0].Single(h => h.StartsWith("Emails 3", StringComparison.Ordinal)));
        Assert.Equal("'=1+2", rows[1][Array.IndexOf(rows[0], "Phones 1 Phone")]);
        Assert.Equal("c@example.com", rows[1][Array.IndexOf(rows[0], "Emails 1 Email")]);

        var job = await factory.ImportAsync(client, export, path: "/leads");

        // Rows that change nothing are "unchanged": no update counted, no new Updated date, no new version (issue 23: "Updated 508").
        Assert.Equal((ImportJobState.Completed, 2, 0, 0, 0), (job.State, job.RowsRead, job.RowsCreated, job.RowsUpdated, job.RowsFailed));
        Assert.Matches("data-testid=\"rows-unchanged\">2</dd>", await client.GetStringAsync($"/leads/import/{job.Id}"));
        var after = await factory.WithDbAsync(db => db.Set<Lead>().AsNoTracking().Where(l => l.Id == first || l.Id == second).OrderBy(l => l.Id).ToListAsync());
        foreach (var (a, b) in before.Zip(after))
        {
            Assert.Equal(
                (a.Name, a.CompanyName, a.SourceCode, a.StatusCode, a.FirstName, a.LastName, a.Emails, a.Phones, a.Addresses, a.AccountId, a.NumberOfEmployees, a.Notes, a.OwnerId, a.UpdatedAt, a.Version),
                (b.Name, b.CompanyName, b.SourceCode, b.StatusCode, b.FirstName, b.LastName, b.Emails, b.Phones, b.Addresses, b.AccountId, b.NumberOfEmployees, b.Notes, b.OwnerId, b.UpdatedAt, b.Version));
        }

        Assert.Equal(LeadStatus.Disqualified, after[1].StatusCode);

        // A row with a bad e-mail and an unknown source is reported; the row beside it is imported.
        var broken = ImportTestSupport.Quote("Broken " + tag) + ",,,not-an-email,nowhere";
        var csv = "Lead name,First name,Last name,Emails 1 Email,Source Id\r\n" + broken + "\r\n" + ImportTestSupport.Quote("Fine " + tag) + ",Bo,Ek,bo@example.com,website\r\n";
        var partial = await factory.ImportAsync(client, csv, path: "/leads");
        var errors = await factory.ErrorsAsync(partial.Id);
        Assert.Equal((2, 1, 1), (partial.RowsRead, partial.RowsCreated, partial.RowsFailed));
        Assert.Contains(errors, e => e.Row == 2 && e.Column == "Source Id");
        Assert.Contains(errors, e => e.Row == 2 && e.Column == "Emails 1 Email");

        // A lead import is listed with the others, linking to its own page (issue 23: only opportunity imports were).
        var jobs = await client.GetStringAsync("/system/jobs");
        Assert.Contains($"href=\"/leads/import/{partial.Id}\"", jobs, StringComparison.Ordinal);
        Assert.Contains($"/leads/import/{partial.Id}", await client.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Single(await factory.WithDbAsync(db => db.Set<Lead>().Where(l => l.Name == "Fine " + tag).ToListAsync()));
        Assert.Empty(await factory.WithDbAsync(db => db.Set<Lead>().Where(l => l.Name == "Broken " + tag).ToListAsync()));
    }

    [Fact]
    public async Task An_opportunity_file_links_the_lead_it_names_and_the_export_writes_it_back()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var tag = Unique("ld");
        var leadId = await client.CreateLeadAsync("Lead " + tag, adminId, ("Form.LastName", "Ng"));
        var leadColumn = Array.IndexOf(ImportTestSupport.Header.Split(','), "Lead Lead name");
        string Line(string name, string lead)
        {
            var cells = ImportTestSupport.ParseCsv(ImportTestSupport.Csv(ImportTestSupport.Row(name, "Account " + tag)))[1];
            cells[leadColumn] = lead;
            return string.Join(',', cells.Select(ImportTestSupport.Quote));
        }

        var file = ImportTestSupport.Header + "\r\n" + Line("Deal " + tag, "Lead " + tag) + "\r\n" + Line("Other " + tag, "No such lead " + tag) + "\r\n";

        var job = await factory.ImportAsync(client, file);

        // Oro's own files name leads this application may not have: that row is imported without one, with a notice.
        Assert.Equal((2, 2, 0), (job.RowsRead, job.RowsCreated, job.RowsFailed));
        Assert.Contains($"Row 3: there is no lead named \"No such lead {tag}\"; the opportunity was imported without a lead.", job.Notices, StringComparison.Ordinal);
        Assert.Empty(await factory.ErrorsAsync(job.Id));
        var opportunity = Assert.Single(await factory.OpportunitiesOfLeadAsync(leadId));
        Assert.Equal("Deal " + tag, opportunity.Name);
        var export = ImportTestSupport.ParseCsv(await client.GetStringAsync("/opportunities/export?view=all&name=" + Uri.EscapeDataString("Deal " + tag)));
        Assert.Equal("Lead " + tag, export[1][Array.IndexOf(export[0], "Lead Lead name")]);
        Assert.Contains($"<a href=\"/leads/{leadId}\">Lead {tag}</a>", await client.GetStringAsync($"/opportunities/{opportunity.Id}"), StringComparison.Ordinal);
    }
}

public sealed class SqliteLeadImportTests(SqliteAppFixture fixture) : LeadImportTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresLeadImportTests(PostgresAppFixture fixture) : LeadImportTests(fixture), IClassFixture<PostgresAppFixture>;
