using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.Domain.Opportunities;
using MoneyValue = Oro.Opportunities.Domain.Money.Money;

namespace Oro.Opportunities.Application.Opportunities;

/// <summary>What every path needs from the configuration to build and apply a change.</summary>
public static class SnapshotChanges
{
    /// <summary>
    /// The statuses, rates and clock a change is applied with: the moment and the date it is in the
    /// zone of the user the change is made for (see <see cref="UserClock"/>).
    /// </summary>
    public static ChangeContext ChangeContext(this ConfigurationSnapshot snapshot, UserTime time) =>
        new(snapshot.StatusById, new SnapshotRates(snapshot), time.UtcNow, time.Today);

    /// <summary>An amount in a currency as typed; no currency means the base currency; a currency that is not allowed is refused.</summary>
    public static MoneyValue? Money(this ConfigurationSnapshot snapshot, decimal? amount, string? currency, string field)
    {
        if (amount is null)
        {
            return null;
        }

        var code = string.IsNullOrWhiteSpace(currency) ? snapshot.BaseCurrency : currency.Trim().ToUpperInvariant();
        if (!CurrencyCode.TryParse(code, out var parsed) || (code != snapshot.BaseCurrency && !snapshot.AllowedCurrencies.Contains(code)))
        {
            throw new DomainRuleException($"{code} is not an allowed currency.", field);
        }

        return new MoneyValue(amount.Value, parsed);
    }
}
