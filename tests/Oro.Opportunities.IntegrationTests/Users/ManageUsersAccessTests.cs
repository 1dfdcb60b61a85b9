using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Users.AdministrationTestSupport;

namespace Oro.Opportunities.IntegrationTests.Users;

/// <summary>Every users, teams and roles URL requires the Manage Users capability.</summary>
public sealed partial class ManageUsersAccessTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    [Fact]
    public async Task A_sales_rep_gets_403_on_every_users_teams_and_roles_url_by_get_and_post()
    {
        var factory = fixture.Start();
        var name = "rep" + Unique();
        await factory.CreateUserAsync(name, Password, [SystemRoles.SalesRep]);
        var rep = factory.CreateBrowserLikeClient();
        await rep.SignInAsync(name, Password);
        var endpoints = AdministrationEndpoints(factory);

        Assert.True(endpoints.Count >= 20, $"Only {endpoints.Count} endpoints found.");
        foreach (var (method, url) in endpoints)
        {
            // The rep's own valid token: a 403 then comes from the missing capability, not from antiforgery.
            var response = method == "GET"
                ? await rep.GetAsync(url)
                : await rep.PostFormAsync(url, [new("Name", "x"), new("UserName", "x")], tokenPage: "/");
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {url} answered {(int)response.StatusCode} to a sales rep.");
        }
    }

    [Fact]
    public async Task An_administrator_opens_every_users_teams_and_roles_page()
    {
        var factory = fixture.Start();
        var admin = factory.CreateBrowserLikeClient();
        await admin.SignInAsync("admin", OroAppFactory.AdminPassword);
        var adminId = await factory.UserIdAsync("admin");
        var roleId = await factory.WithDbAsync(db => db.Roles.Where(r => r.Name == SystemRoles.SalesRep).Select(r => r.Id).SingleAsync());
        string[] urls =
        [
            "/system/users", "/system/users/create", $"/system/users/{adminId}", $"/system/users/{adminId}/edit", $"/system/users/{adminId}/reset-password",
            "/system/teams", "/system/teams/create",
            "/system/roles", "/system/roles/create", $"/system/roles/{roleId}", $"/system/roles/{roleId}/edit",
        ];

        foreach (var url in urls)
        {
            var response = await admin.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}.");
            Assert.Contains("class=\"breadcrumb", html, StringComparison.Ordinal);
            Assert.DoesNotContain("style=\"", html, StringComparison.Ordinal);
            Assert.DoesNotMatch("<script>|<script [^>]*>[^<]", html);
        }
    }

    private static List<(string Method, string Url)> AdministrationEndpoints(OroAppFactory factory) =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("system/", StringComparison.Ordinal)
                && e.RoutePattern.RawText!.TrimStart('/').Split('/')[1] is "users" or "teams" or "roles")
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (method, "/" + RouteParameters().Replace(e.RoutePattern.RawText!.TrimStart('/'), "1"))))
            .ToList();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameters();
}
