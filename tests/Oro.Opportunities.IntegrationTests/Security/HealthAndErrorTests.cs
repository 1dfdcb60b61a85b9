using System.Net;
using Oro.Opportunities.Data;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Security;

public sealed class HealthAndErrorTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    [Fact]
    public async Task The_error_pages_keep_their_status_code_and_are_friendly()
    {
        var client = fixture.Start().CreateBrowserLikeClient();

        var serverError = await client.GetAsync("/error/500");
        var forbidden = await client.GetAsync("/error/403");

        Assert.Equal(HttpStatusCode.InternalServerError, serverError.StatusCode);
        Assert.Contains("Something went wrong", await serverError.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("Access denied", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_favicon_answers_and_every_page_links_its_icon()
    {
        var client = fixture.Start().CreateBrowserLikeClient();

        // Browsers ask for /favicon.ico on their own, signed in or not (it was 404 on every page, issue 23).
        var ico = await client.GetAsync("/favicon.ico");
        var login = await client.GetStringAsync("/account/login");
        var svg = await client.GetAsync("/favicon.svg");

        Assert.Equal(HttpStatusCode.OK, ico.StatusCode);
        Assert.StartsWith("image/", ico.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Equal([0, 0, 1, 0], (await ico.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"", login, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Administrators_open_the_background_jobs_dashboard()
    {
        var client = fixture.Start().CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);

        var response = await client.GetAsync("/system/jobs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Background jobs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_reports_503_when_the_database_is_unreachable()
    {
        PostgresServer.EnsureAvailable();
        await using var factory = new OroAppFactory(DatabaseProvider.PostgreSql);
        var client = factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        var database = new Npgsql.NpgsqlConnectionStringBuilder(factory.Services.GetRequiredServiceSettings().ConnectionString).Database!;
        await PostgresServer.DropDatabaseAsync(database);
        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"database\":\"Unhealthy\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

internal static class ServiceProviderExtensions
{
    public static DatabaseSettings GetRequiredServiceSettings(this IServiceProvider services) =>
        (DatabaseSettings)services.GetService(typeof(DatabaseSettings))!;
}
