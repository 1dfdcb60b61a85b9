using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;

namespace Oro.Opportunities.UnitTests.Configuration;

/// <summary>The one rule behind every base value (spec §7): which rate is in effect at a moment.</summary>
public sealed class RateHistoryTests
{
    private static readonly DateTime Jan = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Mar = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly RateHistory Eur = new([
        new RatePoint(5, Mar, 1.2m),
        new RatePoint(1, Jan, 1.1m),
        new RatePoint(7, Mar, 1.25m), // entered later for the same moment: it wins the tie
    ]);

    [Fact]
    public void An_open_deal_uses_the_latest_rate() => Assert.Equal(1.25m, Eur.At(null).RateToBase);

    [Fact]
    public void A_deal_closed_between_two_rates_uses_the_earlier() => Assert.Equal(1.1m, Eur.At(Mar.AddTicks(-1)).RateToBase);

    [Fact]
    public void A_rate_applies_from_its_moment_and_ties_go_to_the_greatest_id() => Assert.Equal(7, Eur.At(Mar).Id);

    [Fact]
    public void Before_the_first_rate_the_earliest_rate_applies() => Assert.Equal(1.1m, Eur.At(Jan.AddYears(-3)).RateToBase);

    [Fact]
    public void Before_the_first_rate_ties_of_the_earliest_date_go_to_the_greatest_id()
    {
        var history = new RateHistory([new RatePoint(3, Jan, 2m), new RatePoint(9, Jan, 3m), new RatePoint(12, Mar, 4m)]);

        Assert.Equal(3m, history.At(Jan.AddDays(-1)).RateToBase);
    }

    [Fact]
    public void The_domain_reads_the_rate_of_the_closing_moment_through_the_snapshot()
    {
        var snapshot = new ConfigurationSnapshot(
            1, true, true, true, "USD", CurrencyDisplay.Code, ["USD", "EUR"], [],
            new Dictionary<string, RateInfo>(),
            new Dictionary<string, RateHistory> { ["EUR"] = Eur, ["GBP"] = Eur });
        var rates = new SnapshotRates(snapshot);

        Assert.Equal(1.25m, rates.RateToBase("EUR", null));
        Assert.Equal(1.1m, rates.RateToBase("EUR", Jan.AddDays(10)));
        Assert.Equal(1m, rates.RateToBase("USD", Jan));
        Assert.Null(rates.RateToBase("GBP", null)); // not an allowed currency
    }
}
