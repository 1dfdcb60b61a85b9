using System.Globalization;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Currencies;
using Oro.Opportunities.Domain.Money;

namespace Oro.Opportunities.Web.Features.Configuration;

/// <summary>One allowed currency with its current rate, as displayed.</summary>
public sealed record CurrencyRowViewModel(string Code, string Name, string Symbol, bool IsBase, string RateToBase, string RateFromBase, DateTime? EffectiveFrom);

public sealed class CurrencyConfigurationViewModel
{
    public required CurrencySettingsEditModel Settings { get; init; }

    public required string BaseCurrency { get; init; }

    public required long RatesRevision { get; init; }

    public required IReadOnlyList<CurrencyRowViewModel> Currencies { get; init; }

    public required NewCurrencyEditModel NewCurrency { get; init; }

    /// <summary>ISO 4217 currencies not yet allowed, for the "Add currency" select.</summary>
    public required IReadOnlyList<CurrencyInfo> Addable { get; init; }

    /// <summary>The posted rates form when it waits for the confirmation of a past effective date.</summary>
    public RatesEditModel? PendingRates { get; init; }

    /// <summary>What the pending past-dated rates would re-value, per currency.</summary>
    public IReadOnlyList<RateImpact> RateImpacts { get; init; } = [];

    /// <summary>The base-currency change of this process: running (with its progress) or the last outcome.</summary>
    public BaseCurrencyChangeStatus.Snapshot? BaseChange { get; init; }

    public string EffectiveFromValue => PendingRates?.EffectiveFrom is DateTime d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty;

    public static string Day(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string FormatRate(decimal rate) => rate.ToString("0.##########", CultureInfo.InvariantCulture);

    /// <summary>Builds the page from the configuration snapshot; a form that failed is shown as submitted.</summary>
    public static CurrencyConfigurationViewModel Build(
        ConfigurationSnapshot snapshot,
        CurrencySettingsEditModel? settings = null,
        RatesEditModel? rates = null,
        NewCurrencyEditModel? newCurrency = null,
        IReadOnlyList<RateImpact>? rateImpacts = null,
        BaseCurrencyChangeStatus.Snapshot? baseChange = null)
    {
        var rows = snapshot.AllowedCurrencies.Select(code =>
        {
            var info = Iso4217.Find(code);
            var isBase = code == snapshot.BaseCurrency;
            var current = snapshot.Rates.GetValueOrDefault(code);
            var posted = rates?.Items.FirstOrDefault(r => r.Code == code);
            return new CurrencyRowViewModel(
                code,
                info?.Name ?? code,
                info?.Symbol ?? code,
                isBase,
                posted is not null ? Format(posted.RateToBase) : Format(current?.RateToBase),
                posted is not null ? Format(posted.RateFromBase) : Format(current?.RateFromBase),
                isBase ? null : current?.EffectiveFrom);
        }).ToList();

        return new CurrencyConfigurationViewModel
        {
            Settings = settings ?? CurrencySettingsEditModel.From(snapshot),
            BaseCurrency = snapshot.BaseCurrency,
            RatesRevision = rates?.Revision ?? snapshot.Revision,
            Currencies = rows,
            NewCurrency = newCurrency ?? new NewCurrencyEditModel { Revision = snapshot.Revision },
            Addable = Iso4217.All.Where(c => !snapshot.AllowedCurrencies.Contains(c.Code)).ToList(),
            PendingRates = rates,
            RateImpacts = rateImpacts ?? [],
            BaseChange = baseChange,
        };
    }

    public static CurrencyConfigurationViewModel WithBaseChange(CurrencyConfigurationViewModel page, BaseCurrencyChangeStatus.Snapshot status) => new()
    {
        Settings = page.Settings,
        BaseCurrency = page.BaseCurrency,
        RatesRevision = page.RatesRevision,
        Currencies = page.Currencies,
        NewCurrency = page.NewCurrency,
        Addable = page.Addable,
        PendingRates = page.PendingRates,
        RateImpacts = page.RateImpacts,
        BaseChange = status,
    };

    private static string Format(decimal? rate) => rate is decimal value ? FormatRate(value) : string.Empty;
}

public sealed class RateHistoryViewModel
{
    public required string CurrencyCode { get; init; }

    public required string CurrencyName { get; init; }

    public required string BaseCurrency { get; init; }

    /// <summary>The row in force now against the current base; the history may hold later-dated rows of another base.</summary>
    public required long? CurrentRateId { get; init; }

    public required IReadOnlyList<RateHistoryEntry> Entries { get; init; }
}

/// <summary>The confirmation page of a base-currency change.</summary>
public sealed class ChangeBaseViewModel
{
    public required BaseChangePreview Preview { get; init; }

    public required CurrencyDisplay Display { get; init; }

    public required long Revision { get; init; }

    public required BaseCurrencyChangeStatus.Snapshot Status { get; init; }
}
