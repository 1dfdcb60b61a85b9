using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Statuses;

namespace Oro.Opportunities.UnitTests.Common;

/// <summary>"Today" is the user's date, in their zone, computed once and handed to the change operation (issue 13 item 10).</summary>
public sealed class UserTimeTests
{
    // 03:30 UTC on 10 March is still the evening of 9 March in Chicago (UTC-6 before its DST switch).
    private static readonly DateTime EarlyUtc = new(2026, 3, 10, 3, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Today_is_the_date_in_the_users_zone_not_the_utc_date()
    {
        var chicago = TimeZones.Find("America/Chicago")!;
        var tokyo = TimeZones.Find("Asia/Tokyo")!;

        Assert.Equal(new DateOnly(2026, 3, 9), new UserTime(EarlyUtc, chicago).Today);
        Assert.Equal(new DateOnly(2026, 3, 10), new UserTime(EarlyUtc, TimeZoneInfo.Utc).Today);
        Assert.Equal(new DateOnly(2026, 3, 11), new UserTime(new DateTime(2026, 3, 10, 15, 30, 0, DateTimeKind.Utc), tokyo).Today);
    }

    [Fact]
    public void A_deal_closed_without_a_close_date_closes_on_the_users_today()
    {
        var won = new StatusRef(6, "won", "Closed Won", 100, StatusKind.Won);
        var open = new StatusRef(1, "in_progress", "Open", 0, StatusKind.Open);
        var snapshot = new ConfigurationSnapshot(
            1, true, true, true, "USD", CurrencyDisplay.Code, ["USD"],
            [new StatusInfo(1, "in_progress", "Open", 0, StatusKind.Open, 1, true), new StatusInfo(6, "won", "Closed Won", 100, StatusKind.Won, 6, true)],
            new Dictionary<string, RateInfo> { ["USD"] = new("USD", 1m, 1m, DateTime.UnixEpoch) },
            new Dictionary<string, RateHistory>());
        var context = snapshot.ChangeContext(new UserTime(EarlyUtc, TimeZones.Find("America/Chicago")!));
        var opportunity = Opportunity.Create(new OpportunityChange { Name = "Deal", OwnerId = 1, AccountId = 1, Status = open }, context);

        opportunity.Apply(new OpportunityChange { Status = won }, context);

        Assert.Equal(new DateOnly(2026, 3, 9), opportunity.CloseDate);
        Assert.Equal(EarlyUtc, opportunity.ClosedAt);
    }

    [Fact]
    public void A_day_starts_at_midnight_in_the_zone()
    {
        Assert.Equal(new DateTime(2026, 3, 9, 23, 0, 0, DateTimeKind.Utc), TimeZones.StartOfDayUtc(new DateOnly(2026, 3, 10), TimeZones.Find("Europe/Berlin")!));
        Assert.Equal(new DateTime(2026, 7, 1, 5, 0, 0, DateTimeKind.Utc), TimeZones.StartOfDayUtc(new DateOnly(2026, 7, 1), TimeZones.Find("America/Chicago")!));
    }

    [Fact]
    public void A_day_whose_midnight_is_skipped_starts_at_its_first_valid_moment()
    {
        // Santiago moves its clocks from 00:00 to 01:00 on the first Sunday of September.
        var santiago = TimeZones.Find("America/Santiago")!;
        var day = new DateOnly(2026, 9, 6);
        Assert.True(santiago.IsInvalidTime(day.ToDateTime(TimeOnly.MinValue)));

        var start = TimeZones.StartOfDayUtc(day, santiago);

        Assert.Equal(day, DateOnly.FromDateTime(TimeZones.ToLocal(start, santiago)));
        Assert.Equal(new DateOnly(2026, 9, 5), DateOnly.FromDateTime(TimeZones.ToLocal(start.AddMinutes(-1), santiago)));
    }

    [Fact]
    public void A_user_zone_wins_over_the_system_zone_and_an_unknown_name_falls_back()
    {
        Assert.Equal("Asia/Tokyo", TimeZones.IanaId(TimeZones.Resolve("Asia/Tokyo", "Europe/Berlin")));
        Assert.Equal("Europe/Berlin", TimeZones.IanaId(TimeZones.Resolve(null, "Europe/Berlin")));
        Assert.Equal("Europe/Berlin", TimeZones.IanaId(TimeZones.Resolve("Mars/Olympus_Mons", "Europe/Berlin")));
        Assert.False(TimeZones.IsKnown("Mars/Olympus_Mons"));
        Assert.Contains(TimeZones.All, z => z.Id == "America/Los_Angeles");
        Assert.Contains(TimeZones.All, z => z.Id == "UTC");
    }
}
