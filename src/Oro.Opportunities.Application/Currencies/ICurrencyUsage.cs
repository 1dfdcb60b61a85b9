using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data;

namespace Oro.Opportunities.Application.Currencies;

/// <summary>Whether any record holds an amount in a currency; such a currency cannot be removed (spec §7).</summary>
public interface ICurrencyUsage
{
    Task<bool> IsInUseAsync(string currencyCode, CancellationToken cancellationToken = default);
}

/// <summary>A currency is in use while any opportunity has its budget or close revenue in it.</summary>
public sealed class OpportunityCurrencyUsage(AppDbContext db) : ICurrencyUsage
{
    public Task<bool> IsInUseAsync(string currencyCode, CancellationToken cancellationToken = default) =>
        db.Opportunities.AnyAsync(o => o.BudgetCurrency == currencyCode || o.CloseRevenueCurrency == currencyCode, cancellationToken);
}
