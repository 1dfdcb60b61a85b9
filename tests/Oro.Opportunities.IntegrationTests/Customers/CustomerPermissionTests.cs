using System.Net;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Customers.CustomerTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Customers;

/// <summary>
/// Row-level access on accounts and contacts (spec §11): a Sales Rep (Own) sees and changes only
/// their own records; anything else is 404 everywhere, and a missing Create or Edit right is 403.
/// </summary>
public abstract class CustomerPermissionTests(AppFixture fixture)
{
    [Fact]
    public async Task A_rep_lists_only_their_own_accounts_and_contacts()
    {
        var factory = fixture.Start();
        var admin = await factory.AdminAsync();
        var (rep, repUser) = await factory.RepAsync();
        var (other, otherUser) = await factory.RepAsync();
        var tag = Unique("Mine");
        var adminAccount = await admin.CreateAccountAsync(tag + " admin", await factory.UserIdAsync("admin"));
        var otherAccount = await other.CreateAccountAsync(tag + " other", otherUser.Id);
        var ownAccount = await rep.CreateAccountAsync(tag + " own", repUser.Id);
        await other.CreateContactAsync(tag, "Other", otherUser.Id);
        var ownContact = await rep.CreateContactAsync(tag, "Own", repUser.Id);

        var accounts = RowIds(await rep.GetStringAsync("/accounts?q=" + tag), "data-account");
        var contacts = RowIds(await rep.GetStringAsync("/contacts?q=" + tag), "data-contact");
        var lookup = await rep.GetStringAsync("/accounts/lookup?term=" + tag);

        Assert.Equal([ownAccount], accounts);
        Assert.Equal([ownContact], contacts);
        Assert.Contains($"\"id\":{ownAccount}", lookup, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"id\":{adminAccount}", lookup, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"id\":{otherAccount}", lookup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_reps_account_answers_404_on_view_edit_and_delete_and_stays_unchanged()
    {
        var factory = fixture.Start();
        var (owner, ownerUser) = await factory.RepAsync();
        var (rep, repUser) = await factory.RepAsync();
        var name = Unique("Private");
        var id = await owner.CreateAccountAsync(name, ownerUser.Id);

        var view = await rep.GetAsync($"/accounts/{id}");
        var editForm = await rep.GetAsync($"/accounts/{id}/edit");
        var edit = await rep.PostFormAsync($"/accounts/{id}/edit", Fields(("Form.Name", "Hijacked"), ("Form.OwnerId", Text(repUser.Id)), ("Form.Version", "0")));
        var invalidEdit = await rep.PostFormAsync($"/accounts/{id}/edit", Fields(("Form.Name", ""), ("Form.Version", "0")));
        var delete = await rep.PostFormAsync($"/accounts/{id}/delete", []);

        Assert.All([view, editForm, edit, invalidEdit, delete], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        var account = await factory.AccountAsync(id);
        Assert.Equal((name, ownerUser.Id, 0L), (account!.Name, account.OwnerId, account.Version));
    }

    [Fact]
    public async Task Another_reps_contact_answers_404_on_view_edit_and_delete_and_stays_unchanged()
    {
        var factory = fixture.Start();
        var (owner, ownerUser) = await factory.RepAsync();
        var (rep, repUser) = await factory.RepAsync();
        var last = Unique("Private");
        var id = await owner.CreateContactAsync("Pat", last, ownerUser.Id);

        var view = await rep.GetAsync($"/contacts/{id}");
        var editForm = await rep.GetAsync($"/contacts/{id}/edit");
        var edit = await rep.PostFormAsync($"/contacts/{id}/edit", Fields(("Form.LastName", "Hijacked"), ("Form.OwnerId", Text(repUser.Id)), ("Form.Version", "0")));
        var delete = await rep.PostFormAsync($"/contacts/{id}/delete", []);

        Assert.All([view, editForm, edit, delete], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        var contact = await factory.ContactAsync(id);
        Assert.Equal((last, ownerUser.Id, 0L), (contact!.LastName, contact.OwnerId, contact.Version));
    }

    [Fact]
    public async Task A_rep_gets_no_403_on_anything_they_own()
    {
        var factory = fixture.Start();
        var (rep, repUser) = await factory.RepAsync();
        var accountName = Unique("Own");
        var accountId = await rep.CreateAccountAsync(accountName, repUser.Id);
        var contactId = await rep.CreateContactAsync("Own", Unique("Contact"), repUser.Id, accountName: accountName);

        Assert.Equal(HttpStatusCode.OK, (await rep.GetAsync("/accounts/create")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await rep.GetAsync("/contacts/create")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await rep.GetAsync($"/accounts/{accountId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await rep.GetAsync($"/accounts/{accountId}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await rep.GetAsync($"/contacts/{contactId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await rep.GetAsync($"/contacts/{contactId}/edit")).StatusCode);
        var editAccount = await rep.PostFormAsync($"/accounts/{accountId}/edit", Fields(("Form.Name", accountName + " renamed"), ("Form.OwnerId", Text(repUser.Id)), ("Form.Version", "0")));
        var editContact = await rep.PostFormAsync($"/contacts/{contactId}/edit", Fields(("Form.LastName", "Renamed"), ("Form.AccountName", accountName + " renamed"), ("Form.OwnerId", Text(repUser.Id)), ("Form.Version", "0")));
        Assert.Equal(HttpStatusCode.Redirect, editAccount.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, editContact.StatusCode);
        Assert.Equal(accountId, (await factory.ContactAsync(contactId))!.AccountId);
        Assert.Equal(HttpStatusCode.Redirect, (await rep.PostFormAsync($"/contacts/{contactId}/delete", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await rep.PostFormAsync($"/accounts/{accountId}/delete", [])).StatusCode);
        Assert.Null(await factory.AccountAsync(accountId));
        Assert.Null(await factory.ContactAsync(contactId));
    }

    [Fact]
    public async Task A_rep_may_only_make_themself_owner()
    {
        var factory = fixture.Start();
        var (rep, repUser) = await factory.RepAsync();
        var (_, otherUser) = await factory.RepAsync();
        var name = Unique("Owner");

        var form = await rep.GetStringAsync("/accounts/create");
        var response = await rep.PostFormAsync("/accounts/create", Fields(("Form.Name", name), ("Form.OwnerId", Text(otherUser.Id)), ("Form.Version", "0")));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains($"<option selected=\"selected\" value=\"{repUser.Id}\">", form, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{otherUser.Id}\"", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("You can only make yourself the owner.", FieldError(html, "Form.OwnerId"));
        Assert.DoesNotContain($"value=\"{otherUser.Id}\"", html, StringComparison.Ordinal);
        Assert.Empty(RowIds(await rep.GetStringAsync("/accounts?q=" + name), "data-account"));
    }

    [Fact]
    public async Task A_user_without_create_gets_403_and_one_who_may_view_but_not_edit_gets_403_on_edit()
    {
        var factory = fixture.Start();
        var admin = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var role = await factory.CreateRoleAsync(view: AccessLevel.All, create: AccessLevel.None, edit: AccessLevel.None, delete: AccessLevel.None);
        var (reader, readerUser) = await factory.UserAsync([role]);
        var name = Unique("Read only");
        var accountId = await admin.CreateAccountAsync(name, adminId);
        var contactId = await admin.CreateContactAsync("Read", Unique("Only"), adminId);

        var responses = new[]
        {
            await reader.GetAsync("/accounts/create"),
            await reader.PostFormAsync("/accounts/create", Fields(("Form.Name", Unique("Refused")), ("Form.OwnerId", Text(readerUser.Id)), ("Form.Version", "0"))),
            await reader.GetAsync("/contacts/create"),
            await reader.PostFormAsync("/contacts/create", Fields(("Form.LastName", "Refused"), ("Form.OwnerId", Text(readerUser.Id)), ("Form.Version", "0"))),
            await reader.GetAsync($"/accounts/{accountId}/edit"),
            await reader.PostFormAsync($"/accounts/{accountId}/edit", Fields(("Form.Name", "Changed"), ("Form.OwnerId", Text(adminId)), ("Form.Version", "0"))),
            await reader.GetAsync($"/contacts/{contactId}/edit"),
            await reader.PostFormAsync($"/contacts/{contactId}/edit", Fields(("Form.LastName", "Changed"), ("Form.OwnerId", Text(adminId)), ("Form.Version", "0"))),
            await reader.PostFormAsync($"/accounts/{accountId}/delete", []),
            await reader.PostFormAsync($"/contacts/{contactId}/delete", []),
        };
        var page = await reader.GetStringAsync($"/accounts/{accountId}");

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(name, (await factory.AccountAsync(accountId))!.Name);
        Assert.NotNull(await factory.ContactAsync(contactId));
        Assert.DoesNotContain($"/accounts/{accountId}/edit", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"/accounts/{accountId}/delete", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"create-account\"", await reader.GetStringAsync("/accounts"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_a_contact_keeps_its_link_to_an_account_the_editor_cannot_see()
    {
        var factory = fixture.Start();
        var admin = await factory.AdminAsync();
        var (rep, repUser) = await factory.RepAsync();
        var accountName = Unique("Managers");
        var accountId = await admin.CreateAccountAsync(accountName, await factory.UserIdAsync("admin"));
        var contactId = await admin.CreateContactAsync("Shared", Unique("Contact"), repUser.Id, accountName: accountName);

        var details = await rep.GetStringAsync($"/contacts/{contactId}");
        var form = await rep.GetStringAsync($"/contacts/{contactId}/edit");
        var response = await rep.PostFormAsync($"/contacts/{contactId}/edit", Fields(
            ("Form.LastName", "Edited"), ("Form.AccountId", InputValue(form, "Form.AccountId")), ("Form.AccountName", ""),
            ("Form.OwnerId", Text(repUser.Id)), ("Form.Version", InputValue(form, "Form.Version"))));

        Assert.DoesNotContain(accountName, details, StringComparison.Ordinal);
        Assert.DoesNotContain(accountName, form, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"hidden-account\"", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var contact = await factory.ContactAsync(contactId);
        Assert.Equal(("Edited", (int?)accountId), (contact!.LastName, contact.AccountId));
    }
}

public sealed class SqliteCustomerPermissionTests(SqliteAppFixture fixture) : CustomerPermissionTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresCustomerPermissionTests(PostgresAppFixture fixture) : CustomerPermissionTests(fixture), IClassFixture<PostgresAppFixture>;
