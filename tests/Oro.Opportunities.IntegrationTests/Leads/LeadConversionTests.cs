using System.Net;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Customers.CustomerTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Leads;

/// <summary>
/// Convert to Opportunity over HTTP (spec §9, issue 12): each account and contact case, the one
/// transaction, and two conversions of the same lead at once.
/// </summary>
public abstract class LeadConversionTests(AppFixture fixture)
{
    private static (string, string)[] Person(string last) =>
    [
        ("Form.NamePrefix", "Ms."), ("Form.FirstName", "Ingrid"), ("Form.MiddleName", "K."), ("Form.LastName", last), ("Form.NameSuffix", "Jr."),
        ("Form.JobTitle", "Head of Operations"),
        ("Form.Emails[0]", "ingrid@nordlicht.example"), ("Form.Emails[1]", "ops@nordlicht.example"), ("Form.PrimaryEmail", "1"),
        ("Form.Phones[0]", "+47 22 11 22 33"),
        ("Form.Addresses[0].Label", "Head office"), ("Form.Addresses[0].Street", "Storgata 12"), ("Form.Addresses[0].PostalCode", "0155"),
        ("Form.Addresses[0].City", "Oslo"), ("Form.Addresses[0].Country", "no"),
    ];

    [Fact]
    public async Task A_lead_without_account_or_contact_gets_a_new_account_of_its_company_and_a_new_contact_built_from_it()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var company = Unique("Nordlicht Solar");
        var last = Unique("Halvorsen");
        var leadId = await client.CreateLeadAsync("Fleet tracking " + last, adminId, [.. Person(last), ("Form.CompanyName", company)]);

        var form = await client.ConvertFormAsync(leadId);
        Assert.Equal("Fleet tracking " + last, form["Name"]);
        Assert.Equal(company, form["AccountName"]);
        Assert.Equal(string.Empty, form["AccountId"]);
        Assert.Equal(("Ms.", "Ingrid", "K.", last, "Jr.", "Head of Operations"),
            (form["NewContact.NamePrefix"], form["NewContact.FirstName"], form["NewContact.MiddleName"], form["NewContact.LastName"], form["NewContact.NameSuffix"], form["NewContact.JobTitle"]));
        Assert.Equal(("ops@nordlicht.example", "ingrid@nordlicht.example", "0"), (form["NewContact.Emails[0]"], form["NewContact.Emails[1]"], form["NewContact.PrimaryEmail"]));
        Assert.Equal(("Storgata 12", "NO"), (form["NewContact.Addresses[0].Street"], form["NewContact.Addresses[0].Country"]));

        var response = await client.ConvertAsync(leadId, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var opportunityId = IdFrom(response, "opportunities");
        var opportunity = Assert.Single(await factory.OpportunitiesOfLeadAsync(leadId));
        Assert.Equal(opportunityId, opportunity.Id);
        var account = await factory.AccountAsync(opportunity.AccountId);
        Assert.Equal((company, adminId), (account!.Name, account.OwnerId));
        var contact = await factory.ContactAsync(opportunity.ContactId!.Value);
        Assert.Equal(("Ms.", "Ingrid", "K.", last, "Jr.", "Head of Operations", (int?)account.Id),
            (contact!.NamePrefix, contact.FirstName, contact.MiddleName, contact.LastName, contact.NameSuffix, contact.JobTitle, contact.AccountId));
        Assert.Equal([new EmailAddress("ops@nordlicht.example", true), new EmailAddress("ingrid@nordlicht.example", false)], contact.Emails.ToList());
        Assert.Equal("ops@nordlicht.example", contact.Email);
        Assert.Equal([new PhoneNumber("+47 22 11 22 33", true)], contact.Phones.ToList());
        Assert.Equal(("Head office", "Storgata 12", "0155", "Oslo", "NO", true), (contact.Addresses[0].Label, contact.Addresses[0].Street, contact.Addresses[0].PostalCode, contact.Addresses[0].City, contact.Addresses[0].Country, contact.Addresses[0].IsPrimary));
        var lead = await factory.LeadAsync(leadId);
        Assert.Equal((LeadStatus.Qualified, (int?)contact.Id, (int?)account.Id), (lead.StatusCode, lead.ContactId, lead.AccountId));

        // The opportunity's page links the lead; the lead is gone from Open Leads and offers no second conversion.
        var page = await client.GetStringAsync($"/opportunities/{opportunityId}");
        Assert.Contains($"<a href=\"/leads/{leadId}\">Fleet tracking {last}</a>", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-lead=\"{leadId}\"", await client.GetStringAsync("/leads?q=" + Uri.EscapeDataString(last)), StringComparison.Ordinal);
        Assert.Contains($"data-lead=\"{leadId}\"", await client.GetStringAsync("/leads?view=all&q=" + Uri.EscapeDataString(last)), StringComparison.Ordinal);
        var leadPage = await client.GetStringAsync($"/leads/{leadId}");
        Assert.DoesNotContain("data-testid=\"convert\"", leadPage, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/opportunities/{opportunityId}\">", leadPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_company_name_picks_the_account_of_that_name_whatever_its_case_and_the_edited_contact_is_saved_as_edited()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var company = Unique("Café Lumière");
        var accountId = await client.CreateAccountAsync(company, adminId);
        var last = Unique("Marchand");
        var leadId = await client.CreateLeadAsync("Loyalty app " + last, adminId, ("Form.FirstName", "Élodie"), ("Form.LastName", last),
            ("Form.CompanyName", company.ToUpperInvariant()), ("Form.Emails[0]", "elodie@cafe.example"));
        var accounts = await factory.WithDbAsync(db => db.Accounts.CountAsync());

        var form = await client.ConvertFormAsync(leadId,
            ("NewContact.FirstName", "Elodie"), ("NewContact.Emails[0]", "elodie.marchand@cafe.example"), ("NewContact.Phones[0]", "+33 4 78 00 00 01"));
        Assert.Equal(Text(accountId), form["AccountId"]);
        var response = await client.ConvertAsync(leadId, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var opportunity = Assert.Single(await factory.OpportunitiesOfLeadAsync(leadId));
        Assert.Equal(accountId, opportunity.AccountId);
        Assert.Equal(accounts, await factory.WithDbAsync(db => db.Accounts.CountAsync()));
        var contact = await factory.ContactAsync(opportunity.ContactId!.Value);
        Assert.Equal(("Elodie", last, "elodie.marchand@cafe.example", "+33 4 78 00 00 01", (int?)accountId), (contact!.FirstName, contact.LastName, contact.Email, contact.Phone, contact.AccountId));
    }

    [Fact]
    public async Task A_lead_with_an_account_and_a_contact_converts_onto_them_without_creating_either()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var accountName = Unique("Harbor Freight");
        var accountId = await client.CreateAccountAsync(accountName, adminId);
        var contactLast = Unique("Bell");
        var contactId = await client.CreateContactAsync("Marcus", contactLast, adminId);
        var leadId = await client.CreateLeadAsync("Renewal " + contactLast, adminId,
            ("Form.CompanyName", Unique("Another name")), ("Form.AccountId", Text(accountId)), ("Form.AccountName", accountName),
            ("Form.ContactId", Text(contactId)), ("Form.ContactName", "Marcus " + contactLast));
        var (accounts, contacts) = await factory.WithDbAsync(async db => (await db.Accounts.CountAsync(), await db.Contacts.CountAsync()));

        var form = await client.ConvertFormAsync(leadId);
        Assert.Equal((Text(accountId), Text(contactId), "false"), (form["AccountId"], form["ContactId"], form["hasNewContact"]));
        Assert.Null(form["NewContact.LastName"]);
        var response = await client.ConvertAsync(leadId, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var opportunity = Assert.Single(await factory.OpportunitiesOfLeadAsync(leadId));
        Assert.Equal((accountId, (int?)contactId), (opportunity.AccountId, opportunity.ContactId));
        Assert.Equal((accounts, contacts), await factory.WithDbAsync(async db => (await db.Accounts.CountAsync(), await db.Contacts.CountAsync())));

        // The contact had no account: it joins the opportunity's.
        Assert.Equal(accountId, (await factory.ContactAsync(contactId))!.AccountId);
        Assert.Equal((LeadStatus.Qualified, (int?)contactId), ((await factory.LeadAsync(leadId)).StatusCode, (await factory.LeadAsync(leadId)).ContactId));
    }

    [Fact]
    public async Task A_refused_conversion_shows_the_form_again_and_saves_nothing()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var last = Unique("Okafor");
        var leadId = await client.CreateLeadAsync("Inquiry " + last, adminId, ("Form.LastName", last), ("Form.CompanyName", Unique("Okafor & Sons")));
        var (accounts, contacts, opportunities) = await CountsAsync(factory);

        var form = await client.ConvertFormAsync(leadId, ("NewContact.LastName", " "), ("NewContact.Emails[0]", "not-an-email"));
        var response = await client.ConvertAsync(leadId, form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Enter the contact's first or last name.", FieldError(html, "NewContact.LastName"));
        Assert.Equal("Enter a valid email address, such as name@example.com.", FieldError(html, "NewContact.Emails[0]"));
        Assert.Equal((accounts, contacts, opportunities), await CountsAsync(factory));
        Assert.Equal(LeadStatus.New, (await factory.LeadAsync(leadId)).StatusCode);
    }

    [Fact]
    public async Task Two_conversions_of_one_lead_at_once_create_one_opportunity_and_leave_nothing_of_the_other()
    {
        var factory = fixture.Start();
        var first = await factory.AdminAsync();
        var second = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var last = Unique("Twice");
        var leadId = await first.CreateLeadAsync("Double " + last, adminId, ("Form.LastName", last), ("Form.CompanyName", Unique("Twice Ltd")));
        var firstForm = await first.ConvertFormAsync(leadId);
        var secondForm = await second.ConvertFormAsync(leadId);
        var (accounts, contacts, opportunities) = await CountsAsync(factory);

        var responses = await Task.WhenAll(first.ConvertAsync(leadId, firstForm), second.ConvertAsync(leadId, secondForm));

        var locations = responses.Select(r => r.Headers.Location?.OriginalString).ToList();
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Single(locations, l => l!.StartsWith("/opportunities/", StringComparison.Ordinal));
        Assert.Single(locations, l => l == $"/leads/{leadId}");
        Assert.Single(await factory.OpportunitiesOfLeadAsync(leadId));
        Assert.Equal((accounts + 1, contacts + 1, opportunities + 1), await CountsAsync(factory));
        Assert.Equal(LeadStatus.Qualified, (await factory.LeadAsync(leadId)).StatusCode);
    }

    [Fact]
    public async Task A_converted_lead_cannot_be_converted_again_and_its_page_says_why()
    {
        var factory = fixture.Start();
        var client = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var last = Unique("Again");
        var leadId = await client.CreateLeadAsync("Again " + last, adminId, ("Form.LastName", last), ("Form.CompanyName", Unique("Again Inc")));
        var form = await client.ConvertFormAsync(leadId);
        Assert.Equal(HttpStatusCode.Redirect, (await client.ConvertAsync(leadId, form)).StatusCode);

        var again = await client.GetAsync($"/leads/{leadId}/convert");
        var repost = await client.ConvertAsync(leadId, form);

        Assert.Equal($"/leads/{leadId}", again.Headers.Location!.OriginalString);
        Assert.Equal($"/leads/{leadId}", repost.Headers.Location!.OriginalString);
        Assert.Contains("cannot be converted", await client.GetStringAsync($"/leads/{leadId}"), StringComparison.Ordinal);
        Assert.Single(await factory.OpportunitiesOfLeadAsync(leadId));
    }

    private static Task<(int Accounts, int Contacts, int Opportunities)> CountsAsync(OroAppFactory factory) =>
        factory.WithDbAsync(async db => (await db.Accounts.CountAsync(), await db.Contacts.CountAsync(), await db.Opportunities.CountAsync()));
}

public sealed class SqliteLeadConversionTests(SqliteAppFixture fixture) : LeadConversionTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresLeadConversionTests(PostgresAppFixture fixture) : LeadConversionTests(fixture), IClassFixture<PostgresAppFixture>;
