using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Features;

/// <summary>
/// A module switched off disappears from the menu and every one of its URLs answers 404 (spec §8).
/// The switch is written through the same <see cref="ConfigurationWriter"/> the configuration page uses.
/// </summary>
public abstract class FeatureToggleTests(AppFixture fixture)
{
    public static TheoryData<string, string, string> Modules => new()
    {
        { SettingKeys.OpportunityEnabled, "/opportunities", "/opportunities/anything/deeper?x=1" },
        { SettingKeys.LeadEnabled, "/leads", "/leads/42/edit" },
    };

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task A_switched_off_module_leaves_the_menu_and_answers_404(string key, string url, string deeperUrl)
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
            Assert.Contains($"href=\"{url}\"", await client.GetStringAsync("/"), StringComparison.Ordinal);

            await SetAsync(factory, key, false);

            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(deeperUrl)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(url, new FormUrlEncodedContent([]))).StatusCode);
            Assert.DoesNotContain($"href=\"{url}\"", await client.GetStringAsync("/"), StringComparison.Ordinal);

            await SetAsync(factory, key, true);

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
            Assert.Contains($"href=\"{url}\"", await client.GetStringAsync("/"), StringComparison.Ordinal);
        }
        finally
        {
            await SetAsync(factory, key, true);
        }
    }

    private static async Task SetAsync(OroAppFactory factory, string key, bool value)
    {
        using var scope = factory.Services.CreateScope();
        var writer = scope.ServiceProvider.GetRequiredService<ConfigurationWriter>();
        await writer.SetAsync(key, value);
        await writer.SaveAsync();
    }
}

public sealed class SqliteFeatureToggleTests(SqliteAppFixture fixture) : FeatureToggleTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresFeatureToggleTests(PostgresAppFixture fixture) : FeatureToggleTests(fixture), IClassFixture<PostgresAppFixture>;
