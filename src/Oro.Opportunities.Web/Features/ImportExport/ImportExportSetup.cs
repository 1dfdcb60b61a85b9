using Hangfire;
using Microsoft.Extensions.Options;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.ImportExport;

public static class ImportExportSetup
{
    /// <summary>Uploads go into the database (<c>DatabaseFileStore</c>, ADR-0017); jobs start on Hangfire.</summary>
    public static IServiceCollection AddOroImportExport(this IServiceCollection services)
    {
        services.AddScoped<IImportJobScheduler, HangfireImportJobScheduler>();
        return services;
    }
}

/// <summary>
/// Queues the import on Hangfire, which starts it on whichever node fetches it first. What happens after
/// a node is lost or shut down is not Hangfire's business: the job's lease and every node's watchdog
/// resume it (ADR-0017).
/// </summary>
public sealed class HangfireImportJobScheduler(IBackgroundJobClient jobs) : IImportJobScheduler
{
    public void Enqueue(int jobId) => jobs.Enqueue<ImportJobActivity>(activity => activity.RunAsync(jobId, CancellationToken.None));
}

/// <summary>What Hangfire runs. No automatic retries: a failed import says why on its page; the user fixes the file and runs it again.</summary>
public sealed class ImportJobActivity(ImportRunner importer)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(int jobId, CancellationToken cancellationToken) => importer.RunAsync(jobId, cancellationToken);
}

/// <summary>The upload limit of the import form (<see cref="ImportOptions.MaxUploadBytes"/>): back to the import page the form was posted from (/opportunities/import, /leads/import).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ImportUploadLimitAttribute : UploadLimitAttribute
{
    protected override long MaxBytes(IServiceProvider services) => services.GetRequiredService<IOptionsMonitor<ImportOptions>>().CurrentValue.MaxUploadBytes;

    protected override string PageOf(HttpRequest request) => request.Path.Value!;
}
