using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Application.Users;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Web.Infrastructure;
using Oro.Opportunities.Web.Infrastructure.Security;

namespace Oro.Opportunities.Web.Features.Users;

[Authorize(Policy = Policies.ManageUsers)]
[Route("system/users")]
public sealed class UsersController(
    UserAdministration users,
    ICurrentUser currentUser,
    IValidator<UserCreateModel> createValidator,
    IValidator<UserEditModel> editValidator,
    IValidator<PasswordResetModel> passwordValidator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? search, int page = 1, CancellationToken cancellationToken = default)
    {
        ViewData.SetPage("Users", SystemCrumbs.System, new Breadcrumb("Users"));
        return View(new UserListPage(await users.ListAsync(search, page, cancellationToken), search));
    }

    [HttpGet("create")]
    public async Task<IActionResult> Create(CancellationToken cancellationToken)
    {
        await PrepareFormAsync("New user", cancellationToken);
        return View(new UserCreateModel());
    }

    [HttpPost("create")]
    public async Task<IActionResult> Create(UserCreateModel input, CancellationToken cancellationToken)
    {
        if (await createValidator.ValidateIntoAsync(input, ModelState, cancellationToken: cancellationToken))
        {
            try
            {
                var id = await users.CreateAsync(input.ToCommand(), input.Password, cancellationToken);
                this.Flash(FlashKind.Success, $"User '{input.UserName.Trim()}' created.");
                return RedirectToAction(nameof(Details), new { id });
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex);
            }
        }

        // Passwords are never sent back to the browser.
        input.Password = input.ConfirmPassword = string.Empty;
        await PrepareFormAsync("New user", cancellationToken);
        return View(input);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, [FromServices] TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(id, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }

        ViewData.SetPage(user.UserName, SystemCrumbs.System, SystemCrumbs.Users, new Breadcrumb(user.UserName));
        return View(new UserDetailsPage(user, user.StatusAt(clock.GetUtcNow()), user.Id == currentUser.UserId));
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(id, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }

        await PrepareFormAsync("Edit " + user.UserName, cancellationToken, user);
        return View(UserEditModel.From(user));
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, UserEditModel input, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(id, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }

        if (await editValidator.ValidateIntoAsync(input, ModelState, cancellationToken: cancellationToken))
        {
            try
            {
                await users.UpdateAsync(id, input.ToCommand(), cancellationToken);
                this.Flash(FlashKind.Success, $"User '{input.UserName.Trim()}' saved.");
                return RedirectToAction(nameof(Details), new { id });
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex);
            }
        }

        await PrepareFormAsync("Edit " + user.UserName, cancellationToken, user);
        return View(input);
    }

    [HttpPost("{id:int}/disable")]
    public Task<IActionResult> Disable(int id, CancellationToken cancellationToken) =>
        ActAsync(id, () => users.DisableAsync(id, cancellationToken), "disabled; their open sessions end within a minute");

    [HttpPost("{id:int}/enable")]
    public Task<IActionResult> Enable(int id) =>
        ActAsync(id, () => users.EnableAsync(id), "enabled");

    [HttpPost("{id:int}/unlock")]
    public Task<IActionResult> Unlock(int id) =>
        ActAsync(id, () => users.UnlockAsync(id), "unlocked");

    [HttpGet("{id:int}/reset-password")]
    public async Task<IActionResult> ResetPassword(int id, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(id, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }

        SetResetPasswordPage(user);
        return View(new PasswordResetModel());
    }

    [HttpPost("{id:int}/reset-password")]
    public async Task<IActionResult> ResetPassword(
        int id, PasswordResetModel input, [FromServices] SignInManager<AppUser> signInManager, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(id, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }

        if (await passwordValidator.ValidateIntoAsync(input, ModelState, cancellationToken: cancellationToken))
        {
            try
            {
                await users.ResetPasswordAsync(id, input.Password);
                if (id == currentUser.UserId && await signInManager.UserManager.FindByIdAsync(id.ToString(CultureInfo.InvariantCulture)) is { } me)
                {
                    // The new security stamp would otherwise end this administrator's own session too.
                    await signInManager.RefreshSignInAsync(me);
                }

                this.Flash(FlashKind.Success, $"The password of '{user.UserName}' was reset; their open sessions have ended.");
                return RedirectToAction(nameof(Details), new { id });
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex);
            }
        }

        input.Password = input.ConfirmPassword = string.Empty;
        SetResetPasswordPage(user);
        return View(input);
    }

    /// <summary>Runs a one-button action on a user and reports the outcome on the user's page.</summary>
    private async Task<IActionResult> ActAsync(int id, Func<Task> action, string outcome)
    {
        var user = await users.FindAsync(id, HttpContext.RequestAborted);
        if (user is null)
        {
            return NotFound();
        }

        try
        {
            await action();
            this.Flash(FlashKind.Success, $"User '{user.UserName}' {outcome}.");
        }
        catch (DomainRuleException ex)
        {
            this.Flash(FlashKind.Danger, ex.Message);
        }

        return RedirectToAction(nameof(Details), new { id });
    }

    private void SetResetPasswordPage(UserDetails user) =>
        ViewData.SetPage(
            "Reset password of " + user.UserName,
            SystemCrumbs.System,
            SystemCrumbs.Users,
            new Breadcrumb(user.UserName, Url.Action(nameof(Details), new { id = user.Id })),
            new Breadcrumb("Reset password"));

    private async Task PrepareFormAsync(string title, CancellationToken cancellationToken, UserDetails? user = null)
    {
        ViewData.SetPage(
            title,
            user is null
                ? [SystemCrumbs.System, SystemCrumbs.Users, new Breadcrumb("New user")]
                : [SystemCrumbs.System, SystemCrumbs.Users, new Breadcrumb(user.UserName, Url.Action(nameof(Details), new { id = user.Id })), new Breadcrumb("Edit")]);
        ViewData["OriginalUserName"] = user?.UserName;
        ViewData[nameof(UserFormLookups)] = new UserFormLookups(
            await users.GetTeamOptionsAsync(cancellationToken),
            await users.GetRoleOptionsAsync(cancellationToken));
    }
}
