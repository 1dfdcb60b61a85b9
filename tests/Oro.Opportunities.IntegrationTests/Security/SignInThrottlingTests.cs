using System.Net;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Security;

/// <summary>Issue 10, item 3: sign-in attempts are throttled per user name and per client address (ADR-0012).</summary>
public sealed class SignInThrottlingTests
{
    private static OroAppFactory Factory() => new(DatabaseProvider.Sqlite, new Dictionary<string, string?>
    {
        ["SignIn:PerUserNamePermitLimit"] = "3",
        ["SignIn:PerUserNameWindow"] = "00:10:00",
        ["SignIn:PerAddressPermitLimit"] = "8",
        ["SignIn:PerAddressWindow"] = "00:10:00",
        ["SignIn:LockoutAfterFailures"] = "5",
    });

    [Fact]
    public async Task Anonymous_guesses_are_throttled_with_429_and_Retry_After_before_they_can_lock_the_administrator()
    {
        await using var factory = Factory();
        var client = factory.CreateBrowserLikeClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await client.LoginAsync("admin", "wrong-password-000"));
        }

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.All(answers.Skip(3), a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode);
            Assert.True(a.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After.");
        });
        Assert.Contains("Too many attempts", await answers[^1].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var admin = await factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "admin"));
        Assert.Null(admin.LockoutEnd);
        Assert.Equal(3, admin.AccessFailedCount);
    }

    [Fact]
    public async Task One_address_trying_many_user_names_is_throttled_too()
    {
        await using var factory = Factory();
        var client = factory.CreateBrowserLikeClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 9; i++)
        {
            statuses.Add((await client.LoginAsync("someone" + i, "wrong-password-000")).StatusCode);
        }

        Assert.All(statuses.Take(8), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
