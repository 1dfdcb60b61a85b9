using Oro.Opportunities.Web.Features.Configuration;

namespace Oro.Opportunities.UnitTests.Configuration;

public sealed class ConfigurationValidatorTests
{
    [Fact]
    public async Task Status_row_messages_are_keyed_by_status_id_so_they_show_beside_their_row()
    {
        var model = new StatusListEditModel
        {
            Revision = 3,
            Statuses =
            [
                new StatusRowEditModel { Id = 17, Label = "Fine", DefaultProbability = 10 },
                new StatusRowEditModel { Id = 42, Label = "", DefaultProbability = 140 },
            ],
        };

        var result = await new StatusListEditModelValidator().ValidateAsync(model);

        Assert.Equal(["Statuses[42].Label", "Statuses[42].DefaultProbability"], result.Errors.Select(e => e.PropertyName));
    }

    [Theory]
    [InlineData(null, 10, "Label")]
    [InlineData("Proposal", null, "DefaultProbability")]
    [InlineData("Proposal", -5, "DefaultProbability")]
    public async Task A_new_status_needs_a_label_and_a_probability_from_0_to_100(string? label, int? probability, string failing)
    {
        var result = await new NewStatusEditModelValidator().ValidateAsync(new NewStatusEditModel { Revision = 1, Label = label, DefaultProbability = probability });

        Assert.Equal([failing], result.Errors.Select(e => e.PropertyName));
    }

    [Fact]
    public async Task A_form_without_its_revision_is_refused()
    {
        var result = await new OpportunitySettingsEditModelValidator().ValidateAsync(new OpportunitySettingsEditModel());

        Assert.Equal(["Revision"], result.Errors.Select(e => e.PropertyName));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("1.1", null, true)]
    [InlineData(null, "0.9", true)]
    [InlineData("0", null, false)]
    [InlineData("-2", null, false)]
    [InlineData(null, "0.00000000001", false)]
    [InlineData("20000000000", null, false)]
    public async Task A_new_currency_needs_one_positive_rate_within_ten_decimals(string? toBase, string? fromBase, bool valid)
    {
        var model = new NewCurrencyEditModel
        {
            Revision = 1,
            CurrencyCode = "EUR",
            RateToBase = toBase is null ? null : decimal.Parse(toBase, System.Globalization.CultureInfo.InvariantCulture),
            RateFromBase = fromBase is null ? null : decimal.Parse(fromBase, System.Globalization.CultureInfo.InvariantCulture),
        };

        var result = await new NewCurrencyEditModelValidator().ValidateAsync(model);

        Assert.Equal(valid, result.IsValid);
    }

    [Fact]
    public async Task A_new_currency_must_be_an_iso_4217_code()
    {
        var result = await new NewCurrencyEditModelValidator().ValidateAsync(new NewCurrencyEditModel { Revision = 1, CurrencyCode = "XXY", RateToBase = 1m });

        Assert.Equal(["CurrencyCode"], result.Errors.Select(e => e.PropertyName));
    }

    [Fact]
    public async Task Rate_row_messages_are_keyed_by_currency_code()
    {
        var model = new RatesEditModel
        {
            Revision = 2,
            Items = [new RateEditModel { Code = "EUR", RateToBase = 1.1m }, new RateEditModel { Code = "GBP", RateToBase = 0m }],
        };

        var result = await new RatesEditModelValidator().ValidateAsync(model);

        Assert.Equal(["Items[GBP].RateToBase"], result.Errors.Select(e => e.PropertyName));
    }
}
