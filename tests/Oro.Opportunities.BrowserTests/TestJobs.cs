using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.BrowserTests;

/// <summary>Runs a queued import as the background worker would, for fixtures without the Hangfire server.</summary>
public static class TestJobs
{
    public static async Task RunImportJobAsync(this OroAppFactory factory, int jobId)
    {
        using var scope = factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ImportRunner>().RunAsync(jobId);
    }
}
