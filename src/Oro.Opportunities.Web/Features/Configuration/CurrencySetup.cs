using Hangfire;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Currencies;

namespace Oro.Opportunities.Web.Features.Configuration;

public static class CurrencySetup
{
    /// <summary>Large base-currency changes run on Hangfire (ADR-0013).</summary>
    public static IServiceCollection AddOroCurrencyJobs(this IServiceCollection services) =>
        services.AddScoped<IBaseCurrencyChangeScheduler, HangfireBaseCurrencyChangeScheduler>();
}

public sealed class HangfireBaseCurrencyChangeScheduler(IBackgroundJobClient jobs) : IBaseCurrencyChangeScheduler
{
    public void Enqueue(string newBase, CurrencyDisplay display, long expectedRevision, int? userId) =>
        jobs.Enqueue<BaseCurrencyChangeActivity>(activity => activity.RunAsync(newBase, display, expectedRevision, userId, CancellationToken.None));
}

/// <summary>
/// What Hangfire runs. No automatic retry: the change is one transaction, so a failure leaves
/// everything as it was and the settings page says why; the administrator starts it again.
/// </summary>
public sealed class BaseCurrencyChangeActivity(BaseCurrencyChange change)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(string newBase, CurrencyDisplay display, long expectedRevision, int? userId, CancellationToken cancellationToken) =>
        change.RunAsync(newBase, display, expectedRevision, userId, progress: null, cancellationToken);
}
