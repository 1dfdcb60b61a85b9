using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Money;

namespace Oro.Opportunities.UnitTests.Configuration;

public sealed class RateArithmeticTests
{
    [Theory]
    [InlineData("1.1", "0.9090909091")]
    [InlineData("0.5", "2")]
    [InlineData("3", "0.3333333333")]
    [InlineData("0.0000000001", "10000000000")]
    public void The_inverse_of_a_rate_keeps_ten_decimals(string rate, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            ExchangeRate.Invert(decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1.5)]
    public void A_rate_must_be_greater_than_zero(double rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExchangeRate.Invert((decimal)rate));
        Assert.Throws<DomainRuleException>(() => new CurrencyRate("EUR", "USD", (decimal)rate, DateTime.UtcNow, null));
        Assert.Throws<DomainRuleException>(() => CurrencyRate.FromRateFromBase("EUR", "USD", (decimal)rate, DateTime.UtcNow, null));
    }

    [Fact]
    public void A_rate_entered_to_base_stores_its_inverse_from_base()
    {
        var rate = new CurrencyRate("EUR", "USD", 1.1m, DateTime.UtcNow, 7);

        Assert.Equal(1.1m, rate.RateToBase);
        Assert.Equal(0.9090909091m, rate.RateFromBase);
        Assert.Equal(7, rate.CreatedByUserId);
    }

    [Fact]
    public void A_rate_entered_from_base_keeps_the_figure_typed_and_derives_the_rate_to_base()
    {
        var rate = CurrencyRate.FromRateFromBase("EUR", "USD", 0.9m, DateTime.UtcNow, null);

        Assert.Equal(0.9m, rate.RateFromBase);
        Assert.Equal(1.1111111111m, rate.RateToBase);
    }

    [Fact]
    public void Rebasing_divides_by_the_new_base_rate_to_the_old_base()
    {
        // 1 EUR = 1.1 USD and 1 GBP = 1.25 USD; with EUR as base, 1 GBP = 1.25 / 1.1 EUR.
        var gbpToEur = ExchangeRate.Rebase(1.25m, 1.1m);
        var usdToEur = ExchangeRate.Rebase(1m, 1.1m);

        Assert.Equal(1.1363636364m, gbpToEur);
        Assert.Equal(0.9090909091m, usdToEur);
        Assert.Equal(ExchangeRate.Invert(1.1m), usdToEur);
    }

    [Fact]
    public void Rebasing_keeps_an_amount_worth_the_same()
    {
        var gbpToUsd = 1.25m;
        var eurToUsd = 1.1m;
        var gbpToEur = ExchangeRate.Rebase(gbpToUsd, eurToUsd);

        // 100 GBP in USD directly, and through EUR then USD, agree to the cent.
        var direct = 100m * gbpToUsd;
        var viaEur = 100m * gbpToEur * eurToUsd;

        Assert.Equal(decimal.Round(direct, 2), decimal.Round(viaEur, 2));
    }

    [Fact]
    public void Rebasing_refuses_a_zero_rate()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExchangeRate.Rebase(1.25m, 0m));
    }
}
