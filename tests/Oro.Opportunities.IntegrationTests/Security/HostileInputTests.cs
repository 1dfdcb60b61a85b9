using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using Oro.Opportunities.UnitTests.Workflows;

namespace Oro.Opportunities.IntegrationTests.Security;

/// <summary>
/// Issue 10: a corpus of hostile inputs sent to every GET and POST endpoint of the app (enumerated
/// from the endpoint data source, as the antiforgery test does), signed in as an administrator and
/// anonymously. No answer may be a 5xx, no body may break off, and nothing may be logged as an error.
/// Issue 21: route parameters get real and unknown workflow, transition and currency names, and every
/// action that takes a file (found by reflection) gets the hostile workflow definitions and CSV files.
/// </summary>
public abstract partial class HostileInputTests(AppFixture fixture)
{
    private const string Password = "hostile-input-password-1";

    private static readonly string Long = new('x', 20_000);

    /// <summary>Query strings sent to every GET endpoint (and appended to every POST).</summary>
    public static readonly string[] Queries =
    [
        "createdFrom=9999-12-31", "createdTo=9999-12-31", "updatedFrom=0001-01-01", "updatedTo=9999-12-31",
        "closeFrom=0001-01-01", "closeTo=9999-12-31", "closeTo=0001-01-01&closeFrom=9999-12-31",
        "budgetMin=1e28", "budgetMax=-1e28", "revenueMin=79228162514264337593543950335", "revenueMax=1e28", "budgetMin=NaN",
        "budgetMin=1e15&budgetCurrency=JPY", "probabilityMin=2147483648", "probabilityMax=-5",
        "page=2147483647", "page=-2147483648&size=100", "size=2147483647", "sort=%00", "sort=name&dir=sideways",
        "view=%00", "name=%00", "name=" + Long, "nameOp=regex&name=a%25_", "status=%00&status=nope", "owner=abc&owner=-1",
        "team=99999999999", "accountId=-1", "q=%00", "q=" + Long, "statusId=-1", "statusId=2147483648", "cursor=%00",
        "cursor=not-a-cursor!!", "cursor=" + Long, "code=418", "code=JPY", "savedView=-1", "cols=%00", "cols=" + Long,
        "returnUrl=//evil.example", "returnUrl=" + Long, "error=%00", "%zz=%zz&=&&a", "view=all&view=open&view=recent", "id=abc",
        "email=%00&contact=%00&account=%00", "closeReason=%00", "budgetCurrency=%00&revenueCurrency=" + Long,
    ];

    /// <summary>Field names of the app's forms and JSON endpoints, each given the hostile value.</summary>
    private static readonly string[] FieldNames =
    [
        "Name", "Id", "Version", "version", "field", "value", "currency", "StatusId", "OwnerId", "ownerId", "statusId", "ids",
        "action", "closeDate", "CloseDate", "closeReason", "CloseReasonCode", "BudgetAmount", "BudgetCurrency", "CloseRevenueAmount",
        "CloseRevenueCurrency", "CloseRevenue", "Probability", "AccountId", "AccountName", "ContactId", "returnUrl", "returnQuery",
        "query", "id", "Label", "DefaultProbability", "Revision", "ExpectedRevision", "Board", "FromStatusId", "UserName", "Email",
        "FirstName", "LastName", "Password", "ConfirmPassword", "Roles", "TeamId", "Code", "Rate", "MoveTo", "Notes", "CustomerNeed",
        "Statuses[1].Label", "Statuses[1].DefaultProbability", "Statuses[0].Id", "Currencies[0]", "Enabled", "submit", "code", "Permissions[0].Level",
    ];

    private static IEnumerable<(string Name, Func<string, HttpContent> Body)> Bodies()
    {
        foreach (var value in new[] { "\0", "a\0b", "9999-12-31", "0001-01-01", "1e28", "-79228162514264337593543950335", "2147483648", "NaN", "abc", "-1", Long, "JPY", "418" })
        {
            yield return ($"every field = {Shorten(value)}", token => Form(token, FieldNames.Select(f => new KeyValuePair<string, string>(f, value))));
        }

        yield return ("code=418", token => Form(token, [new("code", "418")]));
        yield return ("code=JPY", token => Form(token, [new("code", "JPY")]));
        yield return ("1,100 ids", token => Form(token, [new("action", "delete"), .. Enumerable.Range(100_000, 1_100).Select(i => new KeyValuePair<string, string>("ids", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))]));
        yield return ("6,000 ids", token => Form(token, [new("action", "assign"), .. Enumerable.Range(100_000, 6_000).Select(i => new KeyValuePair<string, string>("ids", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))]));
        yield return ("5 MB value", token => Form(token, [new("Name", new string('y', 5 * 1024 * 1024)), new("query", "?" + new string('q', 1024 * 1024))]));
        yield return ("1 MB query", token => Form(token, [new("name", "big"), new("query", "?name=" + new string('q', 1024 * 1024))]));
        yield return ("bad enum and ids", token => Form(token, [new("action", "explode"), new("field", "nope"), new("ids", "abc"), new("ids", "-1"), new("statusId", "-1"), new("Level", "Galactic")]));
        yield return ("multipart without boundary", token => new ByteArrayContent(Encoding.ASCII.GetBytes("--x\r\n")) { Headers = { { "Content-Type", "multipart/form-data" } } });
        yield return ("json garbage", token => new StringContent("{\"ids\":[1,", Encoding.UTF8, "application/json"));
        yield return ("empty", token => Form(token, []));
    }

    [Fact]
    public async Task No_hostile_input_to_any_endpoint_answers_5xx_or_logs_an_error()
    {
        var factory = fixture.Start();
        var name = "fuzz" + Guid.NewGuid().ToString("N")[..8];
        var admin = await factory.CreateUserAsync(name, Password, [SystemRoles.Administrator]);
        var victim = await factory.CreateUserAsync("victim" + Guid.NewGuid().ToString("N")[..8], Password, [SystemRoles.SalesRep]);
        var accountId = await factory.AccountAsync("Hostile Ltd", admin.Id);
        var opportunity = await factory.OpportunityAsync("Hostile deal", admin.Id, accountId, budget: 1000m);
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(name, Password);
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (Pattern: e.RoutePattern.RawText ?? string.Empty, Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"], Action: e.Metadata.GetMetadata<ControllerActionDescriptor>()))
            .ToList();
        var gets = endpoints.Where(e => e.Methods.Contains("GET")).SelectMany(e => Urls(e.Pattern, victim.Id, opportunity.Id)).Distinct().ToList();
        var posts = endpoints.Where(e => e.Methods.Contains("POST")).SelectMany(e => Urls(e.Pattern, victim.Id, opportunity.Id)).Distinct().ToList();
        var uploads = endpoints.Where(e => e.Methods.Contains("POST") && e.Action is { } action && TakesFile(action)).SelectMany(e => Urls(e.Pattern, victim.Id, opportunity.Id)).Distinct().ToList();
        Assert.True(gets.Count > 20 && posts.Count > 20, $"Too few endpoints found: {gets.Count} GET, {posts.Count} POST.");
        Assert.True(uploads.Count >= 3, $"Too few upload endpoints found: {string.Join(", ", uploads)}.");
        Assert.Contains(posts, p => p.EndsWith("/workflows/opportunity_flow/nope", StringComparison.Ordinal));
        factory.Logs.Clear();

        var failures = new List<string>();
        var requests = 0;
        foreach (var url in gets)
        {
            foreach (var query in Queries)
            {
                requests++;
                await SendAsync(client, HttpMethod.Get, url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query, null, failures, name);
            }
        }

        foreach (var url in posts)
        {
            foreach (var (label, body) in Bodies())
            {
                requests++;
                var token = await TokenAsync(client, name);
                await SendAsync(client, HttpMethod.Post, url, body(token), failures, name, label);
            }

            foreach (var query in Queries.Take(12))
            {
                requests++;
                var token = await TokenAsync(client, name);
                await SendAsync(client, HttpMethod.Post, url + "?" + query, Form(token, [new("Name", "x")]), failures, name);
            }
        }

        // Every upload form gets the hostile workflow definitions and CSV files as its file.
        foreach (var url in uploads)
        {
            foreach (var (label, bytes) in Files())
            {
                requests++;
                var token = await TokenAsync(client, name);
                await SendAsync(client, HttpMethod.Post, url, Upload(token, bytes), failures, name, label);
            }
        }

        // A few anonymous ones: the sign-in form and the error pages must survive the same bodies.
        var anonymous = factory.CreateBrowserLikeClient();
        foreach (var (label, body) in Bodies())
        {
            foreach (var url in new[] { "/account/login", "/error/400", "/no-such-page" })
            {
                requests++;
                var token = await anonymous.GetAntiforgeryTokenAsync("/account/login");
                await SendAsync(anonymous, HttpMethod.Post, url, body(token), failures, null, label);
            }
        }

        foreach (var url in new[] { "/error/418", "/error/99999999999", "/error/404?code=JPY", "/account/login?returnUrl=" + Long, "/health?code=418" })
        {
            requests++;
            await SendAsync(anonymous, HttpMethod.Get, url, null, failures, null);
        }

        var errors = factory.Logs.Errors.Select(LogCapture.Describe).Distinct().ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"Hostile input corpus: {requests} requests, {failures.Count} answered 5xx or broke off, {errors.Count} distinct errors logged.");
        Assert.True(failures.Count == 0 && errors.Count == 0,
            $"{failures.Count} of {requests} requests failed:\n{string.Join("\n", failures.Take(1000))}\nLogged errors:\n{string.Join("\n", errors.Take(60))}");
    }

    private static async Task SendAsync(HttpClient client, HttpMethod method, string url, HttpContent? content, List<string> failures, string? userName, string? label = null)
    {
        var what = $"{method} {Shorten(url)}{(label is null ? string.Empty : " [" + label + "]")}";
        try
        {
            using var request = new HttpRequestMessage(method, url) { Content = content };
            using var response = await client.SendAsync(request);
            _ = await response.Content.ReadAsByteArrayAsync();
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{what} → {(int)response.StatusCode}");
            }

            // Sign-out endpoints (and anything that ends the session) are part of the corpus: sign in again.
            if (userName is not null && response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.Ordinal) == true)
            {
                await TokenAsync(client, userName);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException)
        {
            failures.Add($"{what} → broke off: {ex.GetType().Name}: {Shorten(ex.Message)}");
            if (userName is not null)
            {
                await TokenAsync(client, userName);
            }
        }
    }

    /// <summary>The antiforgery token of the signed-in fuzzing admin, signing in again when a request ended the session.</summary>
    private static async Task<string> TokenAsync(HttpClient client, string userName)
    {
        using var home = await client.GetAsync("/");
        if (home.StatusCode != HttpStatusCode.OK)
        {
            await client.SignInAsync(userName, Password);
        }

        return await client.GetAntiforgeryTokenAsync("/");
    }

    private static FormUrlEncodedContent Form(string token, IEnumerable<KeyValuePair<string, string>> fields) =>
        new(fields.Append(new("__RequestVerificationToken", token)));

    /// <summary>
    /// Route parameters get real values, and unknown ones beside them: the victim user for user pages (so
    /// the fuzzing admin keeps its password), else the seeded opportunity; the management flow and each
    /// of its transitions, and names no workflow has; a currency code.
    /// </summary>
    private static IEnumerable<string> Urls(string pattern, int victimId, int opportunityId)
    {
        var id = pattern.StartsWith("system/users", StringComparison.OrdinalIgnoreCase) ? victimId : opportunityId;
        var values = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["workflow"] = ["opportunity_flow", "nope"],
            ["transition"] = ["start", "develop", "close_won", "nope"],
            ["name"] = ["opportunity_flow", "nope"],
            ["code"] = ["EUR", "418"],
        };
        var urls = new List<string> { pattern.TrimStart('/') };
        foreach (Match parameter in RouteParameter().Matches(pattern))
        {
            var key = parameter.Value.Trim('{', '}', '*').Split(':')[0];
            var choices = parameter.Value.StartsWith("{*", StringComparison.Ordinal) ? [string.Empty]
                : values.TryGetValue(key, out var named) && !parameter.Value.Contains(":int", StringComparison.Ordinal) ? named
                : [id.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            urls = urls.SelectMany(u => choices.Select(c => ReplaceFirst(u, parameter.Value, c))).ToList();
        }

        return urls.Select(u => "/" + u.TrimEnd('/'));
    }

    private static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        return at < 0 ? text : text[..at] + with + text[(at + what.Length)..];
    }

    /// <summary>An action that takes a file: an <see cref="IFormFile"/> parameter or a bound form with one.</summary>
    private static bool TakesFile(ControllerActionDescriptor action) =>
        action.Parameters.Any(p => p.ParameterType == typeof(IFormFile) || p.ParameterType.GetProperties().Any(q => q.PropertyType == typeof(IFormFile)));

    /// <summary>The hostile workflow definitions, and CSV files that hit the reader's limits.</summary>
    private static IEnumerable<(string Label, byte[] Bytes)> Files()
    {
        foreach (var (label, (bytes, _, _)) in HostileDefinitions.Documents())
        {
            yield return ("file: " + label, bytes);
        }

        yield return ("csv: unclosed quote over 2 MB", Encoding.UTF8.GetBytes("Opportunity name,Status\n\"" + new string('x', 2 * 1024 * 1024) + "\n"));
        yield return ("csv: invalid UTF-8", [.. Encoding.UTF8.GetBytes("Opportunity name,Status\n"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(",open\n")]);
        yield return ("csv: 50,000 columns", Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Repeat("a", 50_000)) + "\n"));
        yield return ("csv: NUL bytes", Encoding.UTF8.GetBytes("Opportunity name,Status\n\0\0,\0\n"));
    }

    private static MultipartFormDataContent Upload(string token, byte[] bytes)
    {
        var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("validate"), "Mode" } };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", "hostile.csv");
        content.Add(new ByteArrayContent(bytes), "File", "hostile.csv");
        return content;
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80].Replace("\0", "\\0", StringComparison.Ordinal) + $"…({text.Length})" : text.Replace("\0", "\\0", StringComparison.Ordinal);

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}

public sealed class SqliteHostileInputTests(SqliteAppFixture fixture) : HostileInputTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresHostileInputTests(PostgresAppFixture fixture) : HostileInputTests(fixture), IClassFixture<PostgresAppFixture>;
