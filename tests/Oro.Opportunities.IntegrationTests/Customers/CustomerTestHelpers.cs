using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Customers;

/// <summary>Fixed rates for opportunities written straight to the database: 1 unit of the other currency = 1.1 base units.</summary>
public sealed class TestRates(string baseCurrency) : IRateSource
{
    public const decimal OtherRate = 1.1m;

    public string BaseCurrency => baseCurrency;

    /// <summary>A currency that is not the base one.</summary>
    public string Other => baseCurrency == "EUR" ? "GBP" : "EUR";

    public decimal? RateToBase(string currency, DateTime? closedAt) => currency == baseCurrency ? 1m : currency == Other ? OtherRate : null;
}

/// <summary>Creates customers through the pages (as a user would) and opportunities straight through the DbContext.</summary>
internal static partial class CustomerTestHelpers
{
    public const string Password = "customer-test-password-1";

    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static List<KeyValuePair<string, string>> Fields(params (string Key, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).ToList();

    public static async Task<HttpClient> AdminAsync(this OroAppFactory factory)
    {
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        return client;
    }

    /// <summary>A new user with the given roles, signed in.</summary>
    public static async Task<(HttpClient Client, AppUser User)> UserAsync(this OroAppFactory factory, string[] roles)
    {
        var user = await factory.CreateUserAsync(Unique("u"), Password, roles);
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(user.UserName!, Password);
        return (client, user);
    }

    public static Task<(HttpClient Client, AppUser User)> RepAsync(this OroAppFactory factory) =>
        factory.UserAsync([SystemRoles.SalesRep]);

    public static Task<int> UserIdAsync(this OroAppFactory factory, string userName) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    /// <summary>A role with exactly the given levels on accounts and contacts (everything else None).</summary>
    public static async Task<string> CreateRoleAsync(this OroAppFactory factory, AccessLevel view, AccessLevel create, AccessLevel edit, AccessLevel delete)
    {
        var name = Unique("role");
        await factory.WithDbAsync(async db =>
        {
            var role = new AppRole(name) { NormalizedName = name.ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString() };
            db.Roles.Add(role);
            await db.SaveChangesAsync();
            foreach (var entity in new[] { SecuredEntity.Account, SecuredEntity.Contact })
            {
                db.RolePermissions.Add(new RolePermission(role.Id, entity, PermissionAction.View, view));
                db.RolePermissions.Add(new RolePermission(role.Id, entity, PermissionAction.Create, create));
                db.RolePermissions.Add(new RolePermission(role.Id, entity, PermissionAction.Edit, edit));
                db.RolePermissions.Add(new RolePermission(role.Id, entity, PermissionAction.Delete, delete));
            }

            await db.SaveChangesAsync();
        });
        return name;
    }

    public static async Task<int> CreateAccountAsync(this HttpClient client, string name, int ownerId)
    {
        var response = await client.PostFormAsync("/accounts/create", Fields(
            ("Form.Name", name), ("Form.OwnerId", Text(ownerId)), ("Form.Version", "0")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return IdFrom(response, "accounts");
    }

    public static async Task<int> CreateContactAsync(this HttpClient client, string firstName, string lastName, int ownerId, string? accountName = null, string? email = null)
    {
        var response = await client.PostFormAsync("/contacts/create", Fields(
            ("Form.FirstName", firstName), ("Form.LastName", lastName), ("Form.Emails[0]", email ?? string.Empty),
            ("Form.AccountName", accountName ?? string.Empty), ("Form.OwnerId", Text(ownerId)), ("Form.Version", "0")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return IdFrom(response, "contacts");
    }

    public static int IdFrom(HttpResponseMessage response, string segment)
    {
        var match = Regex.Match(response.Headers.Location!.OriginalString, $"/{segment}/(\\d+)$");
        Assert.True(match.Success, $"Redirected to {response.Headers.Location} instead of a {segment} page.");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Rates over the app's configured base currency.</summary>
    public static async Task<TestRates> RatesAsync(this OroAppFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        var snapshot = await scope.ServiceProvider.GetRequiredService<ISystemConfiguration>().GetAsync();
        return new TestRates(snapshot.BaseCurrency);
    }

    /// <summary>
    /// Writes an opportunity in the status with <paramref name="statusCode"/> through the domain,
    /// as any write path does; closed deals get their closing data.
    /// </summary>
    public static Task<int> CreateOpportunityAsync(
        this OroAppFactory factory, string name, int ownerId, int accountId, string statusCode, decimal budget, string currency, TestRates rates, int? contactId = null) =>
        factory.WithDbAsync(async db =>
        {
            var status = await db.OpportunityStatuses.AsNoTracking().SingleAsync(s => s.Code == statusCode);
            var statusRef = new StatusRef(status.Id, status.Code, status.Label, status.DefaultProbability, status.Kind);
            var opportunity = Opportunity.Create(
                new OpportunityChange
                {
                    Name = name,
                    OwnerId = ownerId,
                    AccountId = accountId,
                    ContactId = new(contactId),
                    Status = statusRef,
                    Budget = new(new Money(budget, new CurrencyCode(currency))),
                    CloseDate = new(new DateOnly(2025, 6, 30)),
                    CloseReason = status.Code == "lost" ? new("outsold") : null,
                },
                new ChangeContext(_ => statusRef, rates, DateTime.UtcNow, DateOnly.FromDateTime(DateTime.UtcNow)));
            db.Opportunities.Add(opportunity);
            await db.SaveChangesAsync();
            return opportunity.Id;
        });

    public static Task<Account?> AccountAsync(this OroAppFactory factory, int id) =>
        factory.WithDbAsync(db => db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id));

    public static Task<Contact?> ContactAsync(this OroAppFactory factory, int id) =>
        factory.WithDbAsync(db => db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id));

    /// <summary>The text of the element carrying <c>data-testid="<paramref name="testId"/>"</c>.</summary>
    public static string TestIdText(string html, string testId)
    {
        var match = Regex.Match(html, $"data-testid=\"{Regex.Escape(testId)}\"[^>]*>([^<]*)<");
        Assert.True(match.Success, $"No element with data-testid=\"{testId}\".");
        return WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
    }

    /// <summary>The validation message shown beside <paramref name="field"/>, or null.</summary>
    public static string? FieldError(string html, string field)
    {
        var match = Regex.Match(html, $"<span class=\"field-validation-error\" data-valmsg-for=\"{Regex.Escape(field)}\"[^>]*>([^<]*)</span>");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    /// <summary>The ids of the rows of a grid, in page order.</summary>
    public static List<int> RowIds(string html, string attribute) =>
        Regex.Matches(html, $"<tr {attribute}=\"(\\d+)\"").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

    public static string InputValue(string html, string name)
    {
        var match = Regex.Match(html, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"");
        Assert.True(match.Success, $"No input named {name}.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }
}
