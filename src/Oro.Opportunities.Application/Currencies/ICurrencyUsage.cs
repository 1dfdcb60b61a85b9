namespace Oro.Opportunities.Application.Currencies;

/// <summary>Whether any record holds an amount in a currency; such a currency cannot be removed (spec §7).</summary>
public interface ICurrencyUsage
{
    Task<bool> IsInUseAsync(string currencyCode, CancellationToken cancellationToken = default);
}

/// <summary>
/// Looks for amounts in a currency. There is no Opportunity entity yet (it comes with the
/// opportunities issue), so nothing holds an amount: this answers false until then.
/// </summary>
public sealed class OpportunityCurrencyUsage : ICurrencyUsage
{
    public Task<bool> IsInUseAsync(string currencyCode, CancellationToken cancellationToken = default) => Task.FromResult(false);
}
