using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Oro.Opportunities.Data.Identity;

namespace Oro.Opportunities.Web.Infrastructure.Security;

/// <summary>
/// Identity's sign-in manager, plus: a disabled user can neither sign in nor keep a session; every
/// sign-in is a server-side session (<see cref="UserSessions"/>); and a sign-in attempt tells nothing
/// about the account to someone who does not know its password (issue 10): an unknown user name costs
/// the same password hash as a known one, and "locked" or "disabled" is only said after the right password.
/// </summary>
public sealed class OroSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    UserSessions sessions)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly AppUser DummyUser = new() { UserName = "no-such-user" };
    private static string? dummyHash;

    public override async Task<bool> CanSignInAsync(AppUser user) =>
        user.IsEnabled && await base.CanSignInAsync(user);

    public override async Task<AppUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsEnabled: true } ? user : null;
    }

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            // Hash the password anyway, so an unknown user name answers in the time a known one takes.
            dummyHash ??= UserManager.PasswordHasher.HashPassword(DummyUser, Guid.NewGuid().ToString("N"));
            _ = UserManager.PasswordHasher.VerifyHashedPassword(DummyUser, dummyHash, password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    /// <summary>
    /// The password is checked first; a wrong one is just "failed" (and counts towards the lockout),
    /// whatever the state of the account. Only the right password learns that the account is locked or disabled.
    /// </summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure)
    {
        var lockedOut = UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user);
        if (!await UserManager.CheckPasswordAsync(user, password))
        {
            if (lockoutOnFailure && !lockedOut && UserManager.SupportsUserLockout)
            {
                await UserManager.AccessFailedAsync(user);
            }

            return SignInResult.Failed;
        }

        if (lockedOut)
        {
            return SignInResult.LockedOut;
        }

        if (!await CanSignInAsync(user))
        {
            return SignInResult.NotAllowed;
        }

        if (UserManager.SupportsUserLockout && await UserManager.GetAccessFailedCountAsync(user) > 0)
        {
            await UserManager.ResetAccessFailedCountAsync(user);
        }

        return SignInResult.Success;
    }

    /// <summary>Every sign-in (and every refresh after a password change) starts a new server-side session and ends the one it replaces.</summary>
    public override async Task SignInWithClaimsAsync(AppUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var previous = sessions.Read(Context.User);
        var sessionId = await sessions.StartAsync(user.Id);
        if (previous is (var previousUser, { } previousSession) && previousUser == user.Id)
        {
            await sessions.EndAsync(previousUser, previousSession);
        }

        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims.Append(new Claim(UserSessions.SessionClaim, sessionId)));
    }

    public override async Task SignOutAsync()
    {
        if (sessions.Read(Context.User) is (var userId, { } sessionId))
        {
            await sessions.EndAsync(userId, sessionId);
        }

        await base.SignOutAsync();
    }

    /// <summary>Ends every session of the user on every device: the sessions are deleted and the security stamp rotated.</summary>
    public async Task SignOutEverywhereAsync(AppUser user)
    {
        await sessions.EndAllAsync(user.Id);
        await UserManager.UpdateSecurityStampAsync(user);
        await base.SignOutAsync();
    }
}
