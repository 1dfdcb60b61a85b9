using System.Net;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Configuration.ConfigurationTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Configuration;

/// <summary>System Configuration needs the System Configuration capability on every address, read or write.</summary>
public sealed class ConfigurationSecurityTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private const string RepPassword = "sales-rep-password-1";

    public static TheoryData<string> Pages => new()
    {
        "/system/configuration",
        OpportunityPage,
        LeadPage,
        CurrencyPage,
        OpportunityPage + "/statuses/1/delete",
        CurrencyPage + "/USD/history",
    };

    public static TheoryData<string> Posts => new()
    {
        OpportunityPage + "/settings",
        OpportunityPage + "/statuses",
        OpportunityPage + "/statuses/add",
        OpportunityPage + "/statuses/2/delete",
        LeadPage + "/settings",
        CurrencyPage + "/settings",
        CurrencyPage + "/rates",
        CurrencyPage + "/add",
        CurrencyPage + "/USD/remove",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_sales_rep_gets_403_on_every_configuration_page(string url)
    {
        var client = await RepClientAsync();

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task A_sales_rep_gets_403_on_every_configuration_post_and_changes_nothing(string url)
    {
        var factory = fixture.Start();
        var client = await RepClientAsync();
        var revision = await factory.RevisionAsync();
        var statusCount = (await factory.StatusesAsync()).Count;

        // A valid antiforgery token (from the rep's own home page), so only authorization can refuse.
        var response = await client.PostFormAsync(url, Fields(
            ("Revision", Text(revision)),
            ("Settings.Revision", Text(revision)),
            ("Settings.OpportunityEnabled", "false"),
            ("Settings.LeadEnabled", "false"),
            ("NewStatus.Revision", Text(revision)),
            ("NewStatus.Label", "Sneaky"),
            ("NewStatus.DefaultProbability", "10")), tokenPage: "/");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(revision, await factory.RevisionAsync());
        Assert.Equal(statusCount, (await factory.StatusesAsync()).Count);
    }

    [Fact]
    public async Task An_administrator_opens_every_configuration_page()
    {
        var client = await fixture.Start().AdminClientAsync();

        foreach (var url in new[] { OpportunityPage, LeadPage, CurrencyPage, CurrencyPage + "/USD/history" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        }
    }

    private async Task<HttpClient> RepClientAsync()
    {
        var factory = fixture.Start();
        var name = "rep" + Guid.NewGuid().ToString("N")[..8];
        await factory.CreateUserAsync(name, RepPassword, [SystemRoles.SalesRep]);
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(name, RepPassword);
        return client;
    }
}
