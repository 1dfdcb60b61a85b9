using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.ImportExport;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Customers;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.ImportExport.ImportTestSupport;

namespace Oro.Opportunities.IntegrationTests.ImportExport;

/// <summary>Export, Export Grid, the template, and the permissions of import and export (issue 5, spec §11).</summary>
public abstract class ExportAndPermissionTests(AppFixture fixture)
{
    private const string Password = "import-export-password-1";

    private async Task<(OroAppFactory Factory, HttpClient Client, int AdminId)> AdminAsync()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        return (factory, client, adminId);
    }

    private static async Task<HttpClient> SignedInAsync(OroAppFactory factory, string userName)
    {
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(userName, Password);
        return client;
    }

    private static async Task<List<string[]>> ExportAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/opportunities/export" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return ParseCsv(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_template_has_orocrms_column_headers()
    {
        var (_, client, _) = await AdminAsync();
        var response = await client.GetAsync("/opportunities/import/template");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Header, text.TrimStart('\uFEFF').TrimEnd());
        Assert.StartsWith("Id,Opportunity name,Expected close date,Probability,Budget Amount,", text.TrimStart('\uFEFF'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_neutralises_cells_a_spreadsheet_would_run_as_formulas()
    {
        var (factory, client, adminId) = await AdminAsync();
        var p = Unique("Inject");
        var account = await factory.AccountAsync("=HYPERLINK(\"http://evil\")" + p, adminId);
        await factory.OpportunityAsync("=1+2 " + p, adminId, account);
        await factory.OpportunityAsync("@SUM(A1) " + p, adminId, account);
        await factory.OpportunityAsync("-2+3 " + p, adminId, account);
        await factory.OpportunityAsync("+cmd " + p, adminId, account);
        await factory.OpportunityAsync("\tTabbed " + p, adminId, account);

        var rows = await ExportAsync(client, "?view=all&name=" + Uri.EscapeDataString(p));

        var names = rows.Skip(1).Select(r => r[1]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["'+cmd " + p, "'-2+3 " + p, "'=1+2 " + p, "'@SUM(A1) " + p, "Tabbed " + p], names);
        Assert.All(rows.Skip(1), r => Assert.StartsWith("'=HYPERLINK", r[19], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_then_import_round_trips_with_no_change()
    {
        var (factory, client, adminId) = await AdminAsync();
        await factory.SetRateAsync("EUR", 1.1m);
        var p = Unique("Round");
        var account = await factory.AccountAsync(p + " account", adminId);
        var contact = await factory.ContactAsync("Rita", p, null, adminId, account);
        await factory.OpportunityAsync(p + " open", adminId, account, "negotiation", budget: 1234.5678m, currency: "EUR", closeDate: new DateOnly(2027, 1, 2), probability: 65, contactId: contact);
        await factory.OpportunityAsync(p + " won", adminId, account, "won", budget: 500m, closeDate: new DateOnly(2026, 3, 4));
        await factory.OpportunityAsync(p + " lost", adminId, account, "lost", budget: 99m, closeDate: new DateOnly(2026, 5, 6), closeReason: "cancelled");
        await factory.OpportunityAsync("=formula " + p, adminId, account);
        await factory.ImportAsync(client, Csv(Row(p + " with text", p + " account", need: "Needs \"quotes\", commas\nand lines", notes: "-starts with minus", externalId: p.Replace(' ', '-'))));
        var before = await SnapshotAsync(factory, p);
        Assert.Equal(5, before.Count);

        var exported = await client.GetStringAsync("/opportunities/export?view=all&account=" + Uri.EscapeDataString(p));
        var job = await factory.ImportAsync(client, exported);

        Assert.Equal(ImportJobState.Completed, job.State);
        Assert.Equal((5, 0, 5, 0), (job.RowsRead, job.RowsCreated, job.RowsUpdated, job.RowsFailed));
        Assert.Equal(before, await SnapshotAsync(factory, p));
        Assert.Equal(exported, await client.GetStringAsync("/opportunities/export?view=all&account=" + Uri.EscapeDataString(p)));
    }

    [Fact]
    public async Task Export_writes_every_amount_with_its_currencys_minor_units_and_base_values_with_the_base_currencys()
    {
        var (factory, client, adminId) = await AdminAsync();
        await factory.SetRateAsync("JPY", 0.0053345025m);
        var p = Unique("Minor");
        var account = await factory.AccountAsync(p + " account", adminId);
        await factory.OpportunityAsync(p + " yen", adminId, account, budget: 3_000_000m, currency: "JPY");
        await factory.OpportunityAsync(p + " dollars", adminId, account, budget: 250.5m);
        await factory.OpportunityAsync(p + " won", adminId, account, "won", budget: 1_234_567m, currency: "JPY", closeDate: new DateOnly(2026, 3, 4));
        var query = "?view=all&account=" + Uri.EscapeDataString(p);

        // Stored: 16003.5075 and 6585.8007 USD (amount × rate, 4 decimals); shown in the grid with 2.
        var rows = (await ExportAsync(client, query)).Skip(1).ToDictionary(r => r[1][(p.Length + 1)..]);
        var visible = (await ExportAsync(client, query + "&format=visible&cols=name,budget,baseBudget,closeRevenue")).Skip(1).ToDictionary(r => r[0][(p.Length + 1)..]);

        // Budget Amount, currency, in base currency; Close revenue, currency, in base currency.
        Assert.Equal(["3000000", "JPY", "16003.51"], rows["yen"][4..7]);
        Assert.Equal(["", "", ""], rows["yen"][8..11]);
        Assert.Equal(["250.50", "USD", "250.50"], rows["dollars"][4..7]);
        Assert.Equal(["1234567", "JPY", "6585.80"], rows["won"][4..7]);
        Assert.Equal(["1234567", "JPY", "6585.80"], rows["won"][8..11]);

        // Visible columns: Budget amount, currency, Budget (USD, base currency), Close revenue, currency.
        Assert.Equal(["3000000", "JPY", "16003.51", "", ""], visible["yen"][1..]);
        Assert.Equal(["250.50", "USD", "250.50", "", ""], visible["dollars"][1..]);
        Assert.Equal(["1234567", "JPY", "6585.80", "1234567", "JPY"], visible["won"][1..]);
    }

    [Fact]
    public async Task Export_grid_applies_the_grids_filters_and_export_covers_everything_visible()
    {
        var (factory, client, adminId) = await AdminAsync();
        var p = Unique("Grid");
        var account = await factory.AccountAsync(p, adminId);
        await factory.OpportunityAsync(p + " open", adminId, account, "negotiation");
        await factory.OpportunityAsync(p + " won", adminId, account, "won", closeDate: new DateOnly(2026, 1, 1));

        var grid = await ExportAsync(client, "?account=" + Uri.EscapeDataString(p));
        var all = await ExportAsync(client);

        Assert.Equal([p + " open"], grid.Skip(1).Select(r => r[1]).ToArray());
        Assert.Contains(all, r => r.Length > 1 && r[1] == p + " won");
        Assert.Contains(all, r => r.Length > 1 && r[1] == p + " open");
        var index = await client.GetStringAsync("/opportunities?account=" + Uri.EscapeDataString(p));
        Assert.Contains("href=\"/opportunities/export?view=open&amp;account=" + Uri.EscapeDataString(p).Replace("%20", "%20", StringComparison.Ordinal), index, StringComparison.Ordinal);
        Assert.Contains("href=\"/opportunities/import\"", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_import_or_export_capability_the_pages_answer_403_and_the_buttons_are_hidden()
    {
        var (factory, _, _) = await AdminAsync();
        var role = await factory.CreateRoleAsync(view: AccessLevel.All, create: AccessLevel.All, edit: AccessLevel.All, delete: AccessLevel.None);
        var userName = Unique("nocap").Replace(' ', '-');
        var user = await factory.CreateUserAsync(userName, Password, [role]);
        var client = await SignedInAsync(factory, userName);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/opportunities/import")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/opportunities/import/template")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/opportunities/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/opportunities/export?view=all")).StatusCode);
        var token = await client.GetAntiforgeryTokenAsync("/");
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("import"), "Mode" }, { new ByteArrayContent(Encoding.UTF8.GetBytes(Header)), "File", "x.csv" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/opportunities/import", content)).StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.ImportJobs.CountAsync(j => j.UserId == user.Id)));
        var grid = await client.GetStringAsync("/opportunities");
        Assert.DoesNotContain("data-testid=\"import-file\"", grid, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"export\"", grid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sales_rep_cannot_update_another_reps_record_or_assign_other_owners_through_a_file()
    {
        var (factory, admin, _) = await AdminAsync();
        var rep = Unique("rep").Replace(' ', '-');
        var other = Unique("other").Replace(' ', '-');
        var repUser = await factory.CreateUserAsync(rep, Password, [SystemRoles.SalesRep]);
        var otherUser = await factory.CreateUserAsync(other, Password, [SystemRoles.SalesRep]);
        var otherAccount = await factory.AccountAsync(Unique("Other account"), otherUser.Id);
        var theirs = await factory.OpportunityAsync(Unique("Theirs"), otherUser.Id, otherAccount, budget: 10m);
        var externalId = Unique("ext").Replace(' ', '-');
        await factory.WithDbAsync(async db =>
        {
            await db.Opportunities.Where(x => x.Id == theirs.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.ExternalId, externalId));
        });
        var client = await SignedInAsync(factory, rep);
        var p = Unique("Rep file");

        var job = await factory.ImportAsync(client, Csv(
            Row(theirs.Name, "Mine", id: theirs.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), budget: "999"),
            Row(theirs.Name, "Mine", externalId: externalId, budget: "999"),
            Row(p + " assigned", p + " acc", owner: other),
            Row(p + " mine", p + " acc", owner: rep)));

        // An Id the rep may not see is treated as one that does not exist: the row creates a record of
        // the rep's own, and the hidden External id gets the answer any taken External id gets.
        Assert.Equal((4, 2, 0, 2), (job.RowsRead, job.RowsCreated, job.RowsUpdated, job.RowsFailed));
        var errors = await factory.ErrorsAsync(job.Id);
        Assert.Equal([(3, "External id"), (4, "Owner Username")], errors.Select(e => (e.Row, e.Column ?? "")).ToArray());
        Assert.Equal($"The external id {externalId} is already used by another opportunity.", errors[0].Message);
        Assert.Equal(10m, (await factory.ReloadAsync(theirs.Id)).BudgetAmount);
        Assert.Equal(999m, (await factory.WithDbAsync(db => db.Opportunities.SingleAsync(o => o.Name == theirs.Name && o.OwnerId == repUser.Id))).BudgetAmount);
        // A row without an account: the hidden External id and a missing one get the same answer.
        var missing = Unique("missing").Replace(' ', '-');
        var probe = await factory.ImportAsync(client, Csv(Row(p + " probe", "", externalId: externalId), Row(p + " probe", "", externalId: missing)));
        var probeErrors = await factory.ErrorsAsync(probe.Id);
        Assert.Equal(2, probeErrors.Count);
        Assert.Equal((probeErrors[0].Column, probeErrors[0].Message), (probeErrors[1].Column, probeErrors[1].Message));

        var mine = await factory.WithDbAsync(db => db.Opportunities.SingleAsync(o => o.Name == p + " mine"));
        Assert.Equal(repUser.Id, mine.OwnerId);
        Assert.Equal(repUser.Id, (await factory.WithDbAsync(db => db.Accounts.SingleAsync(a => a.Id == mine.AccountId))).OwnerId);

        // The rep's export holds their own records only; the other rep cannot see the rep's import job.
        var exported = await ExportAsync(client);
        Assert.All(exported.Skip(1), r => Assert.Equal(rep, r[18]));
        var otherClient = await SignedInAsync(factory, other);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/opportunities/import/{job.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/opportunities/import/{job.Id}/errors.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/opportunities/import/{job.Id}")).StatusCode);
        Assert.Contains(rep, await admin.GetStringAsync("/opportunities/import"), StringComparison.Ordinal);
    }

    private static Task<List<string>> SnapshotAsync(OroAppFactory factory, string prefix) =>
        factory.WithDbAsync(async db =>
            (await db.Opportunities.AsNoTracking().Where(o => o.Name.Contains(prefix)).OrderBy(o => o.Id).ToListAsync())
            .Select(o => string.Join('|', o.Id, o.Name, o.OwnerId, o.AccountId, o.ContactId, o.StatusCode, o.Probability, o.BudgetAmount, o.BudgetCurrency,
                o.BaseBudgetAmount, o.CloseDate, o.CloseRevenueAmount, o.CloseRevenueCurrency, o.BaseCloseRevenue, o.CloseReasonCode, o.CustomerNeed,
                o.ProposedSolution, o.Notes, o.ExternalId, o.CreatedAt.Ticks, o.UpdatedAt.Ticks, o.ClosedAt?.Ticks, o.Version))
            .ToList());
}

public sealed class SqliteExportAndPermissionTests(SqliteAppFixture fixture) : ExportAndPermissionTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresExportAndPermissionTests(PostgresAppFixture fixture) : ExportAndPermissionTests(fixture), IClassFixture<PostgresAppFixture>;
