using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Web.Features.Customers;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.UnitTests.Money;

/// <summary>One money format everywhere: the currency's own minor digits, whichever page shows the amount (issue 13 item 8).</summary>
public sealed class MoneyFormatTests
{
    private static ConfigurationSnapshot Snapshot(CurrencyDisplay display = CurrencyDisplay.Code) => new(
        1, true, true, true, "USD", display, ["USD", "JPY", "KWD", "EUR"], [],
        new Dictionary<string, RateInfo>(), new Dictionary<string, RateHistory>());

    [Theory]
    [InlineData(5000, "JPY", "JPY 5,000")]
    [InlineData(1234.5, "JPY", "JPY 1,235")]
    [InlineData(1200, "USD", "USD 1,200.00")]
    [InlineData(219943016.632, "USD", "USD 219,943,016.63")]
    [InlineData(0.005, "USD", "USD 0.01")]
    [InlineData(1.2345, "KWD", "KWD 1.235")]
    [InlineData(-3.5, "JPY", "JPY -4")]
    public void Amounts_show_the_currencys_minor_digits(double amount, string currency, string expected)
    {
        Assert.Equal(expected, MoneyFormat.Format((decimal)amount, currency, Snapshot()));
    }

    [Fact]
    public void The_grid_the_customer_pages_and_the_history_format_money_alike()
    {
        var snapshot = Snapshot();

        Assert.Equal("JPY 5,000", Formats.Money(5000m, "JPY", snapshot));
        Assert.Equal("JPY 5,000", CustomerFormat.Money(5000m, "JPY", snapshot));
        Assert.Equal("USD 10.00", CustomerFormat.Money(10m, null, snapshot));
        Assert.Equal("USD 10.00", Formats.Base(10m, snapshot));
    }

    [Fact]
    public void The_symbol_setting_shows_the_symbol()
    {
        Assert.Equal("$1,200.50", MoneyFormat.Format(1200.5m, "USD", Snapshot(CurrencyDisplay.Symbol)));
        Assert.Equal("¥5,000", MoneyFormat.Format(5000m, "JPY", Snapshot(CurrencyDisplay.Symbol)));
    }

    [Fact]
    public void Close_reasons_read_as_their_labels()
    {
        var snapshot = Snapshot();

        Assert.Equal("Outsold", snapshot.CloseReasonLabel("outsold"));
        Assert.Equal("Won", snapshot.CloseReasonLabel("won"));
        Assert.Equal(string.Empty, snapshot.CloseReasonLabel(null));
        Assert.Equal("legacy", snapshot.CloseReasonLabel("legacy"));
    }
}
