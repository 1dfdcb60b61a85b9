using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Customers.CustomerTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Customers;

/// <summary>Customers → Accounts over HTTP: create, edit, validation, conflicts, delete, deal history and totals (spec §9).</summary>
public abstract class AccountTests(AppFixture fixture)
{
    [Fact]
    public async Task Creating_an_account_saves_it_flashes_and_lists_it()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var name = Unique("Acme <Corp>");

        var response = await client.PostFormAsync("/accounts/create", Fields(("Form.Name", "  " + name + "  "), ("Form.OwnerId", Text(adminId)), ("Form.Version", "0")));
        var id = IdFrom(response, "accounts");
        var page = await client.GetStringAsync(response.Headers.Location);
        var grid = await client.GetStringAsync("/accounts?q=" + Uri.EscapeDataString(name.ToUpperInvariant()));

        Assert.Equal(name, (await factory.AccountAsync(id))!.Name);
        Assert.Contains("Account saved.", page, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(name), page, StringComparison.Ordinal);
        Assert.DoesNotContain(name, page, StringComparison.Ordinal);
        Assert.Equal([id], RowIds(grid, "data-account"));
    }

    [Fact]
    public async Task Editing_an_account_renames_it_and_the_history_shows_the_change()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var before = Unique("Before");
        var after = Unique("After");
        var id = await client.CreateAccountAsync(before, adminId);

        var form = await client.GetStringAsync($"/accounts/{id}/edit");
        var response = await client.PostFormAsync($"/accounts/{id}/edit", Fields(
            ("Form.Name", after), ("Form.OwnerId", Text(adminId)), ("Form.Version", InputValue(form, "Form.Version"))));
        var page = await client.GetStringAsync(response.Headers.Location);

        Assert.Equal($"/accounts/{id}", response.Headers.Location!.OriginalString);
        var account = await factory.AccountAsync(id);
        Assert.Equal(after, account!.Name);
        Assert.Equal(1, account.Version);
        Assert.Contains("Account saved.", page, StringComparison.Ordinal);
        Assert.Contains($"Name: {before} → {after}", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Enter the account name.")]
    [InlineData("   ", "Enter the account name.")]
    [InlineData(null, "The account name has at most 255 characters.")]
    public async Task An_invalid_name_is_refused_beside_the_field(string? name, string message)
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var count = await factory.WithDbAsync(db => db.Accounts.CountAsync());

        var response = await client.PostFormAsync("/accounts/create", Fields(
            ("Form.Name", name ?? new string('x', 256)), ("Form.OwnerId", Text(adminId)), ("Form.Version", "0")));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, FieldError(html, "Form.Name"));
        Assert.Equal(count, await factory.WithDbAsync(db => db.Accounts.CountAsync()));
    }

    [Fact]
    public async Task A_stale_edit_shows_the_conflict_with_the_current_values_and_overwrites_nothing()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var id = await client.CreateAccountAsync(Unique("Original"), adminId);
        var staleVersion = InputValue(await client.GetStringAsync($"/accounts/{id}/edit"), "Form.Version");
        var first = Unique("First");
        var second = Unique("Second");

        var winner = await client.PostFormAsync($"/accounts/{id}/edit", Fields(("Form.Name", first), ("Form.OwnerId", Text(adminId)), ("Form.Version", staleVersion)));
        var loser = await client.PostFormAsync($"/accounts/{id}/edit", Fields(("Form.Name", second), ("Form.OwnerId", Text(adminId)), ("Form.Version", staleVersion)));
        var html = await loser.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Redirect, winner.StatusCode);
        Assert.Equal(HttpStatusCode.OK, loser.StatusCode);
        Assert.Contains("This account was changed by someone else.", html, StringComparison.Ordinal);
        Assert.Equal(first, InputValue(html, "Form.Name"));
        Assert.Equal("1", InputValue(html, "Form.Version"));
        Assert.Equal(first, (await factory.AccountAsync(id))!.Name);
    }

    [Fact]
    public async Task Deleting_an_account_is_refused_while_opportunities_belong_to_it()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var rates = await factory.RatesAsync();
        var id = await client.CreateAccountAsync(Unique("Busy"), adminId);
        await factory.CreateOpportunityAsync(Unique("Deal"), adminId, id, "in_progress", 100m, rates.BaseCurrency, rates);

        var response = await client.PostFormAsync($"/accounts/{id}/delete", []);
        var page = await client.GetStringAsync(response.Headers.Location);

        Assert.Equal($"/accounts/{id}", response.Headers.Location!.OriginalString);
        Assert.Contains("cannot be deleted while opportunities belong to it", page, StringComparison.Ordinal);
        Assert.NotNull(await factory.AccountAsync(id));
    }

    [Fact]
    public async Task Deleting_an_account_keeps_its_contacts_without_an_account()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var name = Unique("Gone");
        var id = await client.CreateAccountAsync(name, adminId);
        var contactId = await client.CreateContactAsync("Kept", Unique("Contact"), adminId, accountName: name);
        Assert.Equal(id, (await factory.ContactAsync(contactId))!.AccountId);

        var response = await client.PostFormAsync($"/accounts/{id}/delete", []);
        var page = await client.GetStringAsync(response.Headers.Location);

        Assert.Equal("/accounts", response.Headers.Location!.OriginalString);
        Assert.Contains("Account deleted.", page, StringComparison.Ordinal);
        Assert.Null(await factory.AccountAsync(id));
        var contact = await factory.ContactAsync(contactId);
        Assert.NotNull(contact);
        Assert.Null(contact.AccountId);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/accounts/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_account_page_totals_won_lost_and_open_deals_and_the_lifetime_value_in_base_currency()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var rates = await factory.RatesAsync();
        var (baseCode, other) = (rates.BaseCurrency, rates.Other);
        var name = Unique("Totals");
        var id = await client.CreateAccountAsync(name, adminId);
        // Won: 1,000 base + 1,000 other (= 1,100 base). Lost: 500 other (= 550 base). Open: 300 base + 200 other (= 220 base).
        var wonBase = await factory.CreateOpportunityAsync("Won in base", adminId, id, "won", 1000m, baseCode, rates);
        await factory.CreateOpportunityAsync("Won in other", adminId, id, "won", 1000m, other, rates);
        await factory.CreateOpportunityAsync("Lost in other", adminId, id, "lost", 500m, other, rates);
        await factory.CreateOpportunityAsync("Open in base", adminId, id, "in_progress", 300m, baseCode, rates);
        await factory.CreateOpportunityAsync("Open in other", adminId, id, "negotiation", 200m, other, rates);

        var page = await client.GetStringAsync($"/accounts/{id}");
        var grid = await client.GetStringAsync("/accounts?q=" + Uri.EscapeDataString(name));

        Assert.Equal("2", TestIdText(page, "won-count"));
        Assert.Equal($"{baseCode} 2,100.00", TestIdText(page, "won-amount"));
        Assert.Equal("1", TestIdText(page, "lost-count"));
        Assert.Equal($"{baseCode} 550.00", TestIdText(page, "lost-amount"));
        Assert.Equal("2", TestIdText(page, "open-count"));
        Assert.Equal($"{baseCode} 520.00", TestIdText(page, "open-amount"));
        Assert.Equal($"{baseCode} 2,100.00", TestIdText(page, "lifetime-value"));
        Assert.Contains($"<a href=\"/opportunities/{wonBase}\">Won in base</a>", page, StringComparison.Ordinal);
        Assert.Contains($"{other} 200.00", page, StringComparison.Ordinal);
        Assert.Equal("5", TestIdText(grid, "opportunity-count"));
        Assert.Equal($"{baseCode} 520.00", TestIdText(grid, "open-pipeline"));
    }

    [Fact]
    public async Task Create_Opportunity_shows_only_while_the_opportunities_module_is_on()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var id = await client.CreateAccountAsync(Unique("Button"), await factory.UserIdAsync("admin"));
        var link = $"href=\"/opportunities/create?accountId={id}\"";
        try
        {
            Assert.Contains(link, await client.GetStringAsync($"/accounts/{id}"), StringComparison.Ordinal);

            await SetOpportunitiesEnabledAsync(factory, false);

            var page = await client.GetStringAsync($"/accounts/{id}");
            Assert.DoesNotContain(link, page, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"deal-summary\"", page, StringComparison.Ordinal);
        }
        finally
        {
            await SetOpportunitiesEnabledAsync(factory, true);
        }
    }

    [Fact]
    public async Task The_grid_sorts_by_open_pipeline_and_opportunity_count_in_the_database()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var rates = await factory.RatesAsync();
        var prefix = Unique("Sort");
        var small = await client.CreateAccountAsync(prefix + " a", adminId);
        var large = await client.CreateAccountAsync(prefix + " b", adminId);
        var none = await client.CreateAccountAsync(prefix + " c", adminId);
        await factory.CreateOpportunityAsync("s1", adminId, small, "in_progress", 10m, rates.BaseCurrency, rates);
        await factory.CreateOpportunityAsync("s2", adminId, small, "in_progress", 10m, rates.BaseCurrency, rates);
        await factory.CreateOpportunityAsync("s3", adminId, small, "won", 5000m, rates.BaseCurrency, rates);
        await factory.CreateOpportunityAsync("l1", adminId, large, "in_progress", 1000m, rates.Other, rates);

        var byPipeline = RowIds(await client.GetStringAsync($"/accounts?q={prefix}&sort=pipeline&dir=desc"), "data-account");
        var byCount = RowIds(await client.GetStringAsync($"/accounts?q={prefix}&sort=opportunities&dir=asc"), "data-account");
        var byName = RowIds(await client.GetStringAsync($"/accounts?q={prefix}&sort=name&dir=desc"), "data-account");

        Assert.Equal([large, small, none], byPipeline);
        Assert.Equal([none, large, small], byCount);
        Assert.Equal([none, large, small], byName);
    }

    [Fact]
    public async Task The_grid_pages_with_the_chosen_page_size()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var prefix = Unique("Page");
        var ids = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await client.CreateAccountAsync($"{prefix} {i:00}", adminId));
        }

        var first = await client.GetStringAsync($"/accounts?q={prefix}&sort=name&dir=asc&size=10");
        var second = await client.GetStringAsync($"/accounts?q={prefix}&sort=name&dir=asc&size=10&page=2");

        Assert.Equal(ids.Take(10), RowIds(first, "data-account"));
        Assert.Equal(ids.Skip(10), RowIds(second, "data-account"));
        Assert.Contains("11–12 of 12", second, StringComparison.Ordinal);
    }

    private static async Task SetOpportunitiesEnabledAsync(OroAppFactory factory, bool enabled)
    {
        using var scope = factory.Services.CreateScope();
        var writer = scope.ServiceProvider.GetRequiredService<ConfigurationWriter>();
        await writer.SetAsync(SettingKeys.OpportunityEnabled, enabled);
        await writer.SaveAsync();
    }
}

public sealed class SqliteAccountTests(SqliteAppFixture fixture) : AccountTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresAccountTests(PostgresAppFixture fixture) : AccountTests(fixture), IClassFixture<PostgresAppFixture>;
