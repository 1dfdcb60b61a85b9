using System.Net;
using Oro.Opportunities.Domain.Statuses;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Configuration.ConfigurationTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Configuration;

/// <summary>System → Configuration → Sales Pipeline over HTTP. The tests share one app and run one at a time.</summary>
public sealed class OpportunityConfigurationTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    [Fact]
    public async Task The_configuration_root_opens_the_opportunity_section()
    {
        var client = await fixture.Start().AdminClientAsync();

        var response = await client.GetAsync("/system/configuration");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(OpportunityPage, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData(OpportunityPage, "Opportunity")]
    [InlineData(LeadPage, "Lead")]
    [InlineData(CurrencyPage, "Currency")]
    public async Task Each_section_shows_the_breadcrumb_and_the_section_menu(string url, string section)
    {
        var client = await fixture.Start().AdminClientAsync();

        var html = await client.GetStringAsync(url);

        var start = html.IndexOf("<ol class=\"breadcrumb", StringComparison.Ordinal);
        var trail = System.Text.RegularExpressions.Regex.Matches(html[start..html.IndexOf("</ol>", start, StringComparison.Ordinal)], ">([^<>]+)</(?:a|li)>")
            .Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.Equal(section == "Currency" ? ["Home", "System", "Configuration", "Currency"] : ["Home", "System", "Configuration", "Sales Pipeline", section], trail);
        Assert.Contains("<a href=\"/system/configuration\">Configuration</a>", html, StringComparison.Ordinal);
        Assert.Contains($"<li class=\"breadcrumb-item active\" aria-current=\"page\">{section}</li>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"configuration-menu\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{OpportunityPage}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{LeadPage}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{CurrencyPage}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{url}\" aria-current=\"page\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_opportunity_page_lists_the_statuses_in_order_with_won_and_lost_read_only()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        var statuses = await factory.StatusesAsync();
        var won = statuses.Single(s => s.Code == OpportunityStatus.WonCode);

        var html = await client.GetStringAsync(OpportunityPage);

        var positions = statuses.Select(s => html.IndexOf($"data-status-code=\"{s.Code}\"", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Matches($"name=\"StatusList.Statuses\\[{won.Id}\\].DefaultProbability\" value=\"100\" type=\"number\" readonly", html);
        Assert.DoesNotContain("form=\"delete-status-" + won.Id + "\"", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/js/configuration.js?v=", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/lib/sortablejs/Sortable.min.js\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_the_opportunity_settings_persists_them_and_the_snapshot_follows()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();

        var response = await factory.SaveOpportunitySettingsAsync(client, enabled: true, displayRelevant: false);
        var page = await client.FollowAsync(response);
        var afterOff = await factory.SnapshotAsync();
        await factory.SaveOpportunitySettingsAsync(client, enabled: true, displayRelevant: true);
        var afterOn = await factory.SnapshotAsync();

        Assert.Contains("Configuration saved", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Settings.DisplayRelevantOpportunities\" value=\"true\" checked", page, StringComparison.Ordinal);
        Assert.False(afterOff.DisplayRelevantOpportunities);
        Assert.True(afterOff.OpportunityEnabled);
        Assert.True(afterOn.DisplayRelevantOpportunities);
        Assert.Equal(afterOff.Revision + 1, afterOn.Revision);
        var stored = await factory.DbAsync(db => Task.FromResult(db.Settings.Single(s => s.Key == Application.Configuration.SettingKeys.DisplayRelevantOpportunities).Value));
        Assert.Equal("true", stored);
    }

    [Fact]
    public async Task Switching_opportunities_off_hides_them_and_answers_404_until_switched_on_again()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/opportunities")).StatusCode);

        await factory.SaveOpportunitySettingsAsync(client, enabled: false, displayRelevant: true);
        var whileOff = await client.GetAsync("/opportunities");
        var homeWhileOff = await client.GetStringAsync("/");
        await factory.SaveOpportunitySettingsAsync(client, enabled: true, displayRelevant: true);
        var whenOn = await client.GetAsync("/opportunities");
        var homeWhenOn = await client.GetStringAsync("/");

        Assert.Equal(HttpStatusCode.NotFound, whileOff.StatusCode);
        Assert.DoesNotContain("href=\"/opportunities\"", homeWhileOff, StringComparison.Ordinal);
        Assert.Contains("href=\"/leads\"", homeWhileOff, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, whenOn.StatusCode);
        Assert.Contains("href=\"/opportunities\"", homeWhenOn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switching_leads_off_hides_them_and_answers_404_until_switched_on_again()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();

        var saved = await factory.SaveLeadSettingsAsync(client, enabled: false);
        var page = await client.FollowAsync(saved);
        var whileOff = await client.GetAsync("/leads");
        var homeWhileOff = await client.GetStringAsync("/");
        var snapshotWhileOff = await factory.SnapshotAsync();
        await factory.SaveLeadSettingsAsync(client, enabled: true);
        var whenOn = await client.GetAsync("/leads");
        var homeWhenOn = await client.GetStringAsync("/");

        Assert.Contains("Configuration saved", page, StringComparison.Ordinal);
        Assert.False(snapshotWhileOff.LeadEnabled);
        Assert.Equal(HttpStatusCode.NotFound, whileOff.StatusCode);
        Assert.DoesNotContain("href=\"/leads\"", homeWhileOff, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, whenOn.StatusCode);
        Assert.Contains("href=\"/leads\"", homeWhenOn, StringComparison.Ordinal);
        Assert.True((await factory.SnapshotAsync()).LeadEnabled);
    }

    [Fact]
    public async Task With_both_modules_off_the_sales_menu_disappears()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();

        await factory.SaveOpportunitySettingsAsync(client, enabled: false, displayRelevant: true);
        await factory.SaveLeadSettingsAsync(client, enabled: false);
        var whileOff = await client.GetStringAsync("/");
        await factory.SaveOpportunitySettingsAsync(client, enabled: true, displayRelevant: true);
        await factory.SaveLeadSettingsAsync(client, enabled: true);
        var whenOn = await client.GetStringAsync("/");

        Assert.DoesNotContain("data-nav=\"sales\"", whileOff, StringComparison.Ordinal);
        Assert.Contains("data-nav=\"sales\"", whenOn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_built_from_an_old_revision_is_refused_and_overwrites_nothing()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        var status = await factory.AddStatusAsync(client, "Stale check " + Guid.NewGuid().ToString("N")[..6]);
        var formRevision = await factory.RevisionAsync();

        // Someone else renames the status first…
        var first = await client.PostFormAsync(OpportunityPage + "/statuses", StatusListFields(formRevision,
            (await factory.StatusesAsync()).Select(s => (s.Id, s.Id == status.Id ? "Renamed by the first admin" : s.Label, s.DefaultProbability))), tokenPage: OpportunityPage);
        // …then a form opened before that change is sent, and the settings form of the same age too.
        var stale = await client.PostFormAsync(OpportunityPage + "/statuses", StatusListFields(formRevision,
            (await factory.StatusesAsync()).Select(s => (s.Id, s.Id == status.Id ? "Renamed by the second admin" : s.Label, s.Id == status.Id ? 90 : s.DefaultProbability))), tokenPage: OpportunityPage);
        var staleSettings = await factory.SaveOpportunitySettingsAsync(client, enabled: false, displayRelevant: false, revision: formRevision);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("changed by someone else", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("changed by someone else", await staleSettings.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await factory.StatusAsync(status.Code);
        Assert.Equal("Renamed by the first admin", stored.Label);
        Assert.Equal(30, stored.DefaultProbability);
        var snapshot = await factory.SnapshotAsync();
        Assert.True(snapshot.OpportunityEnabled);
        Assert.Equal(formRevision + 1, snapshot.Revision);
    }

    [Fact]
    public async Task Changing_a_probability_persists_and_reaches_the_snapshot()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        var status = await factory.AddStatusAsync(client, "Probability " + Guid.NewGuid().ToString("N")[..6], probability: 30);

        var response = await client.PostFormAsync(OpportunityPage + "/statuses", StatusListFields(await factory.RevisionAsync(),
            (await factory.StatusesAsync()).Select(s => (s.Id, s.Label, s.Id == status.Id ? 65 : s.DefaultProbability))), tokenPage: OpportunityPage);
        var page = await client.FollowAsync(response);

        Assert.Contains("Configuration saved", page, StringComparison.Ordinal);
        Assert.Equal(65, (await factory.StatusAsync(status.Code)).DefaultProbability);
        Assert.Equal(65, (await factory.SnapshotAsync()).FindStatus(status.Code)!.DefaultProbability);
    }

    [Fact]
    public async Task The_probability_of_won_cannot_be_changed()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        var won = await factory.StatusAsync(OpportunityStatus.WonCode);
        var revision = await factory.RevisionAsync();

        var response = await client.PostFormAsync(OpportunityPage + "/statuses", StatusListFields(revision,
            (await factory.StatusesAsync()).Select(s => (s.Id, s.Label, s.Id == won.Id ? 90 : s.DefaultProbability))), tokenPage: OpportunityPage);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("is fixed at 100 %", html, StringComparison.Ordinal);
        Assert.Contains($"data-valmsg-for=\"StatusList.Statuses[{won.Id}].DefaultProbability\"", html, StringComparison.Ordinal);
        Assert.Equal(100, (await factory.StatusAsync(OpportunityStatus.WonCode)).DefaultProbability);
        Assert.Equal(revision, await factory.RevisionAsync());
    }

    [Fact]
    public async Task An_invalid_row_is_shown_beside_its_field_and_nothing_is_saved()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        var status = await factory.AddStatusAsync(client, "Invalid row " + Guid.NewGuid().ToString("N")[..6]);

        var response = await client.PostFormAsync(OpportunityPage + "/statuses", StatusListFields(await factory.RevisionAsync(),
            (await factory.StatusesAsync()).Select(s => (s.Id, s.Id == status.Id ? string.Empty : s.Label, s.Id == status.Id ? 120 : s.DefaultProbability))), tokenPage: OpportunityPage);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"data-valmsg-for=\"StatusList.Statuses[{status.Id}].Label\" data-valmsg-replace=\"true\">Enter a label.", html, StringComparison.Ordinal);
        Assert.Contains("Enter a whole percent from 0 to 100.", html, StringComparison.Ordinal);
        Assert.Equal(status.Label, (await factory.StatusAsync(status.Code)).Label);
    }

    [Fact]
    public async Task Adding_a_status_derives_a_unique_code_and_places_it_after_the_last_open_status()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        var label = "Proposal Sent " + Guid.NewGuid().ToString("N")[..6];

        var first = await factory.AddStatusAsync(client, label, probability: 60);
        // A different label (labels are unique) that gives the same code.
        var second = await factory.AddStatusAsync(client, label.Replace(' ', '-'), probability: 60);
        var statuses = await factory.StatusesAsync();

        Assert.Equal(StatusList.CodeFromLabel(label), first.Code);
        Assert.Equal(first.Code + "_2", second.Code);
        Assert.Equal(StatusKind.Open, first.Kind);
        Assert.False(first.IsSystem);
        Assert.Equal(60, first.DefaultProbability);
        var order = statuses.Select(s => s.Code).ToList();
        Assert.Equal(order.IndexOf(first.Code) + 1, order.IndexOf(second.Code));
        Assert.Equal(order.IndexOf(second.Code) + 1, order.IndexOf(OpportunityStatus.WonCode));
        Assert.Equal(OpportunityStatus.LostCode, order[^1]);
        Assert.NotNull((await factory.SnapshotAsync()).FindStatus(second.Code));
    }

    [Fact]
    public async Task Adding_a_status_without_a_label_shows_the_message_beside_the_field()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        var count = (await factory.StatusesAsync()).Count;

        var response = await client.PostFormAsync(OpportunityPage + "/statuses/add", Fields(
            ("NewStatus.Revision", Text(await factory.RevisionAsync())),
            ("NewStatus.Label", " "),
            ("NewStatus.DefaultProbability", "10")), tokenPage: OpportunityPage);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-valmsg-for=\"NewStatus.Label\" data-valmsg-replace=\"true\">Enter a label for the new status.", html, StringComparison.Ordinal);
        Assert.Equal(count, (await factory.StatusesAsync()).Count);
    }

    [Fact]
    public async Task Renaming_a_status_keeps_its_code()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        var status = await factory.AddStatusAsync(client, "Rename me " + Guid.NewGuid().ToString("N")[..6]);

        await client.PostFormAsync(OpportunityPage + "/statuses", StatusListFields(await factory.RevisionAsync(),
            (await factory.StatusesAsync()).Select(s => (s.Id, s.Id == status.Id ? "  Renamed <b>status</b> " : s.Label, s.DefaultProbability))), tokenPage: OpportunityPage);
        var html = await client.GetStringAsync(OpportunityPage);

        var renamed = await factory.StatusAsync(status.Code);
        Assert.Equal("Renamed <b>status</b>", renamed.Label);
        Assert.Contains("value=\"Renamed &lt;b&gt;status&lt;/b&gt;\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>status</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reordering_the_statuses_stores_the_posted_row_order()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        await factory.AddStatusAsync(client, "Reorder " + Guid.NewGuid().ToString("N")[..6]);
        var statuses = await factory.StatusesAsync();
        var reordered = statuses.AsEnumerable().Reverse().ToList();

        var response = await client.PostFormAsync(OpportunityPage + "/statuses", StatusListFields(await factory.RevisionAsync(), reordered), tokenPage: OpportunityPage);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(reordered.Select(s => s.Id), (await factory.StatusesAsync()).Select(s => s.Id));
        Assert.Equal(reordered.Select(s => s.Code), (await factory.SnapshotAsync()).Statuses.Select(s => s.Code));

        // Back to the original order, so the other tests see the usual board order.
        await client.PostFormAsync(OpportunityPage + "/statuses", StatusListFields(await factory.RevisionAsync(), statuses), tokenPage: OpportunityPage);
        Assert.Equal(statuses.Select(s => s.Id), (await factory.StatusesAsync()).Select(s => s.Id));
    }

    [Fact]
    public async Task An_unused_custom_status_is_deleted()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        var status = await factory.AddStatusAsync(client, "Delete me " + Guid.NewGuid().ToString("N")[..6]);
        var page = await client.GetStringAsync(OpportunityPage);

        var response = await client.PostFormAsync($"{OpportunityPage}/statuses/{status.Id}/delete",
            Fields(("Revision", Text(await factory.RevisionAsync()))), tokenPage: OpportunityPage);
        var after = await client.FollowAsync(response);

        Assert.Contains($"id=\"delete-status-{status.Id}\"", page, StringComparison.Ordinal);
        Assert.Contains("deleted. Configuration saved", after, StringComparison.Ordinal);
        Assert.DoesNotContain(await factory.StatusesAsync(), s => s.Id == status.Id);
        Assert.Null((await factory.SnapshotAsync()).FindStatus(status.Code));
    }

    [Theory]
    [InlineData(OpportunityStatus.OpenCode)]
    [InlineData(OpportunityStatus.WonCode)]
    [InlineData(OpportunityStatus.LostCode)]
    public async Task A_system_status_cannot_be_deleted(string code)
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        var status = await factory.StatusAsync(code);

        var response = await client.PostFormAsync($"{OpportunityPage}/statuses/{status.Id}/delete",
            Fields(("Revision", Text(await factory.RevisionAsync()))), tokenPage: OpportunityPage);
        var page = await client.FollowAsync(response);
        var confirmation = await client.GetStringAsync($"{OpportunityPage}/statuses/{status.Id}/delete");

        Assert.Contains("is a system status and cannot be deleted", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"system-status\"", confirmation, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"delete-status-form\"", confirmation, StringComparison.Ordinal);
        Assert.Contains(await factory.StatusesAsync(), s => s.Id == status.Id);
    }
}
