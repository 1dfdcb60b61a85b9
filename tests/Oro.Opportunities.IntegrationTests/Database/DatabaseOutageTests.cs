using System.Diagnostics;
using System.Net;
using Oro.Opportunities.Data;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Database;

/// <summary>
/// Issue 14: a PostgreSQL restart as the app sees it (every connection reset, new ones refused; a TCP
/// proxy in front of the test server plays the restart). While it lasts /health answers 503 and every
/// page 503 with a sentence, quickly — no hung request, no 500, no sign-out — and when it is back the
/// app recovers by itself within seconds, broken pooled connections and all. (SQLite is a file: it has
/// no such outage.)
/// </summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task While_the_database_is_away_pages_answer_503_at_once_and_when_it_is_back_the_app_recovers_within_seconds_with_the_user_still_signed_in()
    {
        PostgresServer.EnsureAvailable();
        var (host, port) = PostgresServer.Endpoint;
        await using var proxy = new TcpProxy(host, port);
        await using var factory = new OroAppFactory(DatabaseProvider.PostgreSql, postgresPort: proxy.Port);
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);

        // Warm: several pooled connections exist, all of which the outage breaks.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetAsync("/opportunities")));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/opportunities")).StatusCode);

        proxy.Cut();
        var slowest = TimeSpan.Zero;
        async Task<HttpResponseMessage> TimedAsync(Func<Task<HttpResponseMessage>> send)
        {
            var clock = Stopwatch.StartNew();
            var response = await send();
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            return response;
        }

        var health = await TimedAsync(() => client.GetAsync("/health"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        for (var i = 0; i < 5; i++)
        {
            var page = await TimedAsync(() => client.GetAsync("/opportunities"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Null(page.Headers.Location);
            Assert.Equal("5", page.Headers.RetryAfter?.ToString());
            Assert.Contains("The database is not reachable at the moment", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var json = await TimedAsync(() => client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/opportunities/board") { Headers = { { "Accept", "application/json" } } }));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, json.StatusCode);
        Assert.Contains("\"error\":", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await TimedAsync(() => client.GetAsync("/health"))).StatusCode);
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"A request during the outage took {slowest.TotalSeconds:0.0} s.");

        proxy.Restore();
        var back = Stopwatch.StartNew();
        while ((await client.GetAsync("/health")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(back.Elapsed < TimeSpan.FromSeconds(10), "The app did not recover within 10 s of the database coming back.");
            await Task.Delay(100);
        }

        // Recovered: the same cookie still works (not sent to the login page), and every page answers, none on a broken pooled connection.
        var recovered = back.Elapsed;
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("/opportunities")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.True(recovered < TimeSpan.FromSeconds(5), $"Recovery took {recovered.TotalSeconds:0.0} s.");
        Assert.DoesNotContain(factory.Logs.All, e => e.MessageTemplate.Text.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase));
    }
}
