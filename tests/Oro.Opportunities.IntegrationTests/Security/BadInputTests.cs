using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Configuration;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Security;

/// <summary>Issue 10, items 5–9 and 11: input the server cannot use gets a 400/422 and a sentence, never a 500.</summary>
public sealed class BadInputTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private const string Password = "bad-input-password-1";

    [Theory]
    [InlineData("/opportunities?createdTo=9999-12-31&name=Keep", "Created to")]
    [InlineData("/opportunities?budgetMin=1e28&name=Keep", "Budget from")]
    [InlineData("/opportunities/board?updatedTo=9999-12-31&name=Keep", "Updated to")]
    [InlineData("/opportunities/board?revenueMax=1e28&name=Keep", "Close revenue to")]
    public async Task A_page_with_an_out_of_range_filter_shows_itself_with_the_other_filters_and_a_message(string url, string label)
    {
        var client = await AdminAsync();

        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"The {label} ", html, StringComparison.Ordinal);
        Assert.Contains("it was ignored", html, StringComparison.Ordinal);
        Assert.Contains("Keep", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/opportunities/export?closeTo=9999-12-31")]
    [InlineData("/opportunities/export?budgetMin=1e28")]
    [InlineData("/opportunities/board/column?statusId=1&createdTo=9999-12-31")]
    public async Task Export_and_board_column_refuse_an_out_of_range_filter_before_writing_anything(string url)
    {
        var client = await AdminAsync();

        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("it was ignored", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_view_that_would_not_bind_is_refused_on_save_and_a_stored_one_falls_back_to_the_default()
    {
        var factory = fixture.Start();
        var (client, userId) = await UserAsync(factory);

        var save = await client.PostFormAsync("/opportunities/views", [new("name", "Far future"), new("query", "?closeTo=9999-12-31")], tokenPage: "/opportunities");
        Assert.False(await factory.WithDbAsync(db => db.SavedGridViews.AnyAsync(v => v.UserId == userId)));
        Assert.Contains("cannot be saved", await (await client.GetAsync(save.Headers.Location!.OriginalString)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A view stored before the rules (or by an older version) must not break the grid either.
        await factory.WithDbAsync(async db =>
        {
            db.SavedGridViews.Add(new SavedGridView(userId, "opportunities", "Broken", "?budgetMin=1e28") { IsDefault = true });
            await db.SaveChangesAsync();
        });
        var grid = await client.GetAsync("/opportunities");

        Assert.Equal(HttpStatusCode.OK, grid.StatusCode);
        Assert.Contains("can no longer be opened", await grid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mass_actions_take_1100_ids_and_refuse_more_than_5000_with_a_message()
    {
        var factory = fixture.Start();
        var (client, _) = await UserAsync(factory);
        static List<KeyValuePair<string, string>> Ids(int count) =>
            [new("action", "delete"), .. Enumerable.Range(1_000_000, count).SelectMany(i => new KeyValuePair<string, string>[] { new("ids", i.ToString(CultureInfo.InvariantCulture)), new($"versions[{i}]", "0") })];

        var eleven = await client.PostFormAsync("/opportunities/mass", Ids(1_100), tokenPage: "/opportunities");
        var fiveThousandFifty = await client.PostFormAsync("/opportunities/mass", Ids(5_050), tokenPage: "/opportunities");
        var flash = await client.GetStringAsync("/opportunities");
        var sixThousand = await client.PostFormAsync("/opportunities/mass", Ids(6_000), tokenPage: "/opportunities");

        Assert.Equal(HttpStatusCode.Redirect, eleven.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, fiveThousandFifty.StatusCode);
        Assert.Contains("at most 5,000 records; 5,050 were selected", flash, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, sixThousand.StatusCode);
        Assert.Contains("more fields than the server accepts", await sixThousand.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_bodies_get_a_400_page_also_before_sign_in()
    {
        var anonymous = fixture.Start().CreateBrowserLikeClient();
        var token = await anonymous.GetAntiforgeryTokenAsync("/account/login");

        var tooMany = await anonymous.PostAsync("/account/login", new FormUrlEncodedContent(
            Enumerable.Range(0, 1_100).Select(i => new KeyValuePair<string, string>("f" + i, "x")).Append(new("__RequestVerificationToken", token))));
        var nul = await anonymous.PostAsync("/account/login", new FormUrlEncodedContent(
            [new("UserName", "ad\0min"), new("Password", "x"), new("__RequestVerificationToken", token)]));
        var huge = await anonymous.PostAsync("/account/login", new FormUrlEncodedContent(
            [new("UserName", new string('x', 5 * 1024 * 1024)), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("more fields than the server accepts", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        // The form reader itself may refuse the NUL before the guard sees it; either way a 400 page, not a 500.
        Assert.Contains("data-status=\"400\"", await nul.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("longer than the server accepts", await huge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("418")]
    [InlineData("JPY")]
    public async Task The_error_page_takes_its_status_from_the_route_only(string code)
    {
        var client = fixture.Start().CreateBrowserLikeClient();
        var token = await client.GetAntiforgeryTokenAsync("/account/login");

        var posted = await client.PostAsync("/error/404", new FormUrlEncodedContent([new("code", code), new("__RequestVerificationToken", token)]));
        var queried = await client.GetAsync("/error/404?code=" + code);

        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, queried.StatusCode);
    }

    [Fact]
    public async Task Saving_a_view_with_a_huge_query_is_refused_without_echoing_it()
    {
        var client = await AdminAsync();

        var response = await client.PostFormAsync("/opportunities/views", [new("name", "Huge"), new("query", "?name=" + new string('q', 1024 * 1024))], tokenPage: "/opportunities");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.True((await response.Content.ReadAsStringAsync()).Length < 100_000);
    }

    [Fact]
    public async Task A_status_label_that_differs_only_in_case_or_spaces_is_refused()
    {
        var factory = fixture.Start();
        var client = await factory.AdminClientAsync();
        var label = "Negotiation " + Guid.NewGuid().ToString("N")[..6];
        var first = await factory.AddStatusAsync(client, label);
        var second = await factory.AddStatusAsync(client, "Other " + Guid.NewGuid().ToString("N")[..6]);
        var count = (await factory.StatusesAsync()).Count;

        var add = await client.PostFormAsync(ConfigurationTestHelpers.OpportunityPage + "/statuses/add", ConfigurationTestHelpers.Fields(
            ("NewStatus.Revision", ConfigurationTestHelpers.Text(await factory.RevisionAsync())),
            ("NewStatus.Label", "  " + label.ToUpperInvariant() + " "),
            ("NewStatus.DefaultProbability", "10")), tokenPage: ConfigurationTestHelpers.OpportunityPage);
        var statuses = await factory.StatusesAsync();
        var rename = await client.PostFormAsync(ConfigurationTestHelpers.OpportunityPage + "/statuses", ConfigurationTestHelpers.StatusListFields(
            await factory.RevisionAsync(),
            statuses.Select(s => (s.Id, s.Id == second.Id ? label.ToLowerInvariant() : s.Label, s.DefaultProbability))), tokenPage: ConfigurationTestHelpers.OpportunityPage);

        Assert.Contains("already exists", await add.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(count, (await factory.StatusesAsync()).Count);
        Assert.Contains("Give each status a name of its own", await rename.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(second.Label, (await factory.StatusAsync(second.Code)).Label);
        Assert.Equal(first.Label, (await factory.StatusAsync(first.Code)).Label);
    }

    private async Task<HttpClient> AdminAsync()
    {
        var client = fixture.Start().CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        return client;
    }

    private static async Task<(HttpClient Client, int UserId)> UserAsync(OroAppFactory factory)
    {
        var name = "bad" + Guid.NewGuid().ToString("N")[..8];
        var user = await factory.CreateUserAsync(name, Password, [SystemRoles.Administrator]);
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(name, Password);
        return (client, user.Id);
    }
}
