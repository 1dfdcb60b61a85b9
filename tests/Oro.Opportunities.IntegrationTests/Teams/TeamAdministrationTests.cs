using System.Net;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Users.AdministrationTestSupport;

namespace Oro.Opportunities.IntegrationTests.Teams;

public sealed class TeamAdministrationTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private const string TeamForm = "data-testid=\"team-form\"";

    [Fact]
    public async Task A_team_is_created_listed_with_its_member_count_and_renamed()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var name = "East " + Unique();

        var created = await (await admin.GetFormAsync("/system/teams/create", TeamForm))
            .Set("Name", name).Set("Description", "Eastern <region>")
            .PostAsync(admin, "/system/teams/create");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var teamId = await factory.WithDbAsync(db => db.Teams.Where(t => t.Name == name).Select(t => t.Id).SingleAsync());
        await factory.CreateUserAsync("member" + Unique(), Password, [SystemRoles.SalesRep], teamId);

        var list = await admin.GetStringAsync("/system/teams");
        var details = await admin.GetStringAsync($"/system/teams/{teamId}");
        Assert.Matches($"{name}</a></td>\\s*<td[^>]*>Eastern &lt;region&gt;</td>\\s*<td[^>]*data-members=\"1\"", list);
        Assert.Contains("Eastern &lt;region&gt;", details, StringComparison.Ordinal);
        Assert.Contains("member", details, StringComparison.Ordinal);

        var renamed = await (await admin.GetFormAsync($"/system/teams/{teamId}/edit", TeamForm))
            .Set("Name", name + " renamed")
            .PostAsync(admin, $"/system/teams/{teamId}/edit");
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Equal(name + " renamed", await factory.WithDbAsync(db => db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).SingleAsync()));
    }

    [Fact]
    public async Task A_team_name_taken_in_another_case_is_refused_beside_the_field()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var name = "West " + Unique();
        await (await admin.GetFormAsync("/system/teams/create", TeamForm)).Set("Name", name).PostAsync(admin, "/system/teams/create");

        var response = await (await admin.GetFormAsync("/system/teams/create", TeamForm))
            .Set("Name", name.ToUpperInvariant())
            .PostAsync(admin, "/system/teams/create");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("data-valmsg-for=\"Name\"[^>]*>A team named [^<]* already exists", await response.Content.ReadAsStringAsync());
        var teams = await factory.WithDbAsync(db => db.Teams.Select(t => t.Name).ToListAsync());
        Assert.Single(teams, t => string.Equals(t, name, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_team_with_members_cannot_be_deleted_until_they_leave()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var name = "North " + Unique();
        await (await admin.GetFormAsync("/system/teams/create", TeamForm)).Set("Name", name).PostAsync(admin, "/system/teams/create");
        var teamId = await factory.WithDbAsync(db => db.Teams.Where(t => t.Name == name).Select(t => t.Id).SingleAsync());
        var member = await factory.CreateUserAsync("north" + Unique(), Password, [SystemRoles.SalesRep], teamId);

        var refused = await admin.PostFormAsync($"/system/teams/{teamId}/delete", [], tokenPage: $"/system/teams/{teamId}");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("still has 1 member", await admin.GetStringAsync(refused.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.True(await factory.WithDbAsync(db => db.Teams.AnyAsync(t => t.Id == teamId)));

        await factory.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == member.Id)).TeamId = null;
            await db.SaveChangesAsync();
        });
        var deleted = await admin.PostFormAsync($"/system/teams/{teamId}/delete", [], tokenPage: $"/system/teams/{teamId}");

        Assert.Equal("/system/teams", deleted.Headers.Location!.OriginalString);
        Assert.False(await factory.WithDbAsync(db => db.Teams.AnyAsync(t => t.Id == teamId)));
    }

    [Fact]
    public async Task An_empty_team_name_is_refused_beside_the_field()
    {
        var admin = await fixture.Start().SignedInAdminAsync();

        var response = await (await admin.GetFormAsync("/system/teams/create", TeamForm)).Set("Name", " ").PostAsync(admin, "/system/teams/create");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("data-valmsg-for=\"Name\"[^>]*>Enter the team", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/system/teams/999999")]
    [InlineData("GET", "/system/teams/999999/edit")]
    [InlineData("POST", "/system/teams/999999/edit")]
    [InlineData("POST", "/system/teams/999999/delete")]
    public async Task An_unknown_team_answers_404(string method, string url)
    {
        var admin = await fixture.Start().SignedInAdminAsync();

        var response = method == "GET"
            ? await admin.GetAsync(url)
            : await admin.PostFormAsync(url, [new("Name", "x")], tokenPage: "/system/teams/create");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

}
