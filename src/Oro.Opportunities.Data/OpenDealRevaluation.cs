using Microsoft.EntityFrameworkCore;

namespace Oro.Opportunities.Data;

/// <summary>
/// Re-values the base-currency amounts of every open opportunity in one currency with one
/// set-based UPDATE per column (spec §7): a rate change touches thousands of deals without loading
/// them. Closed deals keep the values frozen at their closing.
/// </summary>
public static class OpenDealRevaluation
{
    public static async Task<int> RevalueAsync(AppDbContext db, string currency, decimal rateToBase, CancellationToken cancellationToken = default)
    {
        // SQLite stores amounts as scaled integers and has no decimal arithmetic: multiply in double
        // precision and round to the integer unit (10⁻⁴), exact for amounts below 10¹¹.
        object[] parameters = db.Database.IsSqlite() ? [(double)rateToBase, currency] : [rateToBase, currency];
        var changed = 0;
        foreach (var (amount, amountCurrency, baseAmount) in new[]
                 {
                     ("BudgetAmount", "BudgetCurrency", "BaseBudgetAmount"),
                     ("CloseRevenueAmount", "CloseRevenueCurrency", "BaseCloseRevenue"),
                 })
        {
            changed += await db.Database.ExecuteSqlRawAsync(Sql(db, amount, amountCurrency, baseAmount), parameters, cancellationToken);
        }

        if (changed > 0)
        {
            await DataRevisions.BumpAsync(db, Domain.Configuration.DataRevision.Opportunities, cancellationToken);
        }

        return changed;
    }

    private static string Sql(AppDbContext db, string amount, string currency, string baseAmount)
    {
        if (db.Database.IsSqlite())
        {
            return $"UPDATE \"Opportunities\" SET \"{baseAmount}\" = CAST(ROUND(\"{amount}\" * {{0}}) AS INTEGER) " +
                   $"WHERE \"ClosedAt\" IS NULL AND \"{currency}\" = {{1}} AND \"{amount}\" IS NOT NULL";
        }

        if (db.Database.IsNpgsql())
        {
            return $"UPDATE \"Opportunities\" SET \"{baseAmount}\" = ROUND(\"{amount}\" * {{0}}, 4) " +
                   $"WHERE \"ClosedAt\" IS NULL AND \"{currency}\" = {{1}} AND \"{amount}\" IS NOT NULL";
        }

        return $"UPDATE [Opportunities] SET [{baseAmount}] = ROUND([{amount}] * {{0}}, 4) " +
               $"WHERE [ClosedAt] IS NULL AND [{currency}] = {{1}} AND [{amount}] IS NOT NULL";
    }
}
