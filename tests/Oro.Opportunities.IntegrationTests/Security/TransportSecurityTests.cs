using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Data;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Security;

/// <summary>Issue 10, item 4: HSTS, allowed hosts, no Server header, no-store on customer data.</summary>
public sealed class TransportSecurityTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    [Fact]
    public async Task Https_responses_carry_HSTS_outside_development()
    {
        await using var factory = new OroAppFactory(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["AllowedHosts"] = "oro.example" });
        var https = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://oro.example"), AllowAutoRedirect = false });
        var http = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://oro.example"), AllowAutoRedirect = false });

        var secure = await https.GetAsync("/account/login");
        var plain = await http.GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Contains("max-age=", string.Join(";", secure.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_foreign_host_header_is_refused_and_never_echoed_into_a_redirect()
    {
        var factory = fixture.Start();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://evil.example"), AllowAutoRedirect = false });

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.DoesNotContain("evil.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kestrel_on_the_loopback_address_answers_without_a_Server_header_and_refuses_foreign_hosts()
    {
        await using var factory = new OroAppFactory(DatabaseProvider.Sqlite);
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };

        var login = await client.GetAsync("/account/login");
        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/");
        foreign.Headers.Host = "evil.example";
        var refused = await client.SendAsync(foreign);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.False(login.Headers.Contains("Server"), "Kestrel names itself in a Server header.");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(refused.Headers.Location);
    }

    [Fact]
    public async Task Every_response_with_customer_data_says_no_store_and_static_files_do_not()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        var adminId = await factory.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.UserName == "admin").Id));
        var accountId = await factory.AccountAsync("Cache Ltd", adminId);
        var opportunity = await factory.OpportunityAsync("Cached deal", adminId, accountId);
        using var json = new HttpRequestMessage(HttpMethod.Get, "/opportunities/lookup/accounts?q=Cache");
        json.Headers.Accept.ParseAdd("application/json");

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["account look-up (JSON)"] = await client.SendAsync(json),
            ["contact look-up (JSON)"] = await client.GetAsync("/opportunities/lookup/contacts?q=a"),
            ["inline edit answer (JSON)"] = await client.PostFormAsync($"/opportunities/{opportunity.Id}/inline",
                [new("version", opportunity.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("field", "name"), new("value", "Cached deal 2")]),
            ["board column (HTML)"] = await client.GetAsync($"/opportunities/board/column?statusId={opportunity.StatusId}"),
            ["grid (HTML)"] = await client.GetAsync("/opportunities"),
        };
        var css = await client.GetAsync("/css/site.css");

        foreach (var (what, response) in responses)
        {
            Assert.True(response.IsSuccessStatusCode, $"{what} answered {(int)response.StatusCode}.");
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{what} has no Cache-Control: no-store.");
        }

        Assert.NotEqual(true, css.Headers.CacheControl?.NoStore);
    }
}
