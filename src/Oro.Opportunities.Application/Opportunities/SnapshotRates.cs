using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Domain.Opportunities;

namespace Oro.Opportunities.Application.Opportunities;

/// <summary>
/// The configured rates as the domain reads them, answered from the rate history held in the cached
/// snapshot: an open deal gets the current rate, a closed one the rate in effect at its ClosedAt
/// (spec §7). Only allowed currencies have a rate; the base currency's is 1.
/// </summary>
public sealed class SnapshotRates(ConfigurationSnapshot snapshot) : IRateSource
{
    public string BaseCurrency => snapshot.BaseCurrency;

    public decimal? RateToBase(string currency, DateTime? closedAt)
    {
        if (currency == snapshot.BaseCurrency)
        {
            return 1m;
        }

        return snapshot.AllowedCurrencies.Contains(currency) && snapshot.RateHistories.TryGetValue(currency, out var history)
            ? history.At(closedAt).RateToBase
            : null;
    }
}

public static class SnapshotStatuses
{
    public static StatusRef ToRef(this StatusInfo status) =>
        new(status.Id, status.Code, status.Label, status.DefaultProbability, status.Kind);

    public static StatusRef? StatusById(this ConfigurationSnapshot snapshot, int id) =>
        snapshot.Statuses.FirstOrDefault(s => s.Id == id)?.ToRef();

    /// <summary>Finds a status by code or by label (case-insensitive), as import and the API accept both.</summary>
    public static StatusRef? StatusByCodeOrLabel(this ConfigurationSnapshot snapshot, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        return (snapshot.Statuses.FirstOrDefault(s => string.Equals(s.Code, text, StringComparison.OrdinalIgnoreCase))
            ?? snapshot.Statuses.FirstOrDefault(s => string.Equals(s.Label, text, StringComparison.OrdinalIgnoreCase)))?.ToRef();
    }

    public static StatusRef DefaultStatus(this ConfigurationSnapshot snapshot) =>
        (snapshot.FindStatus(Domain.Statuses.OpportunityStatus.OpenCode) ?? snapshot.Statuses.First(s => !s.IsClosed)).ToRef();
}
