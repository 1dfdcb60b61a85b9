using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Web.Infrastructure;
using Oro.Opportunities.Web.Infrastructure.Security;

namespace Oro.Opportunities.Web.Features.Account;

public sealed class LoginModel
{
    public string UserName { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class LoginModelValidator : AbstractValidator<LoginModel>
{
    public LoginModelValidator()
    {
        RuleFor(m => m.UserName).NotEmpty().WithMessage("Enter your user name.").MaximumLength(256);
        RuleFor(m => m.Password).NotEmpty().WithMessage("Enter your password.").MaximumLength(512);
    }
}

[Route("account")]
public sealed class AccountController(SignInManager<AppUser> signInManager, SignInThrottle throttle, IValidator<LoginModel> validator, ILogger<AccountController> logger) : Controller
{
    [AllowAnonymous]
    [HttpGet("login")]
    public IActionResult Login(string? returnUrl)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(SafeReturnUrl(returnUrl));
        }

        ViewData["Title"] = "Sign in";
        return View(new LoginModel { ReturnUrl = returnUrl });
    }

    [AllowAnonymous]
    [HttpPost("login")]
    public async Task<IActionResult> Login(LoginModel model)
    {
        ViewData["Title"] = "Sign in";
        if (!await validator.ValidateIntoAsync(model, ModelState))
        {
            return View(model);
        }

        // Throttled before the password check (ADR-0012), on the user name as Identity looks it up (its
        // ILookupNormalizer): only a wrong password counts, any other outcome gives the attempt's place back.
        var userName = model.UserName.Trim();
        using var attempt = throttle.TryBegin(signInManager.UserManager.NormalizeName(userName), HttpContext.Connection.RemoteIpAddress, out var retryAfter);
        if (attempt is null)
        {
            Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return StatusCode(StatusCodes.Status429TooManyRequests);
        }

        // The cookie always expires after the idle timeout; "remember me" only keeps it across browser restarts.
        var result = await signInManager.PasswordSignInAsync(userName, model.Password, model.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserName} signed in.", model.UserName);
            return LocalRedirect(SafeReturnUrl(model.ReturnUrl));
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("User {UserName} is locked out.", model.UserName);
            ModelState.AddModelError(string.Empty, "This account is locked after too many failed sign-in attempts. Try again later or ask an administrator to unlock it.");
        }
        // Locked and disabled are only reported to someone who gave the right password (OroSignInManager).
        else if (result.IsNotAllowed)
        {
            ModelState.AddModelError(string.Empty, "This account is disabled. Ask an administrator.");
        }
        else
        {
            attempt.Failed();
            ModelState.AddModelError(string.Empty, "The user name or password is not correct.");
        }

        model.Password = string.Empty;
        return View(model);
    }

    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await signInManager.SignOutAsync();
        return Redirect("/account/login");
    }

    /// <summary>Ends every session of this user, on every device (a lost laptop, a shared computer).</summary>
    [HttpPost("logout-everywhere")]
    public async Task<IActionResult> LogoutEverywhere()
    {
        if (await signInManager.UserManager.GetUserAsync(User) is { } user && signInManager is OroSignInManager oro)
        {
            await oro.SignOutEverywhereAsync(user);
            logger.LogInformation("User {UserName} signed out everywhere.", user.UserName);
        }

        this.Flash(FlashKind.Success, "You are signed out on every device.");
        return Redirect("/account/login");
    }

    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) && !returnUrl.StartsWith("/account/", StringComparison.OrdinalIgnoreCase)
            ? returnUrl
            : "/";
}
