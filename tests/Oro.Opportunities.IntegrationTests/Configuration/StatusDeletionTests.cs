using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Domain.Statuses;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Configuration.ConfigurationTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Configuration;

/// <summary>
/// Stands in for the opportunities that do not exist yet: counts per status id, and a record of
/// the moves the app asked for.
/// </summary>
public sealed class FakeStatusUsage : IStatusUsage
{
    public ConcurrentDictionary<int, int> Counts { get; } = new();

    public ConcurrentQueue<(int From, int To)> Moves { get; } = new();

    public Task<int> CountAsync(int statusId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Counts.GetValueOrDefault(statusId));

    public Task MoveAsync(int fromStatusId, int toStatusId, CancellationToken cancellationToken = default)
    {
        Moves.Enqueue((fromStatusId, toStatusId));
        Counts.AddOrUpdate(toStatusId, Counts.GetValueOrDefault(fromStatusId), (_, n) => n + Counts.GetValueOrDefault(fromStatusId));
        Counts[fromStatusId] = 0;
        return Task.CompletedTask;
    }
}

/// <summary>Deleting a status that records use: the page asks where they go, and they move before the status goes.</summary>
public sealed class StatusDeletionTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private readonly FakeStatusUsage usage = new();

    private WebApplicationFactory<Program> App() =>
        fixture.Start().WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<IStatusUsage>(usage)));

    [Fact]
    public async Task Deleting_a_status_in_use_from_the_list_asks_where_its_opportunities_go()
    {
        var app = App();
        var client = await app.AdminClientAsync();
        var status = await app.AddStatusAsync(client, "In use " + Guid.NewGuid().ToString("N")[..6]);
        usage.Counts[status.Id] = 4;

        var response = await client.PostFormAsync($"{OpportunityPage}/statuses/{status.Id}/delete",
            Fields(("Revision", Text(await app.RevisionAsync()))), tokenPage: OpportunityPage);
        var page = await client.FollowAsync(response);

        Assert.Equal($"{OpportunityPage}/statuses/{status.Id}/delete", response.Headers.Location!.OriginalString);
        Assert.Contains("4 opportunities use this status", page, StringComparison.Ordinal);
        Assert.Contains("name=\"MoveToStatusId\"", page, StringComparison.Ordinal);
        var open = await app.StatusAsync(OpportunityStatus.OpenCode);
        var won = await app.StatusAsync(OpportunityStatus.WonCode);
        Assert.Contains($"<option value=\"{open.Id}\">", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"<option value=\"{won.Id}\">", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"<option value=\"{status.Id}\">", page, StringComparison.Ordinal);
        Assert.Contains(await app.StatusesAsync(), s => s.Id == status.Id);
        Assert.Empty(usage.Moves);
    }

    [Fact]
    public async Task Choosing_an_open_status_moves_the_opportunities_then_deletes_the_status()
    {
        var app = App();
        var client = await app.AdminClientAsync();
        var status = await app.AddStatusAsync(client, "Move away " + Guid.NewGuid().ToString("N")[..6]);
        var target = await app.StatusAsync("negotiation");
        usage.Counts[status.Id] = 2;

        var response = await client.PostFormAsync($"{OpportunityPage}/statuses/{status.Id}/delete", Fields(
            ("Revision", Text(await app.RevisionAsync())),
            ("MoveToStatusId", Text(target.Id))), tokenPage: $"{OpportunityPage}/statuses/{status.Id}/delete");
        var page = await client.FollowAsync(response);

        Assert.Contains("deleted. Configuration saved", page, StringComparison.Ordinal);
        Assert.Contains((status.Id, target.Id), usage.Moves);
        Assert.DoesNotContain(await app.StatusesAsync(), s => s.Id == status.Id);
        Assert.Null((await app.SnapshotAsync()).FindStatus(status.Code));
    }

    [Fact]
    public async Task Moving_opportunities_to_a_closed_status_is_refused_beside_the_choice()
    {
        var app = App();
        var client = await app.AdminClientAsync();
        var status = await app.AddStatusAsync(client, "Closed target " + Guid.NewGuid().ToString("N")[..6]);
        var won = await app.StatusAsync(OpportunityStatus.WonCode);
        usage.Counts[status.Id] = 2;

        var response = await client.PostFormAsync($"{OpportunityPage}/statuses/{status.Id}/delete", Fields(
            ("Revision", Text(await app.RevisionAsync())),
            ("MoveToStatusId", Text(won.Id))), tokenPage: OpportunityPage);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-valmsg-for=\"MoveToStatusId\" data-valmsg-replace=\"true\">Opportunities of a deleted status can only move to an open status", html, StringComparison.Ordinal);
        Assert.DoesNotContain(usage.Moves, m => m.From == status.Id);
        Assert.Contains(await app.StatusesAsync(), s => s.Id == status.Id);
    }

    [Fact]
    public async Task A_refused_deletion_moves_nothing()
    {
        var app = App();
        var client = await app.AdminClientAsync();
        var status = await app.AddStatusAsync(client, "Stale delete " + Guid.NewGuid().ToString("N")[..6]);
        var target = await app.StatusAsync("negotiation");
        usage.Counts[status.Id] = 2;
        var oldRevision = await app.RevisionAsync() - 1;

        var response = await client.PostFormAsync($"{OpportunityPage}/statuses/{status.Id}/delete", Fields(
            ("Revision", Text(oldRevision)),
            ("MoveToStatusId", Text(target.Id))), tokenPage: OpportunityPage);
        var page = await client.FollowAsync(response);

        Assert.Contains("changed by someone else", page, StringComparison.Ordinal);
        Assert.DoesNotContain(usage.Moves, m => m.From == status.Id);
        Assert.Equal(2, usage.Counts[status.Id]);
        Assert.Contains(await app.StatusesAsync(), s => s.Id == status.Id);
    }

    [Fact]
    public async Task The_real_usage_seam_counts_nothing_until_opportunities_exist()
    {
        var status = await fixture.Start().StatusAsync("needs_analysis");
        using var scope = fixture.Start().Services.CreateScope();

        var count = await scope.ServiceProvider.GetRequiredService<IStatusUsage>().CountAsync(status.Id);

        Assert.IsType<OpportunityStatusUsage>(scope.ServiceProvider.GetRequiredService<IStatusUsage>());
        Assert.Equal(0, count);
    }
}
