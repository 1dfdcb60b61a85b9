using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Oro.Opportunities.FaultTests;

/// <summary>One request as a user saw it through nginx: when, how long, and the answer (0: no answer at all).</summary>
internal sealed record Sample(string Kind, string Method, TimeSpan Start, TimeSpan End, int Status, bool SignedOut)
{
    public double Milliseconds => (End - Start).TotalMilliseconds;
}

internal sealed class Recorder(Stopwatch clock)
{
    public ConcurrentQueue<Sample> Samples { get; } = new();

    public TimeSpan Now => clock.Elapsed;

    public void Add(Sample sample) => Samples.Enqueue(sample);
}

/// <summary>A signed-in user's browser: a cookie jar over HTTPS to nginx (its self-signed certificate accepted).</summary>
internal sealed partial class User(HttpClient client, Recorder recorder, bool secureCookie)
{
    private string? token;

    public bool SecureCookie => secureCookie;

    /// <param name="thumbprint">nginx's (self-signed) certificate: the only one accepted.</param>
    public static async Task<User> SignInAsync(int nginxPort, string thumbprint, Recorder recorder)
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            UseCookies = true,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => string.Equals(certificate?.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase) },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri($"https://localhost:{nginxPort}"), Timeout = TimeSpan.FromSeconds(60) };
        var login = await client.GetStringAsync("/account/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin",
            ["Password"] = "fault-suite-admin-password",
            ["__RequestVerificationToken"] = Token(login),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in through nginx answered {(int)response.StatusCode}.");
        }

        var secure = response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith("oro.auth", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        return new User(client, recorder, secure);
    }

    public async Task<string> GetStringAsync(string path) => await client.GetStringAsync(path);

    public async Task<HttpStatusCode> GetAsync(string path, string kind, bool json = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (json)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        var (status, _) = await SendAsync(request, kind);
        return status;
    }

    public async Task<(HttpStatusCode Status, string Body)> MoveAsync(int id, long version, int fromStatus, int toStatus)
    {
        token ??= Token(await client.GetStringAsync("/opportunities/board"));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/opportunities/{id}/status")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["statusId"] = toStatus.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["fromStatusId"] = fromStatus.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["board"] = "?view=all",
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        return await SendAsync(request, "move");
    }

    /// <summary>Uploads an import file through the import form; returns the job's id.</summary>
    public async Task<int> UploadAsync(byte[] file)
    {
        var page = await client.GetStringAsync("/opportunities/import");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__RequestVerificationToken" },
            { new StringContent("import"), "Mode" },
        };
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(part, "File", "fault-suite.csv");
        var response = await client.PostAsync("/opportunities/import", content);
        var location = response.Headers.Location?.OriginalString ?? string.Empty;
        return response.StatusCode == HttpStatusCode.Redirect && location.StartsWith("/opportunities/import/", StringComparison.Ordinal)
            ? int.Parse(location.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"The upload answered {(int)response.StatusCode} {location}.");
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request, string kind)
    {
        var start = recorder.Now;
        try
        {
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var signedOut = response.StatusCode == HttpStatusCode.Unauthorized
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.OrdinalIgnoreCase) == true);
            recorder.Add(new Sample(kind, request.Method.Method, start, recorder.Now, (int)response.StatusCode, signedOut));
            return (response.StatusCode, body);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            recorder.Add(new Sample(kind, request.Method.Method, start, recorder.Now, 0, false));
            return (0, string.Empty);
        }
    }

    private static string Token(string html) =>
        WebUtility.HtmlDecode(TokenPattern().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("No antiforgery token on the page."));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
