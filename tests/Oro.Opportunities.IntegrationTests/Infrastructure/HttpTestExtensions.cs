using System.Net;
using System.Text.RegularExpressions;

namespace Oro.Opportunities.IntegrationTests.Infrastructure;

/// <summary>Signs in and posts forms the way a browser does: through the login page, with the antiforgery token.</summary>
public static partial class HttpTestExtensions
{
    public static async Task<string> GetAntiforgeryTokenAsync(this HttpClient client, string pageUrl)
    {
        var html = await client.GetStringAsync(pageUrl);
        var match = TokenPattern().Match(html);
        if (!match.Success)
        {
            throw new InvalidOperationException($"No antiforgery token on {pageUrl}.");
        }

        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> LoginAsync(this HttpClient client, string userName, string password)
    {
        var token = await client.GetAntiforgeryTokenAsync("/account/login");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    public static async Task SignInAsync(this HttpClient client, string userName, string password)
    {
        var response = await client.LoginAsync(userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in of {userName} failed: {(int)response.StatusCode}.");
        }
    }

    /// <summary>Posts a form with the token taken from <paramref name="tokenPage"/> (any page with a form of the signed-in user).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields, string tokenPage = "/")
    {
        var token = await client.GetAntiforgeryTokenAsync(tokenPage);
        var all = fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token));
        return await client.PostAsync(url, new FormUrlEncodedContent(all));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
