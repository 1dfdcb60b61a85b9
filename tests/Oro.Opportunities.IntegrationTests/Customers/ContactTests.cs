using System.Net;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Customers.CustomerTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Customers;

/// <summary>Customers → Contacts over HTTP: create, edit, validation, conflicts, delete and the contact's deals (spec §9).</summary>
public abstract class ContactTests(AppFixture fixture)
{
    [Fact]
    public async Task Creating_a_contact_saves_every_field_links_the_typed_account_and_lists_it()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var accountName = Unique("Globex");
        var accountId = await client.CreateAccountAsync(accountName, adminId);
        var last = Unique("Simpson");
        var email = last.ToLowerInvariant() + "@globex.example.com";

        var response = await client.PostFormAsync("/contacts/create", Fields(
            ("Form.FirstName", "Homer"), ("Form.LastName", last), ("Form.JobTitle", "Safety inspector"),
            ("Form.Emails[0]", email), ("Form.Emails[1]", "homer@home.example.org"),
            ("Form.Phones[0]", "+1 555 0100"), ("Form.Phones[1]", "+1 555 0199"),
            ("Form.AccountName", accountName.ToUpperInvariant()), ("Form.OwnerId", Text(adminId)), ("Form.Version", "0")));
        var id = IdFrom(response, "contacts");
        var page = await client.GetStringAsync(response.Headers.Location);
        var byEmail = await client.GetStringAsync("/contacts?q=" + Uri.EscapeDataString(email.ToUpperInvariant()));
        var byName = await client.GetStringAsync("/contacts?q=" + Uri.EscapeDataString("homer " + last));

        var contact = await factory.ContactAsync(id);
        Assert.NotNull(contact);
        Assert.Equal(("Homer", last, "Safety inspector", email, "homer@home.example.org", "+1 555 0100", "+1 555 0199", (int?)accountId),
            (contact.FirstName, contact.LastName, contact.JobTitle, contact.Email, contact.Emails[1].Email, contact.Phone, contact.Phones[1].Phone, contact.AccountId));
        Assert.Contains("Contact saved.", page, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/accounts/{accountId}\">{accountName}</a>", page, StringComparison.Ordinal);
        Assert.Equal([id], RowIds(byEmail, "data-contact"));
        Assert.Equal([id], RowIds(byName, "data-contact"));
        Assert.Contains($"<a href=\"/contacts/{id}\">Homer {last}</a>", await client.GetStringAsync($"/accounts/{accountId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contact_without_any_name_or_with_malformed_emails_is_refused_beside_the_fields()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var count = await factory.WithDbAsync(db => db.Contacts.CountAsync());

        var response = await client.PostFormAsync("/contacts/create", Fields(
            ("Form.FirstName", " "), ("Form.LastName", ""), ("Form.Emails[0]", "not-an-email"), ("Form.Emails[1]", "a@b"),
            ("Form.OwnerId", Text(adminId)), ("Form.Version", "0")));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Enter a first name or a last name.", FieldError(html, "Form.LastName"));
        Assert.Equal("Enter a valid email address, such as name@example.com.", FieldError(html, "Form.Emails[0]"));
        Assert.Equal("Enter a valid email address, such as name@example.com.", FieldError(html, "Form.Emails[1]"));
        Assert.Equal(count, await factory.WithDbAsync(db => db.Contacts.CountAsync()));
    }

    [Fact]
    public async Task One_name_part_is_enough_and_an_unknown_account_is_refused_beside_the_account_field()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var last = Unique("Solo");
        var missing = Unique("No such account");

        var refused = await client.PostFormAsync("/contacts/create", Fields(
            ("Form.LastName", last), ("Form.AccountName", missing), ("Form.OwnerId", Text(adminId)), ("Form.Version", "0")));
        var accepted = await client.PostFormAsync("/contacts/create", Fields(
            ("Form.LastName", last), ("Form.OwnerId", Text(adminId)), ("Form.Version", "0")));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal($"There is no account named \"{missing}\". Pick one from the list.", FieldError(await refused.Content.ReadAsStringAsync(), "Form.AccountName"));
        var contact = await factory.ContactAsync(IdFrom(accepted, "contacts"));
        Assert.Equal((string.Empty, last, (int?)null), (contact!.FirstName, contact.LastName, contact.AccountId));
    }

    [Fact]
    public async Task Two_accounts_with_one_name_need_the_picked_id()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var name = Unique("Twin");
        await client.CreateAccountAsync(name, adminId);
        var second = await client.CreateAccountAsync(name, adminId);

        var typed = await client.PostFormAsync("/contacts/create", Fields(
            ("Form.LastName", "Typed"), ("Form.AccountName", name), ("Form.OwnerId", Text(adminId)), ("Form.Version", "0")));
        var picked = await client.PostFormAsync("/contacts/create", Fields(
            ("Form.LastName", "Picked"), ("Form.AccountName", name), ("Form.AccountId", Text(second)), ("Form.OwnerId", Text(adminId)), ("Form.Version", "0")));

        Assert.Equal($"Several accounts are named \"{name}\". Pick one from the list.", FieldError(await typed.Content.ReadAsStringAsync(), "Form.AccountName"));
        Assert.Equal(second, (await factory.ContactAsync(IdFrom(picked, "contacts")))!.AccountId);
    }

    [Fact]
    public async Task A_stale_contact_edit_shows_the_conflict_with_the_current_values_and_overwrites_nothing()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var id = await client.CreateContactAsync("Ann", Unique("Original"), adminId);
        var staleVersion = InputValue(await client.GetStringAsync($"/contacts/{id}/edit"), "Form.Version");

        var winner = await client.PostFormAsync($"/contacts/{id}/edit", Fields(
            ("Form.FirstName", "Ann"), ("Form.LastName", "Winner"), ("Form.Phones[0]", "111"), ("Form.OwnerId", Text(adminId)), ("Form.Version", staleVersion)));
        var loser = await client.PostFormAsync($"/contacts/{id}/edit", Fields(
            ("Form.FirstName", "Ann"), ("Form.LastName", "Loser"), ("Form.Phones[0]", "222"), ("Form.OwnerId", Text(adminId)), ("Form.Version", staleVersion)));
        var html = await loser.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Redirect, winner.StatusCode);
        Assert.Equal(HttpStatusCode.OK, loser.StatusCode);
        Assert.Contains("This contact was changed by someone else.", html, StringComparison.Ordinal);
        Assert.Equal("Winner", InputValue(html, "Form.LastName"));
        Assert.Equal("111", InputValue(html, "Form.Phones[0]"));
        var contact = await factory.ContactAsync(id);
        Assert.Equal(("Winner", "111", 1L), (contact!.LastName, contact.Phone, contact.Version));
    }

    [Fact]
    public async Task Editing_a_contact_saves_and_the_history_shows_the_change()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var id = await client.CreateContactAsync("Bea", Unique("Edit"), adminId, email: "bea@old.example.com");
        var form = await client.GetStringAsync($"/contacts/{id}/edit");

        var response = await client.PostFormAsync($"/contacts/{id}/edit", Fields(
            ("Form.FirstName", "Bea"), ("Form.LastName", InputValue(form, "Form.LastName")), ("Form.Emails[0]", "bea@new.example.com"),
            ("Form.OwnerId", Text(adminId)), ("Form.Version", InputValue(form, "Form.Version"))));
        var page = await client.GetStringAsync(response.Headers.Location);

        Assert.Equal($"/contacts/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("bea@new.example.com", (await factory.ContactAsync(id))!.Email);
        Assert.Contains("Contact saved.", page, StringComparison.Ordinal);
        Assert.Contains("Emails: bea@old.example.com → bea@new.example.com", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_contact_page_lists_its_opportunities_and_deleting_the_contact_keeps_them()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var rates = await factory.RatesAsync();
        var accountId = await client.CreateAccountAsync(Unique("Deals"), adminId);
        var id = await client.CreateContactAsync("Cid", Unique("Deals"), adminId);
        var dealName = Unique("Deal with contact");
        var dealId = await factory.CreateOpportunityAsync(dealName, adminId, accountId, "in_progress", 10m, rates.BaseCurrency, rates, contactId: id);

        var page = await client.GetStringAsync($"/contacts/{id}");
        var response = await client.PostFormAsync($"/contacts/{id}/delete", []);
        var list = await client.GetStringAsync(response.Headers.Location);

        Assert.Contains($"<a href=\"/opportunities/{dealId}\">{dealName}</a>", page, StringComparison.Ordinal);
        Assert.Equal("/contacts", response.Headers.Location!.OriginalString);
        Assert.Contains("Contact deleted.", list, StringComparison.Ordinal);
        Assert.Null(await factory.ContactAsync(id));
        var deal = await factory.WithDbAsync(db => db.Opportunities.AsNoTracking().SingleOrDefaultAsync(o => o.Id == dealId));
        Assert.NotNull(deal);
        Assert.Null(deal.ContactId);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/contacts/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_account_lookup_returns_matching_accounts_as_json()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var name = Unique("Lookup");
        var id = await client.CreateAccountAsync(name, await factory.UserIdAsync("admin"));

        var json = await client.GetStringAsync("/accounts/lookup?term=" + Uri.EscapeDataString(name));

        Assert.Contains($"\"id\":{id}", json, StringComparison.Ordinal);
        Assert.Contains($"\"text\":\"{name}\"", json, StringComparison.Ordinal);
    }
}

public sealed class SqliteContactTests(SqliteAppFixture fixture) : ContactTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresContactTests(PostgresAppFixture fixture) : ContactTests(fixture), IClassFixture<PostgresAppFixture>;
