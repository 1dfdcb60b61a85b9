using System.Net;
using Oro.Opportunities.IntegrationTests.Customers;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Opportunities;

/// <summary>Issue 23: renaming a saved view shows the renamed view (it landed on "All Opportunities"), on both grids.</summary>
public sealed class SavedViewRenameTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    [Theory]
    [InlineData("/opportunities")]
    [InlineData("/leads")]
    public async Task Renaming_a_view_lands_on_that_view_with_its_new_name(string grid)
    {
        var factory = fixture.Start();
        var admin = await factory.AdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        using var saved = await admin.PostFormAsync($"{grid}/views", [new("name", $"Before {tag}"), new("query", $"?q=x{tag}")], grid);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = System.Text.RegularExpressions.Regex.Match(saved.Headers.Location!.OriginalString, @"savedView=(\d+)").Groups[1].Value;

        using var renamed = await admin.PostFormAsync($"{grid}/views/{id}/rename", [new("name", $"After {tag}")], grid);

        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        var location = renamed.Headers.Location!.OriginalString;
        Assert.Contains($"savedView={id}", location, StringComparison.Ordinal);
        Assert.Contains($"x{tag}", location, StringComparison.Ordinal);
        Assert.Contains($"After {tag}", WebUtility.HtmlDecode(await admin.GetStringAsync(location)), StringComparison.Ordinal);
    }
}
