using System.Net;
using Oro.Opportunities.IntegrationTests.Configuration;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Customers.CustomerTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Leads;

/// <summary>
/// The switches of spec §8 for leads (issue 12): Enable Lead off hides the menu entry and answers 404
/// on every lead URL; Enable Opportunity off takes the conversion away. On a database of their own:
/// the switches are global.
/// </summary>
public abstract class LeadFeatureToggleTests(AppFixture fixture)
{
    [Fact]
    public async Task With_leads_off_the_menu_entry_is_gone_and_every_lead_url_answers_404_until_they_are_on_again()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var leadId = await client.CreateLeadAsync(Unique("Toggle"), adminId, ("Form.LastName", "Off"), ("Form.CompanyName", Unique("Toggle Co")));
        var converted = await client.CreateLeadAsync(Unique("Converted"), adminId, ("Form.LastName", "On"), ("Form.CompanyName", Unique("Conv Co")));
        var opportunityId = IdFrom(await client.ConvertAsync(converted, await client.ConvertFormAsync(converted)), "opportunities");

        await factory.SaveLeadSettingsAsync(client, enabled: false);
        try
        {
            var urls = new[] { "/leads", "/leads?view=all", $"/leads/{leadId}", $"/leads/{leadId}/edit", $"/leads/{leadId}/convert", "/leads/create", "/leads/import", "/leads/export", "/leads/import/template" };
            foreach (var url in urls)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
            }

            var posts = new[] { $"/leads/{leadId}/disqualify", $"/leads/{leadId}/convert", "/leads/mass", $"/leads/{leadId}/delete" };
            foreach (var url in posts)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync(url, Fields(("version", "0")))).StatusCode);
            }

            Assert.DoesNotContain("href=\"/leads\"", await client.GetStringAsync("/"), StringComparison.Ordinal);
            Assert.DoesNotContain("/leads/", await client.GetStringAsync($"/opportunities/{opportunityId}"), StringComparison.Ordinal);
        }
        finally
        {
            await factory.SaveLeadSettingsAsync(client, enabled: true);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/leads/{leadId}")).StatusCode);
        Assert.Contains("href=\"/leads\"", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_opportunities_off_the_convert_button_is_gone_and_converting_answers_with_the_reason()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var leadId = await client.CreateLeadAsync(Unique("No deals"), adminId, ("Form.LastName", "Off"), ("Form.CompanyName", Unique("Off Co")));
        Assert.Contains("data-testid=\"convert\"", await client.GetStringAsync($"/leads/{leadId}"), StringComparison.Ordinal);

        await factory.SaveOpportunitySettingsAsync(client, enabled: false, displayRelevant: true);
        try
        {
            var page = await client.GetStringAsync($"/leads/{leadId}");
            var convert = await client.GetAsync($"/leads/{leadId}/convert");

            Assert.DoesNotContain("data-testid=\"convert\"", page, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"disqualify\"", page, StringComparison.Ordinal);
            Assert.Equal($"/leads/{leadId}", convert.Headers.Location!.OriginalString);
        }
        finally
        {
            await factory.SaveOpportunitySettingsAsync(client, enabled: true, displayRelevant: true);
        }
    }
}

public sealed class SqliteLeadFeatureToggleTests(SqliteAppFixture fixture) : LeadFeatureToggleTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresLeadFeatureToggleTests(PostgresAppFixture fixture) : LeadFeatureToggleTests(fixture), IClassFixture<PostgresAppFixture>;
