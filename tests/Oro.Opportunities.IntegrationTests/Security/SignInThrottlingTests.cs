using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using Oro.Opportunities.Web.Infrastructure.Security;

namespace Oro.Opportunities.IntegrationTests.Security;

/// <summary>
/// Issue 10, item 3, and issue 21, item 4: failed sign-in attempts are throttled per user name (as
/// Identity normalises it) and per client address, in a sliding window, before the password check (ADR-0012).
/// </summary>
public sealed class SignInThrottlingTests
{
    private const string WrongPassword = "wrong-password-000";
    private const string Password = "qa-test-password-1";

    private static readonly WebApplicationFactoryClientOptions BrowserLike = new() { AllowAutoRedirect = false, HandleCookies = true };

    private static OroAppFactory Factory() => new(DatabaseProvider.Sqlite, new Dictionary<string, string?>
    {
        ["SignIn:PerUserNamePermitLimit"] = "3",
        ["SignIn:PerUserNameWindow"] = "00:10:00",
        ["SignIn:PerAddressPermitLimit"] = "8",
        ["SignIn:PerAddressWindow"] = "00:10:00",
        ["SignIn:LockoutAfterFailures"] = "5",
    });

    /// <summary>
    /// The defaults' ratio (5 failures per user name in a window, lockout at 10), with a window of 2 s
    /// that the bursts outlast in real time while the app's clock stands still: to the app the whole
    /// burst is inside one window, as a burst of a few seconds is inside the default 15 minutes.
    /// </summary>
    private static (OroAppFactory Factory, WebApplicationFactory<Program> Host) DefaultRatio(ManualClock clock)
    {
        var factory = new OroAppFactory(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["SignIn:PerUserNamePermitLimit"] = "5",
            ["SignIn:PerUserNameWindow"] = "00:00:02",
            ["SignIn:LockoutAfterFailures"] = "10",
            ["SignIn:PerAddressPermitLimit"] = "1000",
        });
        return (factory, WithClock(factory, clock));
    }

    private static WebApplicationFactory<Program> WithClock(OroAppFactory factory, ManualClock clock) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));

    [Fact]
    public async Task Anonymous_guesses_are_throttled_with_429_and_Retry_After_before_they_can_lock_the_administrator()
    {
        await using var factory = Factory();
        var client = factory.CreateBrowserLikeClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await client.LoginAsync("admin", WrongPassword));
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
            statuses.Add((await client.LoginAsync("someone" + i, WrongPassword)).StatusCode);
        }

        Assert.All(statuses.Take(8), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Spellings_that_Identity_folds_into_one_user_name_share_one_allowance()
    {
        await using var factory = Factory();
        await factory.CreateUserAsync("qa.kelvin", Password, [SystemRoles.SalesRep]);
        // The Kelvin sign (U+212A) is a K to Identity (Unicode normalisation, then upper case): it signs in as qa.kelvin.
        Assert.Equal(HttpStatusCode.Redirect, (await factory.CreateBrowserLikeClient().LoginAsync("qa.\u212Aelvin", Password)).StatusCode);

        string[] spellings = ["qa.kelvin", "qa.\u212Aelvin", "QA.\u212AELVIN", " Qa.Kelvin ", "qa.\u212Aelvin", "QA.KELVIN"];
        var statuses = new List<HttpStatusCode>();
        foreach (var spelling in spellings)
        {
            statuses.Add((await factory.CreateBrowserLikeClient().LoginAsync(spelling, WrongPassword)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(3));
        Assert.All(statuses.Skip(3), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        var user = await factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "qa.kelvin"));
        Assert.Equal(3, user.AccessFailedCount);
    }

    [Fact]
    public async Task Only_failed_password_checks_count_not_successful_sign_ins_nor_forms_refused_before_the_check()
    {
        await using var factory = Factory();

        var signIns = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            signIns.Add((await factory.CreateBrowserLikeClient().LoginAsync("admin", OroAppFactory.AdminPassword)).StatusCode);
        }

        var client = factory.CreateBrowserLikeClient();
        var incomplete = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            incomplete.Add((await client.LoginAsync("admin", string.Empty)).StatusCode);
        }

        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            guesses.Add((await client.LoginAsync("admin", WrongPassword)).StatusCode);
        }

        Assert.All(signIns, s => Assert.Equal(HttpStatusCode.Redirect, s));
        Assert.All(incomplete, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], guesses);
    }

    [Fact]
    public async Task Retry_After_says_exactly_when_the_oldest_failure_leaves_the_sliding_window()
    {
        var clock = new ManualClock();
        await using var factory = Factory();
        var host = WithClock(factory, clock);
        var client = host.CreateClient(BrowserLike);

        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync("admin", WrongPassword)).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync("admin", WrongPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync("admin", WrongPassword)).StatusCode);
        var refused = await client.LoginAsync("admin", WrongPassword);
        clock.Advance(TimeSpan.FromMinutes(6));
        var again = await client.LoginAsync("admin", WrongPassword);
        var refusedAgain = await client.LoginAsync("admin", WrongPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(6), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many attempts", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedAgain.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(4), refusedAgain.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_burst_of_anonymous_guesses_back_to_back_never_locks_the_account()
    {
        var clock = new ManualClock();
        var (factory, host) = DefaultRatio(clock);
        await using var _ = factory;
        var client = host.CreateClient(BrowserLike);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            var answer = await client.LoginAsync("admin", WrongPassword);
            statuses.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal(TimeSpan.FromSeconds(2), answer.Headers.RetryAfter?.Delta);
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(35, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        await AssertNotLockedAsync(host);
    }

    [Fact]
    public async Task A_burst_of_concurrent_anonymous_guesses_never_locks_the_account()
    {
        var clock = new ManualClock();
        var (factory, host) = DefaultRatio(clock);
        await using var _ = factory;

        var statuses = new List<HttpStatusCode>();
        for (var wave = 0; wave < 3; wave++)
        {
            // Each guesser has its form first, so that the wave's posts arrive together.
            var guessers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
            {
                var client = host.CreateClient(BrowserLike);
                return (Client: client, Token: await client.GetAntiforgeryTokenAsync("/account/login"));
            }));
            var answers = await Task.WhenAll(guessers.Select(g => g.Client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "admin",
                ["Password"] = WrongPassword,
                ["__RequestVerificationToken"] = g.Token,
            }), TestContext.Current.CancellationToken)));
            statuses.AddRange(answers.Select(a => a.StatusCode));
            await Task.Delay(1500, TestContext.Current.CancellationToken);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(25, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        await AssertNotLockedAsync(host);
    }

    [Fact]
    public void A_full_log_refuses_a_new_user_name_until_a_failure_leaves_the_window_instead_of_letting_it_through_unlogged()
    {
        var clock = new ManualClock();
        var throttle = new SignInThrottle(new SignInLimits { PerAddressPermitLimit = int.MaxValue }, clock);
        void Fail(string userName)
        {
            using var attempt = throttle.TryBegin(userName, IPAddress.Loopback, out _);
            Assert.NotNull(attempt);
            attempt.Failed();
        }

        Fail("USER0");
        clock.Advance(TimeSpan.FromMinutes(5));
        for (var i = 1; i < SignInThrottle.MaxKeys; i++)
        {
            Fail("USER" + i);
        }

        var refused = throttle.TryBegin("NEWCOMER", IPAddress.Loopback, out var retryAfter);
        using var known = throttle.TryBegin("USER1", IPAddress.Loopback, out _);
        clock.Advance(TimeSpan.FromMinutes(10));
        using var later = throttle.TryBegin("NEWCOMER", IPAddress.Loopback, out _);

        Assert.Null(refused);
        Assert.Equal(TimeSpan.FromMinutes(10), retryAfter);
        Assert.NotNull(known);
        Assert.NotNull(later);
    }

    private static async Task AssertNotLockedAsync(WebApplicationFactory<Program> host)
    {
        using var scope = host.Services.CreateScope();
        var admin = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.AsNoTracking().SingleAsync(u => u.UserName == "admin");
        Assert.Null(admin.LockoutEnd);
        Assert.True(admin.AccessFailedCount < 10, $"{admin.AccessFailedCount} failures counted towards the lockout.");
    }
}
