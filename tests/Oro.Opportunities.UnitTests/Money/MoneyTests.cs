using Oro.Opportunities.Domain.Money;

namespace Oro.Opportunities.UnitTests.Money;

public sealed class MoneyTests
{
    private static readonly CurrencyCode Usd = new("USD");
    private static readonly CurrencyCode Eur = new("EUR");

    [Fact]
    public void Amounts_of_one_currency_add_up()
    {
        var sum = new Domain.Money.Money(10.25m, Usd) + new Domain.Money.Money(0.75m, Usd);

        Assert.Equal(new Domain.Money.Money(11m, Usd), sum);
    }

    [Fact]
    public void Adding_amounts_of_different_currencies_is_refused()
    {
        var dollars = new Domain.Money.Money(10m, Usd);
        var euros = new Domain.Money.Money(10m, Eur);

        var error = Assert.Throws<InvalidOperationException>(() => dollars + euros);
        Assert.Contains("USD", error.Message, StringComparison.Ordinal);
        Assert.Contains("EUR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Amounts_keep_four_decimals_with_bankers_rounding()
    {
        Assert.Equal(1.2346m, new Domain.Money.Money(1.23455m, Usd).Amount);
        Assert.Equal(1.2344m, new Domain.Money.Money(1.23445m, Usd).Amount);
    }

    [Theory]
    [InlineData("usd", "USD")]
    [InlineData(" eur ", "EUR")]
    [InlineData("CHF", "CHF")]
    public void Currency_codes_are_normalised(string input, string expected)
    {
        Assert.Equal(expected, new CurrencyCode(input).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("US")]
    [InlineData("XYZ")]
    [InlineData("DOLLAR")]
    public void Unknown_currency_codes_are_refused(string input)
    {
        Assert.False(CurrencyCode.TryParse(input, out _));
        Assert.Throws<ArgumentException>(() => new CurrencyCode(input));
    }

    [Fact]
    public void The_iso_list_knows_the_common_currencies_with_their_minor_digits()
    {
        Assert.Equal(2, Iso4217.Get("USD").MinorDigits);
        Assert.Equal(0, Iso4217.Get("JPY").MinorDigits);
        Assert.Equal("€", Iso4217.Get("EUR").Symbol);
        Assert.True(Iso4217.All.Count > 100);
    }

    [Fact]
    public void A_rate_converts_to_base_and_its_inverse_has_ten_decimals()
    {
        var rate = new ExchangeRate(Eur, Usd, 1.1m);

        Assert.Equal(new Domain.Money.Money(110m, Usd), rate.ToBase(new Domain.Money.Money(100m, Eur)));
        Assert.Equal(0.9090909091m, rate.RateFromBase);
        Assert.Throws<InvalidOperationException>(() => rate.ToBase(new Domain.Money.Money(1m, Usd)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExchangeRate.Invert(0m));
    }
}
