using System.Net;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.ImportExport.ImportTestSupport;

namespace Oro.Opportunities.IntegrationTests.DailyUse;

/// <summary>
/// Time zones (issue 13 item 10): "today" is computed in the user's zone on the server — closing a deal
/// without a date on every path, the Overdue view — and a user without a zone has the system's.
/// </summary>
public abstract class TimeZoneTests(AppFixture fixture)
{
    private const string Password = "zone-test-password-1";

    /// <summary>
    /// A zone whose date differs from UTC's right now (a day behind before 10:00 UTC, a day ahead after),
    /// so a test passes only if the user's zone, not UTC, decides what "today" is.
    /// </summary>
    public static (string Zone, DateOnly Today, DateOnly UtcToday) ZoneOffTheUtcDate()
    {
        var now = DateTime.UtcNow;
        var zone = now.Hour < 10 ? "Pacific/Pago_Pago" : "Pacific/Kiritimati";
        var today = new UserTime(now, TimeZones.Find(zone)!).Today;
        var utcToday = DateOnly.FromDateTime(now);
        Assert.NotEqual(utcToday, today);
        return (zone, today, utcToday);
    }

    /// <summary>A new sales rep with the given zone (set on their own profile page), signed in.</summary>
    public static async Task<(HttpClient Client, int UserId)> RepInZoneAsync(OroAppFactory factory, string? zone)
    {
        var name = "zone" + Guid.NewGuid().ToString("N")[..8];
        var user = await factory.CreateUserAsync(name, Password, [SystemRoles.SalesRep]);
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(name, Password);
        if (zone is not null)
        {
            var saved = await client.PostFormAsync("/profile", [new("timeZone", zone)], "/profile");
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        return (client, user.Id);
    }

    [Fact]
    public async Task A_deal_closed_without_a_close_date_closes_on_the_users_today_in_the_grid_and_in_an_import()
    {
        var factory = fixture.Start();
        var (zone, today, _) = ZoneOffTheUtcDate();
        var (client, userId) = await RepInZoneAsync(factory, zone);
        var account = await factory.AccountAsync(Unique("Zone account"), userId);
        var deal = await factory.OpportunityAsync(Unique("Zone deal"), userId, account, budget: 100m);
        var won = await factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Code == "won").Select(s => s.Id).SingleAsync());

        var response = await client.PostFormAsync($"/opportunities/{deal.Id}/status", [new("version", deal.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("statusId", won.ToString(System.Globalization.CultureInfo.InvariantCulture))], "/opportunities");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(today, (await factory.ReloadAsync(deal.Id)).CloseDate);

        var name = Unique("Zone import");
        var job = await factory.ImportAsync(client, Csv(Row(name, Unique("Zone import account"), status: "won", budget: "10")));
        Assert.Equal(1, job.RowsCreated);
        var imported = await factory.WithDbAsync(db => db.Opportunities.SingleAsync(o => o.Name == name));
        Assert.Equal(today, imported.CloseDate);
    }

    [Fact]
    public async Task The_overdue_view_is_relative_to_the_users_today()
    {
        var factory = fixture.Start();
        var (zone, today, _) = ZoneOffTheUtcDate();
        var (client, userId) = await RepInZoneAsync(factory, zone);
        var account = await factory.AccountAsync(Unique("Overdue account"), userId);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await factory.OpportunityAsync($"Yesterday {tag}", userId, account, closeDate: today.AddDays(-1));
        await factory.OpportunityAsync($"Today {tag}", userId, account, closeDate: today);

        var html = await client.GetStringAsync($"/opportunities?view=overdue&name={tag}");

        Assert.Contains($"Yesterday {tag}", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"Today {tag}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_are_shown_in_the_users_zone()
    {
        var factory = fixture.Start();
        var (client, userId) = await RepInZoneAsync(factory, "Asia/Kolkata");
        var account = await factory.AccountAsync(Unique("Kolkata account"), userId);
        var deal = await factory.OpportunityAsync(Unique("Kolkata deal"), userId, account);
        var kolkata = TimeZones.Find("Asia/Kolkata")!;
        var local = TimeZones.ToLocal(deal.CreatedAt, kolkata).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var utc = deal.CreatedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

        var view = await client.GetStringAsync($"/opportunities/{deal.Id}");

        Assert.Contains(local, view, StringComparison.Ordinal);
        Assert.DoesNotContain(">" + utc + "<", view, StringComparison.Ordinal);
        Assert.Contains("Asia/Kolkata", view, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_zone_is_refused_with_a_message_and_nothing_changes()
    {
        var factory = fixture.Start();
        var (client, userId) = await RepInZoneAsync(factory, "Europe/Berlin");

        var response = await client.PostFormAsync("/profile", [new("timeZone", "Mars/Olympus_Mons")], "/profile");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Choose a time zone from the list.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Europe/Berlin", await factory.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).SingleAsync()));
    }

    [Fact]
    public async Task Users_without_a_zone_of_their_own_use_the_system_zone_set_in_localization()
    {
        var factory = fixture.Start();
        var (zone, today, _) = ZoneOffTheUtcDate();
        var admin = factory.CreateBrowserLikeClient();
        await admin.SignInAsync("admin", OroAppFactory.AdminPassword);
        var page = await admin.GetStringAsync("/system/configuration/localization");
        var revision = System.Text.RegularExpressions.Regex.Match(page, "name=\"Settings.Revision\" value=\"(\\d+)\"").Groups[1].Value;
        var saved = await admin.PostFormAsync("/system/configuration/localization", [new("Settings.Revision", revision), new("Settings.TimeZone", zone)], "/system/configuration/localization");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        try
        {
            var (client, userId) = await RepInZoneAsync(factory, zone: null);
            var account = await factory.AccountAsync(Unique("System zone account"), userId);
            var deal = await factory.OpportunityAsync(Unique("System zone deal"), userId, account);
            var won = await factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Code == "won").Select(s => s.Id).SingleAsync());

            var response = await client.PostFormAsync($"/opportunities/{deal.Id}/status", [new("version", "0"), new("statusId", won.ToString(System.Globalization.CultureInfo.InvariantCulture))], "/opportunities");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(today, (await factory.ReloadAsync(deal.Id)).CloseDate);
            Assert.Contains(zone, await client.GetStringAsync("/profile"), StringComparison.Ordinal);
        }
        finally
        {
            page = await admin.GetStringAsync("/system/configuration/localization");
            revision = System.Text.RegularExpressions.Regex.Match(page, "name=\"Settings.Revision\" value=\"(\\d+)\"").Groups[1].Value;
            await admin.PostFormAsync("/system/configuration/localization", [new("Settings.Revision", revision), new("Settings.TimeZone", "UTC")], "/system/configuration/localization");
        }
    }
}

public sealed class SqliteTimeZoneTests(SqliteAppFixture fixture) : TimeZoneTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresTimeZoneTests(PostgresAppFixture fixture) : TimeZoneTests(fixture), IClassFixture<PostgresAppFixture>;
