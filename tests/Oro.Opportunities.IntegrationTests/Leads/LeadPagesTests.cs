using System.Net;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Customers.CustomerTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Leads;

/// <summary>Sales → Leads over HTTP (spec §9): create, edit with history, the grid's views, filters, sorting, paging, saved views and mass actions, Disqualify and Reactivate.</summary>
public abstract class LeadPagesTests(AppFixture fixture)
{
    [Fact]
    public async Task A_lead_is_created_with_every_field_shown_on_its_page_and_an_edit_is_in_its_history()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var tag = Unique("Lead");
        var id = await client.CreateLeadAsync("Solar roof " + tag, adminId,
            ("Form.FirstName", "Ada"), ("Form.LastName", "Quist"), ("Form.JobTitle", "CTO"), ("Form.CompanyName", "Quist AB"),
            ("Form.Website", "https://quist.example"), ("Form.NumberOfEmployees", "42"), ("Form.Industry", "Energy"), ("Form.SourceCode", "referral"),
            ("Form.Emails[0]", "ada@quist.example"), ("Form.Phones[0]", "+46 8 123 456"), ("Form.Notes", "Call after the holidays"));
        var page = await client.GetStringAsync($"/leads/{id}");

        Assert.Contains("Lead saved.", page, StringComparison.Ordinal);
        Assert.Equal("Referral", TestIdText(page, "lead-source"));
        Assert.Equal("New", TestIdText(page, "lead-status"));
        Assert.Contains("data-testid=\"convert\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"disqualify\"", page, StringComparison.Ordinal);
        Assert.Contains("mailto:ada@quist.example", page, StringComparison.Ordinal);

        // The creation's history names what was set, not the lists that were left empty.
        Assert.Contains("Emails: ", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Addresses:", page, StringComparison.Ordinal);

        var form = await client.GetFormAsync($"/leads/{id}/edit", "data-testid=\"lead-form\"");
        form.Set("Form.CompanyName", "Quist Energy AB").Set("Form.Emails[1]", "info@quist.example").Set("Form.PrimaryEmail", "1");
        var saved = await form.PostAsync(client, $"/leads/{id}/edit");
        var after = await client.GetStringAsync($"/leads/{id}");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var lead = await factory.LeadAsync(id);
        Assert.Equal(("Quist Energy AB", "info@quist.example", 1L), (lead.CompanyName, lead.Email, lead.Version));
        Assert.Equal([new EmailAddress("info@quist.example", true), new EmailAddress("ada@quist.example", false)], lead.Emails.ToList());
        Assert.Contains("Company name: Quist AB → Quist Energy AB", after, StringComparison.Ordinal);
        Assert.Contains("Emails: ada@quist.example → info@quist.example (primary); ada@quist.example", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lead_without_a_name_or_with_a_bad_email_is_refused_beside_its_fields()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var count = await factory.WithDbAsync(db => db.Set<Lead>().CountAsync());

        var response = await client.PostFormAsync("/leads/create", Fields(
            ("Form.Name", " "), ("Form.Emails[0]", "nope"), ("Form.SourceCode", "not-a-source"), ("Form.OwnerId", Text(adminId)), ("Form.Version", "0")));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Enter the lead name.", FieldError(html, "Form.Name"));
        Assert.Equal("Enter a valid email address, such as name@example.com.", FieldError(html, "Form.Emails[0]"));
        Assert.Equal(count, await factory.WithDbAsync(db => db.Set<Lead>().CountAsync()));
    }

    [Fact]
    public async Task Open_leads_is_the_default_view_and_filters_sorting_and_paging_keep_each_other()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var tag = Unique("grid");
        var ids = new List<int>();
        foreach (var (name, company, source) in new[] { ("Alpha", "Zeta Co", "website"), ("Bravo", "Yotta Co", "event"), ("Charlie", "Xeno Co", "website") })
        {
            ids.Add(await client.CreateLeadAsync($"{name} {tag}", adminId, ("Form.CompanyName", $"{company} {tag}"), ("Form.SourceCode", source)));
        }

        await client.PostFormAsync($"/leads/{ids[1]}/disqualify", Fields(("version", "0")));

        var open = RowIds(await client.GetStringAsync("/leads?q=" + tag), "data-lead");
        var all = RowIds(await client.GetStringAsync("/leads?view=all&q=" + tag), "data-lead");
        var byCompany = RowIds(await client.GetStringAsync($"/leads?view=all&q={tag}&sort=company&dir=asc"), "data-lead");
        var website = RowIds(await client.GetStringAsync($"/leads?view=all&q={tag}&source=website&sort=name&dir=desc"), "data-lead");
        var disqualified = RowIds(await client.GetStringAsync($"/leads?view=all&q={tag}&status=canceled"), "data-lead");
        var firstPage = await client.GetStringAsync($"/leads?view=all&q={tag}&sort=name&dir=asc&size=10&page=9");

        Assert.Equal([ids[2], ids[0]], open);
        Assert.Equal([ids[2], ids[1], ids[0]], all);
        Assert.Equal([ids[2], ids[1], ids[0]], byCompany);
        Assert.Equal([ids[2], ids[0]], website);
        Assert.Equal([ids[1]], disqualified);
        Assert.Contains("Page 1 of 1", firstPage, StringComparison.Ordinal);
        Assert.Equal([ids[0], ids[1], ids[2]], RowIds(firstPage, "data-lead"));
    }

    [Fact]
    public async Task Every_page_shows_exactly_the_rows_of_the_order_when_the_second_half_is_read_from_the_end()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var tag = Unique("pages");

        // 23 leads: companies that tie in threes and some without one, so pages break inside ties and nulls.
        for (var i = 0; i < 23; i++)
        {
            await client.CreateLeadAsync($"Deal {i:D2} {tag}", adminId, i % 4 == 0 ? [] : [("Form.CompanyName", $"Co {i / 3} {tag}")]);
        }

        foreach (var (sort, dir) in new[] { ("company", "asc"), ("company", "desc"), ("name", "asc"), ("created", "desc"), ("owner", "asc") })
        {
            // One page of all of them is read forward; pages of ten are read forward (1, 2) and from the end (3);
            // the lead's own columns page their ids without joins, the owner sort pages the joined rows.
            var whole = RowIds(await client.GetStringAsync($"/leads?view=all&q={tag}&sort={sort}&dir={dir}&size=50"), "data-lead");
            var paged = new List<int>();
            for (var page = 1; page <= 3; page++)
            {
                paged.AddRange(RowIds(await client.GetStringAsync($"/leads?view=all&q={tag}&sort={sort}&dir={dir}&size=10&page={page}"), "data-lead"));
            }

            Assert.Equal(23, whole.Count);
            Assert.Equal(whole, paged);
        }
    }

    [Fact]
    public async Task A_saved_view_keeps_the_filters_and_can_be_the_default()
    {
        var factory = fixture.Start();
        var (client, user) = await factory.UserAsync([Domain.Security.SystemRoles.SalesManager]);
        var tag = Unique("view");
        var id = await client.CreateLeadAsync("Saved " + tag, user.Id, ("Form.SourceCode", "partner"));

        var saved = await client.PostFormAsync("/leads/views", Fields(("name", "Partners " + tag), ("query", "?view=all&source=partner&q=" + tag)), "/leads");
        var viewId = int.Parse(saved.Headers.Location!.OriginalString.Split("savedView=")[1], System.Globalization.CultureInfo.InvariantCulture);
        await client.PostFormAsync("/leads/views/default", Fields(("id", Text(viewId))), "/leads");
        var opened = await client.GetAsync("/leads");

        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Contains("savedView=" + viewId, opened.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal([id], RowIds(await client.GetStringAsync(opened.Headers.Location), "data-lead"));
    }

    [Fact]
    public async Task Mass_actions_assign_disqualify_and_delete_the_selected_leads()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var (_, rep) = await factory.RepAsync();
        var tag = Unique("mass");
        var a = await client.CreateLeadAsync("A " + tag, adminId);
        var b = await client.CreateLeadAsync("B " + tag, adminId);
        var c = await client.CreateLeadAsync("C " + tag, adminId);

        async Task<(string, string)> V(int id) => ($"versions[{id}]", Text((await factory.LeadAsync(id)).Version));
        var assigned = await client.PostFormAsync("/leads/mass", Fields(("action", "assign"), ("ids", Text(a)), await V(a), ("ids", Text(b)), await V(b), ("ownerId", Text(rep.Id))), "/leads");
        var disqualified = await client.PostFormAsync("/leads/mass", Fields(("action", "disqualify"), ("ids", Text(a)), await V(a), ("ids", Text(c)), await V(c)), "/leads");
        var again = await client.PostFormAsync("/leads/mass", Fields(("action", "disqualify"), ("ids", Text(a)), await V(a)), "/leads");
        var againPage = await client.GetStringAsync(again.Headers.Location);
        var deleted = await client.PostFormAsync("/leads/mass", Fields(("action", "delete"), ("ids", Text(b)), await V(b)), "/leads");

        Assert.All([assigned, disqualified, again, deleted], r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal((rep.Id, LeadStatus.Disqualified), ((await factory.LeadAsync(a)).OwnerId, (await factory.LeadAsync(a)).StatusCode));
        Assert.Equal(LeadStatus.Disqualified, (await factory.LeadAsync(c)).StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.Set<Lead>().AnyAsync(l => l.Id == b)));
        Assert.Contains("0 leads disqualified. 1 not changed", againPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disqualify_and_reactivate_move_the_status_and_a_stale_page_changes_nothing()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var id = await client.CreateLeadAsync(Unique("Status"), adminId);

        var disqualify = await client.PostFormAsync($"/leads/{id}/disqualify", Fields(("version", "0")));
        var page = await client.GetStringAsync($"/leads/{id}");
        var stale = await client.PostFormAsync($"/leads/{id}/reactivate", Fields(("version", "0")));
        var stalePage = await client.GetStringAsync(stale.Headers.Location);
        var reactivate = await client.PostFormAsync($"/leads/{id}/reactivate", Fields(("version", "1")));

        Assert.Equal($"/leads/{id}", disqualify.Headers.Location!.OriginalString);
        Assert.Equal("Disqualified", TestIdText(page, "lead-status"));
        Assert.Contains("data-testid=\"reactivate\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"disqualify\"", page, StringComparison.Ordinal);
        Assert.Contains("changed by someone else", stalePage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, reactivate.StatusCode);
        Assert.Equal((LeadStatus.New, 2L), ((await factory.LeadAsync(id)).StatusCode, (await factory.LeadAsync(id)).Version));
    }

    [Fact]
    public async Task The_source_list_is_configured_in_system_configuration_and_a_used_source_stays()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        await client.CreateLeadAsync(Unique("Source"), adminId, ("Form.SourceCode", "other"));
        var form = await client.GetFormAsync("/system/configuration/lead", "data-testid=\"lead-sources-form\"");
        var rows = form.All.Count(f => f.Key.EndsWith(".Label", StringComparison.Ordinal));

        form.Set($"Sources.Rows[{rows - 1}].Label", "Trade show");
        var added = await form.PostAsync(client, "/system/configuration/lead/sources");
        var afterAdd = await client.GetFormAsync("/system/configuration/lead", "data-testid=\"lead-sources-form\"");
        var otherRow = afterAdd.All.First(f => f.Value == "other").Key.Replace(".Code", ".Remove", StringComparison.Ordinal);
        afterAdd.Set(otherRow, "true");
        var refused = await afterAdd.PostAsync(client, "/system/configuration/lead/sources");
        var leadForm = await client.GetStringAsync("/leads/create");

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("<option value=\"trade_show\">Trade show</option>", leadForm, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("the source \"Other\"; it stays in the list until no lead uses it.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}

public sealed class SqliteLeadPagesTests(SqliteAppFixture fixture) : LeadPagesTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresLeadPagesTests(PostgresAppFixture fixture) : LeadPagesTests(fixture), IClassFixture<PostgresAppFixture>;
