using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Web.Infrastructure.Security;

/// <summary>
/// Creates the administrator <c>admin</c> on first start. The password comes from
/// <c>Admin:Password</c>; without one a random password is generated and printed once.
/// </summary>
public static class AdminBootstrapper
{
    public const string AdminUserName = AdministratorRules.BootstrapUserName;

    public static async Task EnsureAdministratorAsync(UserManager<AppUser> users, IConfiguration configuration, ILogger logger)
    {
        if (await users.FindByNameAsync(AdminUserName) is not null)
        {
            return;
        }

        var configured = configuration["Admin:Password"];
        var generated = string.IsNullOrEmpty(configured);
        var password = generated ? GeneratePassword() : configured!;

        var admin = new AppUser
        {
            UserName = AdminUserName,
            Email = "admin@example.com",
            FirstName = "System",
            LastName = "Administrator",
            CreatedAt = DateTime.UtcNow,
        };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(
                "Could not create the administrator: " + string.Join(" ", created.Errors.Select(e => e.Description)) +
                " Set Admin:Password (environment variable Oro__Admin__Password) to a password of at least 12 characters.");
        }

        await users.AddToRoleAsync(admin, SystemRoles.Administrator);
        logger.LogInformation("Created the administrator account '{UserName}'.", AdminUserName);
        if (generated)
        {
            // Printed to the console only, never to the log files.
            Console.WriteLine();
            Console.WriteLine("==================================================================");
            Console.WriteLine($" Administrator created. User name: {AdminUserName}");
            Console.WriteLine($" Password: {password}");
            Console.WriteLine(" This password is shown only once. Change it after signing in.");
            Console.WriteLine("==================================================================");
            Console.WriteLine();
        }
    }

    /// <summary>
    /// Recovers the administrator (the <c>reset-admin-password</c> command): a new password, checked by the
    /// password rules before anything changes, then the account enabled, unlocked and in the Administrator
    /// role again. The new security stamp ends its open sessions. Nothing changes when the password is refused.
    /// </summary>
    public static async Task<IdentityResult> ResetAdministratorAsync(UserManager<AppUser> users, string password)
    {
        var admin = await users.FindByNameAsync(AdminUserName)
            ?? throw new InvalidOperationException($"There is no user '{AdminUserName}'.");

        // The reset token path validates the password first and stores hash and security stamp in one save.
        var reset = await users.ResetPasswordAsync(admin, await users.GeneratePasswordResetTokenAsync(admin), password);
        if (!reset.Succeeded)
        {
            return reset;
        }

        admin.IsEnabled = true;
        (await users.SetLockoutEndDateAsync(admin, null)).ThrowIfFailed();
        (await users.ResetAccessFailedCountAsync(admin)).ThrowIfFailed();
        if (!await users.IsInRoleAsync(admin, SystemRoles.Administrator))
        {
            (await users.AddToRoleAsync(admin, SystemRoles.Administrator)).ThrowIfFailed();
        }

        return IdentityResult.Success;
    }

    /// <summary>20 characters without look-alikes (0/O, 1/l/I).</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }
}
