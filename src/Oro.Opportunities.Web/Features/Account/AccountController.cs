using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Web.Infrastructure;

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
public sealed class AccountController(SignInManager<AppUser> signInManager, IValidator<LoginModel> validator, ILogger<AccountController> logger) : Controller
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

        // The cookie always expires after the idle timeout; "remember me" only keeps it across browser restarts.
        var result = await signInManager.PasswordSignInAsync(model.UserName.Trim(), model.Password, model.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserName} signed in.", model.UserName);
            return LocalRedirect(SafeReturnUrl(model.ReturnUrl));
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("User {UserName} is locked out.", model.UserName);
            ModelState.AddModelError(string.Empty, "This account is locked after too many failed sign-in attempts. Try again in 15 minutes or ask an administrator.");
        }
        else if (result.IsNotAllowed)
        {
            ModelState.AddModelError(string.Empty, "This account is disabled. Ask an administrator.");
        }
        else
        {
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

    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) && !returnUrl.StartsWith("/account/", StringComparison.OrdinalIgnoreCase)
            ? returnUrl
            : "/";
}
