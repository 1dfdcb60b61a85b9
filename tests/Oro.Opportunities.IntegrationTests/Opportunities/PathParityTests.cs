using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.Auditing;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.IntegrationTests.ImportExport;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Opportunities;

/// <summary>
/// One change (close as Won a deal with a manual probability, a EUR budget and no close date) driven
/// through the form, inline edit, the board, the mass action and import: every path must store the
/// same record and write the same audit entry, because every path hands the change to one operation.
/// </summary>
public abstract class PathParityTests(AppFixture fixture)
{
    [Fact]
    public async Task The_same_change_through_every_path_stores_the_same_record_and_audit()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        await factory.SetRateAsync("EUR", 1.0837m);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var account = await factory.AccountAsync($"Parity {tag}", adminId);
        var won = await factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Code == "won").Select(s => s.Id).SingleAsync());

        var paths = new[] { "form", "inline", "board", "mass", "import" };
        var deals = new Dictionary<string, Opportunity>();
        foreach (var path in paths)
        {
            var deal = await factory.OpportunityAsync($"Parity {tag} {path}", adminId, account, "negotiation", budget: 1234.5678m, currency: "EUR", probability: 35);
            deals[path] = deal;
        }

        var form = await client.GetFormAsync($"/opportunities/{deals["form"].Id}/edit", "data-opportunity-form");
        Ok(await form.Set("StatusId", won.ToString()).PostAsync(client, $"/opportunities/{deals["form"].Id}/edit"), HttpStatusCode.Redirect);
        Ok(await client.PostFormAsync($"/opportunities/{deals["inline"].Id}/inline", [new("version", "0"), new("field", "status"), new("value", "won")], "/opportunities?view=all"));
        Ok(await client.PostFormAsync($"/opportunities/{deals["board"].Id}/status", [new("version", "0"), new("statusId", won.ToString()), new("board", "?view=all"), new("fromStatusId", deals["board"].StatusId.ToString())], "/opportunities/board"));
        Ok(await client.PostFormAsync("/opportunities/mass", [new("action", "status"), new("statusId", won.ToString()), new("ids", deals["mass"].Id.ToString()), new("versions[" + deals["mass"].Id + "]", deals["mass"].Version.ToString())], "/opportunities?view=all"), HttpStatusCode.Redirect);
        var job = await factory.ImportAsync(client, $"Id,Opportunity name,Status Id\r\n{deals["import"].Id},Parity {tag} import,won\r\n");
        Assert.Equal((1, 0), (job.RowsUpdated, job.RowsFailed));

        var stored = new Dictionary<string, string>();
        var audits = new Dictionary<string, string>();
        foreach (var path in paths)
        {
            var deal = await factory.ReloadAsync(deals[path].Id);
            Assert.NotNull(deal.ClosedAt);
            stored[path] = string.Join('|', deal.StatusCode, deal.Probability, deal.BudgetAmount, deal.BudgetCurrency, deal.BaseBudgetAmount, deal.CloseDate,
                deal.CloseRevenueAmount, deal.CloseRevenueCurrency, deal.BaseCloseRevenue, deal.CloseReasonCode, deal.OwnerId, deal.AccountId, deal.ContactId,
                deal.CustomerNeed, deal.ProposedSolution, deal.Notes, deal.Version, deal.ClosedAt!.Value.Date);
            var entries = await factory.WithDbAsync(db => db.AuditEntries.AsNoTracking()
                .Where(a => a.EntityType == "Opportunity" && a.EntityId == deal.Id && a.Action == AuditAction.Updated).ToListAsync());
            audits[path] = string.Join(';', entries.Select(e => Describe(e.ChangesJson)));
        }

        Assert.All(paths, path => Assert.Equal(stored["form"], stored[path]));
        Assert.All(paths, path => Assert.Equal(audits["form"], audits[path]));
        var expected = await factory.ReloadAsync(deals["form"].Id);
        Assert.Equal(("won", 100, DateOnly.FromDateTime(DateTime.UtcNow), 1234.5678m, "EUR", "won"), (expected.StatusCode, expected.Probability!.Value, expected.CloseDate!.Value, expected.CloseRevenueAmount!.Value, expected.CloseRevenueCurrency!, expected.CloseReasonCode!));
        Assert.Equal(Math.Round(1234.5678m * 1.0837m, 4, MidpointRounding.AwayFromZero), expected.BaseCloseRevenue);
        Assert.Contains("StatusCode:negotiation->won", audits["form"], StringComparison.Ordinal);
    }

    private static void Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK) =>
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result[..Math.Min(300, response.Content.ReadAsStringAsync().Result.Length)]}");

    /// <summary>The audited fields with old and new values; ClosedAt's new value is a moment, so only its presence counts.</summary>
    private static string Describe(string changesJson) =>
        string.Join(',', JsonDocument.Parse(changesJson).RootElement.EnumerateArray()
            .Select(c => (Field: c.GetProperty("Field").GetString(), Old: c.GetProperty("Old").ToString(), New: c.GetProperty("New").ToString()))
            .OrderBy(c => c.Field, StringComparer.Ordinal)
            .Select(c => c.Field == nameof(Opportunity.ClosedAt) ? $"{c.Field}:{c.Old}->(set)" : $"{c.Field}:{c.Old}->{c.New}"));
}

public sealed class SqlitePathParityTests(SqliteAppFixture fixture) : PathParityTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresPathParityTests(PostgresAppFixture fixture) : PathParityTests(fixture), IClassFixture<PostgresAppFixture>;
