using System.Net;
using Oro.Opportunities.Data;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Configuration.ConfigurationTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Configuration;

/// <summary>Two app instances over one database: a change saved through one is seen by the other's cache.</summary>
public sealed class ConfigurationSharingTests
{
    [Fact]
    public async Task A_second_instance_on_the_same_database_sees_a_change_made_through_the_first()
    {
        await using var first = new OroAppFactory(DatabaseProvider.Sqlite);
        _ = first.Server;
        await using var second = new OroAppFactory(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = first.DataFolder,
        });
        var firstClient = await first.AdminClientAsync();
        var secondClient = await second.AdminClientAsync();
        var status = await first.StatusAsync("negotiation");

        // The second instance reads and caches the configuration before the change.
        var before = await second.SnapshotAsync();
        var openBefore = await secondClient.GetAsync("/opportunities");
        await first.SaveOpportunitySettingsAsync(firstClient, enabled: false, displayRelevant: true);
        await firstClient.PostFormAsync(OpportunityPage + "/statuses", StatusListFields(await first.RevisionAsync(),
            (await first.StatusesAsync()).Select(s => (s.Id, s.Id == status.Id ? "Shared negotiation" : s.Label, s.DefaultProbability))), tokenPage: OpportunityPage);
        var after = await second.SnapshotAsync();
        var openAfter = await secondClient.GetAsync("/opportunities");
        var page = await secondClient.GetStringAsync(OpportunityPage);

        Assert.True(before.OpportunityEnabled);
        Assert.Equal(HttpStatusCode.OK, openBefore.StatusCode);
        Assert.False(after.OpportunityEnabled);
        Assert.Equal("Shared negotiation", after.FindStatus("negotiation")!.Label);
        Assert.Equal(before.Revision + 2, after.Revision);
        Assert.Equal(HttpStatusCode.NotFound, openAfter.StatusCode);
        Assert.Contains("value=\"Shared negotiation\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_cached_per_revision_follow_a_change_made_through_the_other_instance()
    {
        await using var first = new OroAppFactory(DatabaseProvider.Sqlite);
        _ = first.Server;
        await using var second = new OroAppFactory(DatabaseProvider.Sqlite, first.SameDatabase());
        var firstClient = await first.AdminClientAsync();
        var secondClient = await second.AdminClientAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];

        // The second instance caches the admin's saved views and the owner list first.
        var before = await secondClient.GetStringAsync("/opportunities");
        var saved = await firstClient.PostFormAsync("/opportunities/views", [new("name", $"Shared view {tag}"), new("query", $"?name={tag}")], tokenPage: "/opportunities");
        await first.CreateUserAsync($"owner{tag}", "owner-password-123", [Domain.Security.SystemRoles.SalesRep]);
        var after = await secondClient.GetStringAsync("/opportunities");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.DoesNotContain($"Shared view {tag}", before, StringComparison.Ordinal);
        Assert.DoesNotContain($"owner{tag}", before, StringComparison.Ordinal);
        Assert.Contains($"Shared view {tag}", after, StringComparison.Ordinal);
        Assert.Contains($"owner{tag}", after, StringComparison.Ordinal);
    }
}
