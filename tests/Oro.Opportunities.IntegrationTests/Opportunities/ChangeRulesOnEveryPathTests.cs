using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Auditing;
using Oro.Opportunities.IntegrationTests.Configuration;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Configuration.ConfigurationTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Opportunities;

/// <summary>Rules that the old per-path sequences broke, checked from outside over HTTP on each database.</summary>
public abstract class ChangeRulesOnEveryPathTests(AppFixture fixture)
{
    private async Task<(OroAppFactory Factory, HttpClient Client, int AdminId, int AccountId, string Tag)> SetUpAsync()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var tag = Guid.NewGuid().ToString("N")[..8];
        return (factory, client, adminId, await factory.AccountAsync($"Rules {tag}", adminId), tag);
    }

    private static Task<int> StatusIdAsync(OroAppFactory factory, string code) =>
        factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Code == code).Select(s => s.Id).SingleAsync());

    [Fact]
    public async Task Editing_only_the_notes_of_a_closed_deal_changes_no_base_value()
    {
        var (factory, client, adminId, account, tag) = await SetUpAsync();
        await factory.SetRateAsync("GBP", 1.25m);
        var deal = await factory.OpportunityAsync($"Closed {tag}", adminId, account, "won", budget: 1000m, currency: "GBP", closeDate: new DateOnly(2026, 3, 1));
        Assert.Equal(1250m, deal.BaseBudgetAmount);
        await factory.SetRateAsync("GBP", 1.5m);

        var form = await client.GetFormAsync($"/opportunities/{deal.Id}/edit", "data-opportunity-form");
        var response = await form.Set("Notes", "Signed at the trade fair.").PostAsync(client, $"/opportunities/{deal.Id}/edit");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await factory.ReloadAsync(deal.Id);
        Assert.Equal("Signed at the trade fair.", stored.Notes);
        Assert.Equal((1250m, 1250m), (stored.BaseBudgetAmount!.Value, stored.BaseCloseRevenue!.Value));
    }

    [Fact]
    public async Task A_lost_change_that_sets_a_revenue_is_refused_on_the_board_and_the_form()
    {
        var (factory, client, adminId, account, tag) = await SetUpAsync();
        var lost = await StatusIdAsync(factory, "lost");
        var boardDeal = await factory.OpportunityAsync($"Board {tag}", adminId, account, "negotiation", budget: 500m);
        var formDeal = await factory.OpportunityAsync($"Form {tag}", adminId, account, "negotiation", budget: 500m);

        var board = await client.PostFormAsync($"/opportunities/{boardDeal.Id}/status",
            [new("version", "0"), new("statusId", lost.ToString()), new("closeReason", "outsold"), new("closeRevenue", "500"), new("board", "?view=all")], "/opportunities/board");
        var form = await client.GetFormAsync($"/opportunities/{formDeal.Id}/edit", "data-opportunity-form");
        var page = await form.Set("StatusId", lost.ToString()).Set("CloseReasonCode", "outsold").Set("CloseRevenueAmount", "500").PostAsync(client, $"/opportunities/{formDeal.Id}/edit");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, board.StatusCode);
        Assert.Contains("close revenue is 0", await board.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        Assert.Contains("close revenue is 0", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("negotiation", (await factory.ReloadAsync(boardDeal.Id)).StatusCode);
        Assert.Equal("negotiation", (await factory.ReloadAsync(formDeal.Id)).StatusCode);

        // Without a revenue, Lost means revenue 0 in the base currency.
        var ok = await client.PostFormAsync($"/opportunities/{boardDeal.Id}/status",
            [new("version", "0"), new("statusId", lost.ToString()), new("closeReason", "outsold"), new("board", "?view=all")], "/opportunities/board");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var closed = await factory.ReloadAsync(boardDeal.Id);
        Assert.Equal((0m, "USD", 0m), (closed.CloseRevenueAmount!.Value, closed.CloseRevenueCurrency!, closed.BaseCloseRevenue!.Value));
    }

    [Fact]
    public async Task A_save_applied_with_a_configuration_that_changed_meanwhile_is_refused()
    {
        var (factory, _, adminId, account, tag) = await SetUpAsync();
        await factory.SetRateAsync("GBP", 1.25m);
        var deal = await factory.OpportunityAsync($"Stale rates {tag}", adminId, account, "negotiation", budget: 100m, currency: "GBP");

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var snapshot = await scope.ServiceProvider.GetRequiredService<ISystemConfiguration>().GetAsync();
        var loaded = await db.Opportunities.SingleAsync(o => o.Id == deal.Id);
        loaded.Apply(new OpportunityChange { Budget = new(new Domain.Money.Money(200m, new Domain.Money.CurrencyCode("GBP"))) }, snapshot.ChangeContext(new Oro.Opportunities.Application.Common.UserTime(DateTime.UtcNow, TimeZoneInfo.Utc)));

        // The rates move (and re-value the deal) between applying the change and saving it.
        await factory.SetRateAsync("GBP", 2m);
        var refused = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            scope.ServiceProvider.GetRequiredService<OpportunitySaveStep>().SaveAsync([loaded], ChangeOrigin.Form, snapshot.Revision, CancellationToken.None));

        Assert.Equal(OpportunitySaveStep.ConfigurationChangedMessage, refused.Message);
        var stored = await factory.ReloadAsync(deal.Id);
        Assert.Equal((100m, 200m), (stored.BudgetAmount!.Value, stored.BaseBudgetAmount!.Value));
    }

    [Fact]
    public async Task Deleting_a_status_moves_its_deals_through_the_rules_with_an_audit_entry_each()
    {
        var (factory, client, adminId, account, tag) = await SetUpAsync();
        var status = await factory.AddStatusAsync(client, "Doomed " + tag, probability: 30);
        var target = await factory.StatusAsync("negotiation");
        var following = await factory.OpportunityAsync($"Following {tag}", adminId, account, status.Code, budget: 10m);
        var manual = await factory.OpportunityAsync($"Manual {tag}", adminId, account, status.Code, budget: 10m, probability: 45);

        var response = await client.PostFormAsync($"{OpportunityPage}/statuses/{status.Id}/delete", Fields(
            ("Revision", Text(await factory.RevisionAsync())),
            ("MoveToStatusId", Text(target.Id))), tokenPage: $"{OpportunityPage}/statuses/{status.Id}/delete");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var moved = await factory.ReloadAsync(following.Id);
        var kept = await factory.ReloadAsync(manual.Id);
        Assert.Equal(("negotiation", 80, 1L), (moved.StatusCode, moved.Probability!.Value, moved.Version));
        Assert.Equal(("negotiation", 45), (kept.StatusCode, kept.Probability!.Value));
        foreach (var id in new[] { following.Id, manual.Id })
        {
            var entry = await factory.WithDbAsync(db => db.AuditEntries.AsNoTracking()
                .SingleAsync(a => a.EntityType == "Opportunity" && a.EntityId == id && a.Action == AuditAction.Updated));
            Assert.Contains($"\"New\":\"negotiation\"", entry.ChangesJson, StringComparison.Ordinal);
            Assert.Equal(adminId, entry.UserId);
        }
    }
}

public sealed class SqliteChangeRulesOnEveryPathTests(SqliteAppFixture fixture) : ChangeRulesOnEveryPathTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresChangeRulesOnEveryPathTests(PostgresAppFixture fixture) : ChangeRulesOnEveryPathTests(fixture), IClassFixture<PostgresAppFixture>;
