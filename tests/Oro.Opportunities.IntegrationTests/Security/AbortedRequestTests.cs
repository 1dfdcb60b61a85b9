using System.Data.Common;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Data;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using Serilog.Events;

namespace Oro.Opportunities.IntegrationTests.Security;

/// <summary>
/// Issue 21, item 5: a request the client gives up on while the server works (a tab closed during a
/// slow page) is nobody's error. Its log line says so (status 499, <c>Aborted</c>) at Information,
/// and nothing is logged as an error, so the error rate in the logs counts real errors only.
/// </summary>
public sealed class AbortedRequestTests
{
    [Fact]
    public async Task A_request_the_client_abandons_while_the_server_works_is_logged_as_aborted_not_as_an_error()
    {
        var slowQuery = new SlowQuery();
        await using var factory = new OroAppFactory(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Information",
            // "Request finished": the host's own line, written once the whole pipeline is done with the request.
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        });
        var host = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.ConfigureDbContext<AppDbContext>((provider, options) => options.AddInterceptors(new SlowQueryInterceptor(slowQuery, provider.GetRequiredService<IHttpContextAccessor>())))));
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        factory.Logs.Clear();

        using var abandon = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/opportunities") { Headers = { { SlowQuery.Header, "1" } } };
        var sent = client.SendAsync(request, abandon.Token);
        await slowQuery.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await abandon.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sent);
        var finished = await FinishedAsync(factory.Logs, "/opportunities");

        // One request log line, and no error page rendered for nobody.
        var line = Assert.Single(factory.Logs.All, e => e.MessageTemplate.Text.StartsWith("HTTP {RequestMethod} {RequestPath} responded", StringComparison.Ordinal));
        Assert.Equal("/opportunities", ((ScalarValue)line.Properties["RequestPath"]).Value);
        Assert.Equal(LogEventLevel.Information, line.Level);
        Assert.Equal(499, ((ScalarValue)line.Properties["StatusCode"]).Value);
        Assert.Equal(true, ((ScalarValue)line.Properties["Aborted"]).Value);
        Assert.Null(line.Exception);
        Assert.Equal(499, ((ScalarValue)finished.Properties["StatusCode"]).Value);
        Assert.Empty(factory.Logs.Errors.Select(LogCapture.Describe));
    }

    /// <summary>The host's "Request finished" line for <paramref name="path"/>, which may come after the client has left.</summary>
    private static async Task<LogEvent> FinishedAsync(LogCapture logs, string path)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var finished = logs.All.FirstOrDefault(e => e.MessageTemplate.Text.StartsWith("Request finished", StringComparison.Ordinal)
                && e.Properties.TryGetValue("Path", out var p) && Equals(((ScalarValue)p).Value, path));
            if (finished is not null)
            {
                return finished;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"The request to {path} did not finish.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private sealed class SlowQuery
    {
        public const string Header = "X-Test-Slow-Query";

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// In a request that carries <see cref="SlowQuery.Header"/>, the first query that can be cancelled
    /// hangs until it is (or 30 s pass): a slow page, as long as the test needs.
    /// </summary>
    private sealed class SlowQueryInterceptor(SlowQuery slowQuery, IHttpContextAccessor http) : DbCommandInterceptor
    {
        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (cancellationToken.CanBeCanceled && http.HttpContext?.Request.Headers.ContainsKey(SlowQuery.Header) == true && slowQuery.Started.TrySetResult())
            {
                await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            }

            return result;
        }
    }
}
