using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Security;

/// <summary>Issue 10, items 1 and 2: sessions end on the server; sign-in tells nothing about accounts.</summary>
public sealed class SessionTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private const string Password = "session-test-password-1";

    [Fact]
    public async Task A_copied_cookie_is_refused_for_reads_and_writes_after_sign_out()
    {
        var factory = fixture.Start();
        var (name, _) = await UserAsync(factory);
        var accountId = await factory.AccountAsync("Copied cookie Ltd", (await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.UserName == name))).Id);
        var opportunity = await factory.OpportunityAsync("Before sign-out", await UserIdAsync(factory, name), accountId);
        var browser = factory.CreateBrowserLikeClient();
        var login = await browser.LoginAsync(name, Password);
        var copy = new CopiedCookieClient(factory, Cookie(login, "oro.auth"));
        var token = await copy.TokenAsync($"/opportunities/{opportunity.Id}");
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/")).StatusCode);

        await browser.PostFormAsync("/account/logout", []);
        var read = await copy.GetAsync("/");
        var write = await copy.PostAsync($"/opportunities/{opportunity.Id}/inline", token,
            [new("version", opportunity.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("field", "name"), new("value", "Written after sign-out")]);

        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.Contains("/account/login", read.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, write.StatusCode);
        Assert.Equal("Before sign-out", (await factory.ReloadAsync(opportunity.Id)).Name);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_the_sessions_of_every_device()
    {
        var factory = fixture.Start();
        var (name, _) = await UserAsync(factory);
        var laptop = factory.CreateBrowserLikeClient();
        var phone = factory.CreateBrowserLikeClient();
        await laptop.SignInAsync(name, Password);
        await phone.SignInAsync(name, Password);
        Assert.Contains("sign-out-everywhere", await phone.GetStringAsync("/"), StringComparison.Ordinal);

        var everywhere = await phone.PostFormAsync("/account/logout-everywhere", []);
        var onLaptop = await laptop.GetAsync("/");
        var onPhone = await phone.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, onLaptop.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, onPhone.StatusCode);
        await laptop.SignInAsync(name, Password);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_ends_the_users_open_sessions_at_once()
    {
        var factory = fixture.Start();
        var (name, id) = await UserAsync(factory);
        var user = factory.CreateBrowserLikeClient();
        await user.SignInAsync(name, Password);
        var admin = factory.CreateBrowserLikeClient();
        await admin.SignInAsync("admin", OroAppFactory.AdminPassword);

        var reset = await admin.PostFormAsync($"/system/users/{id}/reset-password",
            [new("Password", "a-brand-new-password-1"), new("ConfirmPassword", "a-brand-new-password-1")], tokenPage: $"/system/users/{id}/reset-password");
        var afterwards = await user.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.Contains("/account/login", afterwards.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_resetting_their_own_password_stays_signed_in_but_their_other_sessions_end()
    {
        var factory = fixture.Start();
        var name = "selfreset" + Guid.NewGuid().ToString("N")[..8];
        var self = await factory.CreateUserAsync(name, Password, [SystemRoles.Administrator]);
        var here = factory.CreateBrowserLikeClient();
        var elsewhere = factory.CreateBrowserLikeClient();
        await here.SignInAsync(name, Password);
        await elsewhere.SignInAsync(name, Password);

        await here.PostFormAsync($"/system/users/{self.Id}/reset-password",
            [new("Password", "a-brand-new-password-2"), new("ConfirmPassword", "a-brand-new-password-2")], tokenPage: $"/system/users/{self.Id}/reset-password");

        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_message_in_about_the_same_time()
    {
        var factory = fixture.Start();
        var (name, _) = await UserAsync(factory);
        var client = factory.CreateBrowserLikeClient();
        await client.LoginAsync("warm-up-" + Guid.NewGuid().ToString("N"), "wrong-password-000");
        await client.LoginAsync(name, "wrong-password-000");

        var known = new List<double>();
        var unknown = new List<double>();
        var messages = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            var (knownMessage, knownTime) = await TimedLoginAsync(client, name);
            var (unknownMessage, unknownTime) = await TimedLoginAsync(client, "nobody-" + Guid.NewGuid().ToString("N")[..8]);
            known.Add(knownTime);
            unknown.Add(unknownTime);
            messages.Add(knownMessage);
            messages.Add(unknownMessage);
        }

        Assert.Equal("The user name or password is not correct.", Assert.Single(messages));
        var (knownMedian, unknownMedian) = (Median(known), Median(unknown));
        Assert.True(unknownMedian >= 0.3 * knownMedian, $"Unknown user {unknownMedian:F1} ms against known user {knownMedian:F1} ms: the time tells which names exist.");
    }

    [Fact]
    public async Task Locked_and_disabled_are_only_told_to_someone_who_gives_the_right_password()
    {
        var factory = fixture.Start();
        var (locked, _) = await UserAsync(factory);
        var (disabled, _) = await UserAsync(factory);
        await factory.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.UserName == locked).ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, DateTimeOffset.UtcNow.AddMinutes(10)));
            await db.Users.Where(u => u.UserName == disabled).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsEnabled, false));
        });
        var client = factory.CreateBrowserLikeClient();

        var lockedWrong = await MessageAsync(await client.LoginAsync(locked, "wrong-password-000"));
        var disabledWrong = await MessageAsync(await client.LoginAsync(disabled, "wrong-password-000"));
        var lockedRight = await MessageAsync(await client.LoginAsync(locked, Password));
        var disabledRight = await MessageAsync(await client.LoginAsync(disabled, Password));

        Assert.Equal("The user name or password is not correct.", lockedWrong);
        Assert.Equal("The user name or password is not correct.", disabledWrong);
        Assert.Contains("locked", lockedRight, StringComparison.Ordinal);
        Assert.Contains("disabled", disabledRight, StringComparison.Ordinal);
    }

    private static async Task<(string Message, double Milliseconds)> TimedLoginAsync(HttpClient client, string userName)
    {
        var token = await client.GetAntiforgeryTokenAsync("/account/login");
        var watch = Stopwatch.StartNew();
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = "wrong-password-000",
            ["__RequestVerificationToken"] = token,
        }));
        var elapsed = watch.Elapsed.TotalMilliseconds;
        return (await MessageAsync(response), elapsed);
    }

    internal static async Task<string> MessageAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var match = System.Text.RegularExpressions.Regex.Match(html, "validation-summary-errors[^>]*>\\s*<ul>\\s*<li>([^<]+)</li>");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : $"(no message; status {(int)response.StatusCode})";
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static async Task<(string Name, int Id)> UserAsync(OroAppFactory factory)
    {
        var name = "sess" + Guid.NewGuid().ToString("N")[..8];
        var user = await factory.CreateUserAsync(name, Password, [SystemRoles.SalesRep]);
        return (name, user.Id);
    }

    private static Task<int> UserIdAsync(OroAppFactory factory, string name) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync());

    internal static string Cookie(HttpResponseMessage response, string name) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(name + "=", StringComparison.Ordinal));

    /// <summary>Another browser that was given a copy of the auth cookie (and keeps its own antiforgery cookie).</summary>
    private sealed class CopiedCookieClient(OroAppFactory factory, string authCookie)
    {
        private readonly HttpClient client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        private string antiforgeryCookie = string.Empty;

        public async Task<string> TokenAsync(string page)
        {
            var response = await GetAsync(page);
            antiforgeryCookie = Cookie(response, "oro.af");
            var html = await response.Content.ReadAsStringAsync();
            var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
            return WebUtility.HtmlDecode(match.Groups[1].Value);
        }

        public Task<HttpResponseMessage> GetAsync(string url) => client.SendAsync(Request(HttpMethod.Get, url));

        public Task<HttpResponseMessage> PostAsync(string url, string token, List<KeyValuePair<string, string>> fields)
        {
            var request = Request(HttpMethod.Post, url);
            request.Content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token)));
            return client.SendAsync(request);
        }

        private HttpRequestMessage Request(HttpMethod method, string url)
        {
            var request = new HttpRequestMessage(method, url);
            request.Headers.Add("Cookie", string.Join("; ", new[] { authCookie, antiforgeryCookie }.Where(c => c.Length > 0)));
            return request;
        }
    }
}
