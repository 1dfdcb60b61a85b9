using System.Net;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Users.AdministrationTestSupport;

namespace Oro.Opportunities.IntegrationTests.Roles;

public sealed class RoleAdministrationTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private const string RoleForm = "data-testid=\"role-form\"";

    [Fact]
    public async Task Taking_view_on_leads_from_sales_rep_hides_leads_from_reps_on_the_next_request()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var repName = "rep" + Unique();
        await factory.CreateUserAsync(repName, Password, [SystemRoles.SalesRep]);
        var rep = factory.CreateBrowserLikeClient();
        await rep.SignInAsync(repName, Password);
        var salesRep = await factory.RoleIdAsync(SystemRoles.SalesRep);
        Assert.Equal(HttpStatusCode.OK, (await rep.GetAsync("/leads")).StatusCode);
        Assert.Contains("href=\"/leads\"", await rep.GetStringAsync("/"), StringComparison.Ordinal);

        try
        {
            var form = await admin.GetFormAsync($"/system/roles/{salesRep}/edit", RoleForm);
            var saved = await SetLevel(form, SecuredEntity.Lead, PermissionAction.View, AccessLevel.None)
                .PostAsync(admin, $"/system/roles/{salesRep}/edit");
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

            Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync("/leads")).StatusCode);
            var home = await rep.GetStringAsync("/");
            Assert.DoesNotContain("href=\"/leads\"", home, StringComparison.Ordinal);
            Assert.Contains("href=\"/opportunities\"", home, StringComparison.Ordinal);
            Assert.Contains("data-cell=\"Lead.View\">None", await admin.GetStringAsync($"/system/roles/{salesRep}"), StringComparison.Ordinal);
        }
        finally
        {
            var restore = await admin.GetFormAsync($"/system/roles/{salesRep}/edit", RoleForm);
            await SetLevel(restore, SecuredEntity.Lead, PermissionAction.View, AccessLevel.Own).PostAsync(admin, $"/system/roles/{salesRep}/edit");
        }

        Assert.Equal(HttpStatusCode.OK, (await rep.GetAsync("/leads")).StatusCode);
    }

    [Fact]
    public async Task A_custom_role_is_created_with_its_matrix_and_deleted_only_once_nobody_has_it()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var name = "Auditors " + Unique();

        var form = await admin.GetFormAsync("/system/roles/create", RoleForm);
        Assert.All(form.All.Where(f => f.Key.EndsWith(".Level", StringComparison.Ordinal)), f => Assert.Equal("None", f.Value));
        var created = await SetLevel(form.Set("Name", name).Set("Description", "Read only").Add("Capabilities", "Export"),
                SecuredEntity.Opportunity, PermissionAction.View, AccessLevel.Team)
            .PostAsync(admin, "/system/roles/create");

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var role = await factory.WithDbAsync(async db =>
        {
            var stored = await db.Roles.SingleAsync(r => r.Name == name);
            return new
            {
                stored.Id,
                stored.IsSystem,
                Cells = await db.RolePermissions.Where(p => p.RoleId == stored.Id).ToListAsync(),
                Capabilities = await db.RoleCapabilities.Where(c => c.RoleId == stored.Id).Select(c => c.Capability).ToListAsync(),
            };
        });
        Assert.False(role.IsSystem);
        Assert.Equal(20, role.Cells.Count);
        Assert.Equal(AccessLevel.Team, role.Cells.Single(c => c.Entity == SecuredEntity.Opportunity && c.Action == PermissionAction.View).Level);
        Assert.Equal(19, role.Cells.Count(c => c.Level == AccessLevel.None));
        Assert.Equal([Capability.Export], role.Capabilities);

        var holder = await factory.CreateUserAsync("aud" + Unique(), Password, [name]);
        var refused = await admin.PostFormAsync($"/system/roles/{role.Id}/delete", [], tokenPage: $"/system/roles/{role.Id}");
        Assert.Equal($"/system/roles/{role.Id}", refused.Headers.Location!.OriginalString);
        Assert.Contains("is given to 1 user", await admin.GetStringAsync(refused.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.True(await factory.WithDbAsync(db => db.Roles.AnyAsync(r => r.Id == role.Id)));

        await factory.WithDbAsync(db => db.UserRoles.Where(ur => ur.UserId == holder.Id && ur.RoleId == role.Id).ExecuteDeleteAsync());
        var deleted = await admin.PostFormAsync($"/system/roles/{role.Id}/delete", [], tokenPage: $"/system/roles/{role.Id}");

        Assert.Equal("/system/roles", deleted.Headers.Location!.OriginalString);
        Assert.False(await factory.WithDbAsync(db => db.Roles.AnyAsync(r => r.Id == role.Id)));
        Assert.False(await factory.WithDbAsync(db => db.RolePermissions.AnyAsync(p => p.RoleId == role.Id)));
    }

    [Fact]
    public async Task A_custom_role_can_be_renamed_but_not_to_an_existing_name()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var name = "Temps " + Unique();
        await (await admin.GetFormAsync("/system/roles/create", RoleForm)).Set("Name", name).PostAsync(admin, "/system/roles/create");
        var id = await factory.RoleIdAsync(name);

        var clash = await (await admin.GetFormAsync($"/system/roles/{id}/edit", RoleForm))
            .Set("Name", SystemRoles.SalesManager.ToLowerInvariant())
            .PostAsync(admin, $"/system/roles/{id}/edit");
        var renamed = await (await admin.GetFormAsync($"/system/roles/{id}/edit", RoleForm))
            .Set("Name", name + " renamed")
            .PostAsync(admin, $"/system/roles/{id}/edit");

        Assert.Equal(HttpStatusCode.OK, clash.StatusCode);
        Assert.Matches("data-valmsg-for=\"Name\"[^>]*>[^<]*is already taken", await clash.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Equal(name + " renamed", await factory.WithDbAsync(db => db.Roles.Where(r => r.Id == id).Select(r => r.Name).SingleAsync()));
    }

    [Fact]
    public async Task The_administrator_role_cannot_lose_manage_users_nor_any_all_level()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var administrator = await factory.RoleIdAsync(SystemRoles.Administrator);

        var withoutManageUsers = await (await admin.GetFormAsync($"/system/roles/{administrator}/edit", RoleForm))
            .Remove("Capabilities", nameof(Capability.ManageUsers))
            .PostAsync(admin, $"/system/roles/{administrator}/edit");
        var narrowed = await SetLevel(await admin.GetFormAsync($"/system/roles/{administrator}/edit", RoleForm), SecuredEntity.Account, PermissionAction.Delete, AccessLevel.Team)
            .PostAsync(admin, $"/system/roles/{administrator}/edit");

        Assert.Equal(HttpStatusCode.OK, withoutManageUsers.StatusCode);
        Assert.Matches("data-valmsg-for=\"Capabilities\"[^>]*>The Administrator role must keep Manage Users", await withoutManageUsers.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, narrowed.StatusCode);
        Assert.Contains("Account / Delete is not All", await narrowed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await factory.WithDbAsync(async db => new
        {
            Capabilities = await db.RoleCapabilities.Where(c => c.RoleId == administrator).Select(c => c.Capability).ToListAsync(),
            Levels = await db.RolePermissions.Where(p => p.RoleId == administrator).Select(p => p.Level).ToListAsync(),
        });
        Assert.Contains(Capability.ManageUsers, stored.Capabilities);
        Assert.All(stored.Levels, level => Assert.Equal(AccessLevel.All, level));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/system/users")).StatusCode);
    }

    [Fact]
    public async Task The_administrator_role_may_drop_a_capability_that_is_not_required()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var administrator = await factory.RoleIdAsync(SystemRoles.Administrator);

        try
        {
            var response = await (await admin.GetFormAsync($"/system/roles/{administrator}/edit", RoleForm))
                .Remove("Capabilities", nameof(Capability.ManageWorkflows))
                .PostAsync(admin, $"/system/roles/{administrator}/edit");

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.False(await factory.WithDbAsync(db => db.RoleCapabilities.AnyAsync(c => c.RoleId == administrator && c.Capability == Capability.ManageWorkflows)));
        }
        finally
        {
            await (await admin.GetFormAsync($"/system/roles/{administrator}/edit", RoleForm))
                .Add("Capabilities", nameof(Capability.ManageWorkflows))
                .PostAsync(admin, $"/system/roles/{administrator}/edit");
        }
    }

    [Fact]
    public async Task System_roles_can_be_neither_renamed_nor_deleted()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var salesManager = await factory.RoleIdAsync(SystemRoles.SalesManager);

        var rename = await (await admin.GetFormAsync($"/system/roles/{salesManager}/edit", RoleForm))
            .Set("Name", "Sales Boss")
            .PostAsync(admin, $"/system/roles/{salesManager}/edit");
        var delete = await admin.PostFormAsync($"/system/roles/{salesManager}/delete", [], tokenPage: $"/system/roles/{salesManager}");

        Assert.Matches("data-valmsg-for=\"Name\"[^>]*>The system role [^<]* cannot be renamed", await rename.Content.ReadAsStringAsync());
        Assert.Contains("cannot be deleted", await admin.GetStringAsync(delete.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.Equal(SystemRoles.SalesManager, await factory.WithDbAsync(db => db.Roles.Where(r => r.Id == salesManager).Select(r => r.Name).SingleAsync()));
    }

    [Fact]
    public async Task A_matrix_saved_from_a_stale_page_is_refused()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var name = "Stale " + Unique();
        await (await admin.GetFormAsync("/system/roles/create", RoleForm)).Set("Name", name).PostAsync(admin, "/system/roles/create");
        var id = await factory.RoleIdAsync(name);
        var stale = await admin.GetFormAsync($"/system/roles/{id}/edit", RoleForm);
        await SetLevel(await admin.GetFormAsync($"/system/roles/{id}/edit", RoleForm), SecuredEntity.Contact, PermissionAction.View, AccessLevel.All)
            .PostAsync(admin, $"/system/roles/{id}/edit");

        var response = await SetLevel(stale, SecuredEntity.Contact, PermissionAction.Edit, AccessLevel.All).PostAsync(admin, $"/system/roles/{id}/edit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Someone else changed this record", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var levels = await factory.WithDbAsync(db => db.RolePermissions.Where(p => p.RoleId == id && p.Entity == SecuredEntity.Contact).ToListAsync());
        Assert.Equal(AccessLevel.All, levels.Single(p => p.Action == PermissionAction.View).Level);
        Assert.Equal(AccessLevel.None, levels.Single(p => p.Action == PermissionAction.Edit).Level);
    }

    [Fact]
    public async Task The_roles_list_shows_the_system_flag_and_user_counts()
    {
        var factory = fixture.Start();
        var admin = await factory.SignedInAdminAsync();
        var count = await factory.WithDbAsync(async db =>
        {
            var id = await db.Roles.Where(r => r.Name == SystemRoles.Administrator).Select(r => r.Id).SingleAsync();
            return await db.UserRoles.CountAsync(ur => ur.RoleId == id);
        });

        var html = await admin.GetStringAsync("/system/roles");

        Assert.Matches($"{SystemRoles.Administrator}</a></td>\\s*<td[^>]*>[^<]*</td>\\s*<td>\\s*<span class=\"badge text-bg-secondary\">System</span>\\s*</td>\\s*<td[^>]*data-users=\"{count}\"", html);
    }

    [Theory]
    [InlineData("GET", "/system/roles/999999")]
    [InlineData("GET", "/system/roles/999999/edit")]
    [InlineData("POST", "/system/roles/999999/edit")]
    [InlineData("POST", "/system/roles/999999/delete")]
    public async Task An_unknown_role_answers_404(string method, string url)
    {
        var admin = await fixture.Start().SignedInAdminAsync();

        var response = method == "GET"
            ? await admin.GetAsync(url)
            : await admin.PostFormAsync(url, [new("Name", "x")], tokenPage: "/system/roles/create");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Changes one select of the matrix, found by the hidden entity and action fields beside it.</summary>
    private static FormFields SetLevel(FormFields form, SecuredEntity entity, PermissionAction action, AccessLevel level)
    {
        for (var i = 0; form[$"Cells[{i}].Entity"] is { } cellEntity; i++)
        {
            if (cellEntity == entity.ToString() && form[$"Cells[{i}].Action"] == action.ToString())
            {
                return form.Set($"Cells[{i}].Level", level.ToString());
            }
        }

        throw new InvalidOperationException($"No matrix cell for {entity} / {action}.");
    }

}
