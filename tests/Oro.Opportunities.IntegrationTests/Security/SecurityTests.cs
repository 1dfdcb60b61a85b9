using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Security;

public sealed partial class SecurityTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private const string RepPassword = "sales-rep-password-1";

    public static TheoryData<string> BackOfficePages => new()
    {
        "/", "/system/configuration", "/system/users", "/system/roles", "/system/teams",
        "/opportunities", "/leads", "/accounts", "/contacts", "/system/jobs", "/no-such-page",
    };

    [Theory]
    [MemberData(nameof(BackOfficePages))]
    public async Task Anonymous_requests_to_back_office_pages_redirect_to_login(string url)
    {
        var client = fixture.Start().CreateBrowserLikeClient();

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_and_login_are_anonymous()
    {
        var client = fixture.Start().CreateBrowserLikeClient();

        var health = await client.GetAsync("/health");
        var login = await client.GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"database\":\"Healthy\"", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Theory]
    [InlineData("/system/configuration")]
    [InlineData("/system/users")]
    [InlineData("/system/roles")]
    [InlineData("/system/teams")]
    [InlineData("/system/jobs")]
    public async Task A_sales_rep_gets_403_on_system_pages(string url)
    {
        var factory = fixture.Start();
        var name = "rep" + Guid.NewGuid().ToString("N")[..8];
        await factory.CreateUserAsync(name, RepPassword, [SystemRoles.SalesRep]);
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(name, RepPassword);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_sales_rep_sees_no_system_menu()
    {
        var factory = fixture.Start();
        var name = "rep" + Guid.NewGuid().ToString("N")[..8];
        await factory.CreateUserAsync(name, RepPassword, [SystemRoles.SalesRep]);
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(name, RepPassword);

        var html = await client.GetStringAsync("/");

        Assert.Contains("data-nav=\"sales\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-nav=\"system\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/system/configuration", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        var responses = new List<HttpResponseMessage>
        {
            await client.GetAsync("/health"),
            await client.GetAsync("/account/login"),
            await client.GetAsync("/css/site.css"),
            await client.GetAsync("/"),
        };
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        responses.Add(await client.GetAsync("/system/configuration"));
        responses.Add(await client.GetAsync("/no-such-page"));

        foreach (var response in responses)
        {
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.True(response.Headers.Contains("Referrer-Policy"));
        }
    }

    [Fact]
    public async Task Unknown_pages_get_the_friendly_404_page()
    {
        var client = fixture.Start().CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);

        var response = await client.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_failed_sign_ins_lock_the_account_and_only_the_right_password_learns_it()
    {
        var factory = fixture.Start();
        var name = "lock" + Guid.NewGuid().ToString("N")[..8];
        await factory.CreateUserAsync(name, RepPassword, [SystemRoles.SalesRep]);
        var client = factory.CreateBrowserLikeClient();

        for (var i = 0; i < 10; i++)
        {
            var failed = await client.LoginAsync(name, "wrong-password-000");
            Assert.Contains("not correct", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var eleventh = await client.LoginAsync(name, "wrong-password-000");
        var afterwards = await client.LoginAsync(name, RepPassword);

        Assert.Contains("not correct", await eleventh.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.Contains("locked", await afterwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var lockoutEnd = await factory.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.UserName == name).LockoutEnd));
        Assert.NotNull(lockoutEnd);
        Assert.InRange((lockoutEnd.Value - DateTimeOffset.UtcNow).TotalMinutes, 14, 15.1);
    }

    [Fact]
    public async Task The_auth_cookie_is_http_only_and_same_site()
    {
        var client = fixture.Start().CreateBrowserLikeClient();

        var response = await client.LoginAsync("admin", OroAppFactory.AdminPassword);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("oro.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Every_post_endpoint_requires_the_antiforgery_token()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE") == true)
            .ToList();

        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var url = "/" + RouteParameters().Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), "1");
            var response = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "x" }));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {url} answered {(int)response.StatusCode} without an antiforgery token.");
        }
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var client = fixture.Start().CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);

        var signOut = await client.PostFormAsync("/account/logout", []);
        var after = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^}]+\}")]
    private static partial System.Text.RegularExpressions.Regex RouteParameters();
}
