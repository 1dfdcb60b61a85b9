using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Oro.Opportunities.Data;

namespace Oro.Opportunities.Web.Infrastructure.Security;

/// <summary>
/// Server-side sessions (issue 10): each sign-in is a row in Identity's user-token table
/// (<c>LoginProvider = "oro.session"</c>, <c>Name</c> = the session id carried in the cookie), and
/// every request checks that row and the user's security stamp in the database. Signing out deletes
/// the row; signing out everywhere and a password change rotate the stamp. A copied cookie is
/// therefore refused at once, on every app instance sharing the database.
/// </summary>
/// <remarks>
/// A check that found the session valid is remembered for the security revision it was made under
/// (<see cref="SessionCache"/>): ending a session, rotating a stamp or disabling a user bumps that
/// revision on every instance, so a request then pays one read of the revisions and no session query.
/// </remarks>
public sealed class UserSessions(AppDbContext db, IOptions<IdentityOptions> identityOptions, SessionCache cache)
{
    public const string LoginProvider = "oro.session";

    public const string SessionClaim = "oro.sid";

    public async Task<string> StartAsync(int userId, CancellationToken cancellationToken = default)
    {
        // Sessions past the absolute timeout can no longer be used: drop them while here.
        var cutoff = DateTimeOffset.UtcNow - IdentitySetup.AbsoluteTimeout;
        var old = (await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == LoginProvider).ToListAsync(cancellationToken))
            .Where(t => !DateTimeOffset.TryParse(t.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started) || started < cutoff)
            .ToList();
        db.UserTokens.RemoveRange(old);
        var id = Guid.NewGuid().ToString("N");
        db.UserTokens.Add(new IdentityUserToken<int>
        {
            UserId = userId,
            LoginProvider = LoginProvider,
            Name = id,
            Value = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        });
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }

    public async Task EndAsync(int userId, string sessionId, CancellationToken cancellationToken = default)
    {
        await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == LoginProvider && t.Name == sessionId).ExecuteDeleteAsync(cancellationToken);
        await DataRevisions.BumpAsync(db, Domain.Configuration.DataRevision.Security, cancellationToken);
    }

    public async Task EndAllAsync(int userId, CancellationToken cancellationToken = default)
    {
        await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == LoginProvider).ExecuteDeleteAsync(cancellationToken);
        await DataRevisions.BumpAsync(db, Domain.Configuration.DataRevision.Security, cancellationToken);
    }

    /// <summary>True when the cookie's session still exists and its stamp is the user's current one (and the user is enabled).</summary>
    public async Task<bool> IsValidAsync(ClaimsPrincipal? principal, CancellationToken cancellationToken = default)
    {
        if (Read(principal) is not (var userId, { } sessionId))
        {
            return false;
        }

        var stamp = principal!.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        // Only a valid answer is kept: a refused cookie is checked again (and is rare).
        return await cache.GetOrAddAsync(
            db,
            Domain.Configuration.DataRevision.Security,
            (userId, sessionId, stamp),
            () => db.Users.AsNoTracking()
                .Where(u => u.Id == userId && u.IsEnabled && u.SecurityStamp == stamp)
                .AnyAsync(u => db.UserTokens.Any(t => t.UserId == u.Id && t.LoginProvider == LoginProvider && t.Name == sessionId), cancellationToken),
            keep: valid => valid,
            cancellationToken: cancellationToken);
    }

    /// <summary>The user id and session id the principal carries (the session id is null for a cookie from before sessions existed).</summary>
    public (int UserId, string? SessionId)? Read(ClaimsPrincipal? principal) =>
        int.TryParse(principal?.FindFirstValue(identityOptions.Value.ClaimsIdentity.UserIdClaimType), NumberStyles.Integer, CultureInfo.InvariantCulture, out var userId)
            ? (userId, principal!.FindFirstValue(SessionClaim))
            : null;
}

/// <summary>Session checks found valid, per security revision (see <see cref="UserSessions"/>).</summary>
public sealed class SessionCache : RevisionCache<(int UserId, string SessionId, string? Stamp), bool>;
