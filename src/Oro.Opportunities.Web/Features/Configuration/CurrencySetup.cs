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
    public void Enqueue(int jobId) =>
        jobs.Enqueue<BaseCurrencyChangeActivity>(activity => activity.RunAsync(jobId, CancellationToken.None));
}

/// <summary>
/// What Hangfire runs. No automatic retry: the change is one transaction, so a failure leaves
/// everything as it was and the settings page says why; the administrator starts it again. A lost
/// node's change is started again by another node's watchdog (ADR-0017).
/// </summary>
public sealed class BaseCurrencyChangeActivity(BaseCurrencyChangeRunner runner)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(int jobId, CancellationToken cancellationToken) => runner.RunAsync(jobId, cancellationToken);
}
