using Hangfire;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
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

/// <summary>
/// The upload limit of the import form, applied before anything reads the request body (the
/// antiforgery check included). A body over the limit ends on the import page with a message,
/// never on an error page.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ImportUploadLimitAttribute : Attribute, IFilterFactory, IOrderedFilter
{
    public const string TooLargeQuery = "error=too-large";

    // Before the antiforgery filter (order 1000), which reads the form.
    public int Order => -2000;

    public bool IsReusable => false;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        new Filter(serviceProvider.GetRequiredService<IOptionsMonitor<ImportOptions>>().CurrentValue.MaxUploadBytes);

    private sealed class Filter(long maxUploadBytes) : IAsyncAuthorizationFilter, IOrderedFilter
    {
        public int Order => -2000;

        public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            var slack = 1024 * 1024;
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = maxUploadBytes + slack;
            }

            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions
            {
                MultipartBodyLengthLimit = maxUploadBytes + slack,
                ValueCountLimit = 50,
            }));
            // Back to the import page the form was posted from (/opportunities/import, /leads/import).
            var page = http.Request.Path.Value + "?" + TooLargeQuery;
            if (http.Request.ContentLength > maxUploadBytes + slack)
            {
                context.Result = new RedirectResult(page);
                return;
            }

            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
            {
                context.Result = new RedirectResult(page);
            }
        }
    }
}
