using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Oro.Opportunities.Application.Demo;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Web.Infrastructure.Security;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// One-shot commands that run with the app's own configuration (provider, data folder, connection
/// string) instead of the web server: <c>dotnet run --project src/Oro.Opportunities.Web -- seed-demo</c>,
/// <c>… -- reset-admin-password</c>.
/// </summary>
public static class Commands
{
    public const string SeedDemo = "seed-demo";

    public const string ResetAdminPassword = "reset-admin-password";

    private const string ResetUsage =
        "Usage: reset-admin-password [--password TEXT]\n" +
        "  --password TEXT    the new password of 'admin', at least 12 characters; without it one is generated and printed\n" +
        "  'admin' is also enabled, unlocked and made an Administrator again; its open sessions end.";

    private const string Usage =
        "Usage: seed-demo [--opportunities N] [--leads N] [--seed N] [--password TEXT] [--append]\n" +
        "  --opportunities N  how many opportunities to create (default 100000); accounts = N/20, contacts = 2 per account\n" +
        "  --leads N          how many leads to create (default N/10 of the opportunities); half are converted, some disqualified\n" +
        "  --seed N           random seed: the same seed gives the same data (default 42)\n" +
        "  --password TEXT    password of the demo users, at least 12 characters (default " + DemoDataOptions.DefaultPassword + ")\n" +
        "  --append           add to a database that already has opportunities (refused otherwise)";

    /// <summary>Runs the command named by the first argument, if any; false means "start the web app".</summary>
    public static async Task<bool> RunCommandAsync(this WebApplication app, string[] args)
    {
        if (args.Length > 0 && args[0] == ResetAdminPassword)
        {
            Environment.ExitCode = await RunResetAdminPasswordAsync(app, args[1..]);
            return true;
        }

        if (args.Length == 0 || args[0] != SeedDemo)
        {
            return false;
        }

        if (!TryParse(args.AsSpan(1), out var options, out var error))
        {
            await Console.Error.WriteLineAsync(error);
            await Console.Error.WriteLineAsync(Usage);
            Environment.ExitCode = 2;
            return true;
        }

        await app.InitializeAsync();
        using var scope = app.Services.CreateScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoDataSeeder>();
        Console.WriteLine($"Seeding demo data: {options.Opportunities:N0} opportunities, seed {options.Seed}{(options.Append ? ", appending" : string.Empty)}.");
        try
        {
            var result = await seeder.SeedAsync(options, message => Console.WriteLine("  " + message), app.Lifetime.ApplicationStopping);
            Print(result, options);
        }
        catch (DemoDataException ex)
        {
            await Console.Error.WriteLineAsync("seed-demo: " + ex.Message);
            Environment.ExitCode = 1;
        }

        return true;
    }

    private static async Task<int> RunResetAdminPasswordAsync(WebApplication app, string[] options)
    {
        if (!TryParseReset(options, out _, out var error))
        {
            await Console.Error.WriteLineAsync("reset-admin-password: " + error);
            await Console.Error.WriteLineAsync(ResetUsage);
            return 2;
        }

        // Start-up creates 'admin' when it is missing: then with a throwaway password, not printed, replaced below.
        app.Configuration["Admin:Password"] = AdminBootstrapper.GeneratePassword();
        await app.InitializeAsync();
        return await ResetAdminPasswordAsync(app.Services, options, Console.Out, Console.Error);
    }

    /// <summary>
    /// The <c>reset-admin-password</c> command on a migrated database (the one <paramref name="services"/> use):
    /// sets the password given with <c>--password</c>, or a generated one, which it prints (to the console only,
    /// never to the log). Returns the exit code: 0 done, 1 password refused by the rules (nothing changed), 2 wrong options.
    /// </summary>
    public static async Task<int> ResetAdminPasswordAsync(IServiceProvider services, IReadOnlyList<string> options, TextWriter output, TextWriter error)
    {
        if (!TryParseReset(options, out var password, out var problem))
        {
            await error.WriteLineAsync("reset-admin-password: " + problem);
            await error.WriteLineAsync(ResetUsage);
            return 2;
        }

        var generated = password is null;
        password ??= AdminBootstrapper.GeneratePassword();
        using var scope = services.CreateScope();
        var result = await AdminBootstrapper.ResetAdministratorAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), password);
        if (!result.Succeeded)
        {
            await error.WriteLineAsync("reset-admin-password: the password was refused, nothing changed: " + string.Join(" ", result.Errors.Select(e => e.Description)));
            return 1;
        }

        await output.WriteLineAsync($"The password of '{AdminBootstrapper.AdminUserName}' was reset; the account is enabled, unlocked and an Administrator, and its open sessions have ended.");
        if (generated)
        {
            await output.WriteLineAsync($"New password: {password}");
        }

        return 0;
    }

    private static bool TryParseReset(IReadOnlyList<string> args, out string? password, out string error)
    {
        password = null;
        error = string.Empty;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] != "--password")
            {
                error = $"Unknown option '{args[i]}'.";
                return false;
            }

            if (i + 1 >= args.Count)
            {
                error = "--password needs a value.";
                return false;
            }

            password = args[++i];
            if (password.Length < 12)
            {
                error = "--password needs at least 12 characters.";
                return false;
            }
        }

        return true;
    }

    private static void Print(DemoDataResult result, DemoDataOptions options)
    {
        Console.WriteLine();
        Console.WriteLine($"Created {result.Opportunities:N0} opportunities, {result.Accounts:N0} accounts, {result.Contacts:N0} contacts in {result.Elapsed.TotalSeconds:F1} s " +
            $"(opportunities alone: {result.OpportunitiesElapsed.TotalSeconds:F1} s, {result.Opportunities / Math.Max(0.001, result.OpportunitiesElapsed.TotalSeconds):N0} rows/s).");
        Console.WriteLine("By status: " + string.Join(", ", result.OpportunitiesByStatus.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value:N0}")));
        Console.WriteLine($"Leads: {result.Leads:N0} (" + string.Join(", ", (result.LeadsByStatus ?? new Dictionary<string, int>()).OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value:N0}")) + ").");
        Console.WriteLine("Demo data has no change history: it is written straight to the tables, not through the audited save path.");
        Console.WriteLine();
        Console.WriteLine($"Demo users ({result.Teams} teams). Password of the new ones: {options.EffectivePassword}");
        foreach (var user in result.Users)
        {
            Console.WriteLine($"  {user.UserName,-24} {user.Role,-14} {user.Team,-14} {user.FullName}{(user.Created ? string.Empty : "  (already there, password unchanged)")}");
        }
    }

    private static bool TryParse(ReadOnlySpan<string> args, out DemoDataOptions options, out string error)
    {
        options = new DemoDataOptions();
        error = string.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--append")
            {
                options = options with { Append = true };
                continue;
            }

            if (name is not ("--opportunities" or "--leads" or "--seed" or "--password"))
            {
                error = $"Unknown option '{name}'.";
                return false;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value.";
                return false;
            }

            var value = args[++i];
            if (name == "--password")
            {
                if (value.Length < 12)
                {
                    error = "--password needs at least 12 characters.";
                    return false;
                }

                options = options with { Password = value };
                continue;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || (name == "--opportunities" && number < 1))
            {
                error = $"{name} needs a whole number{(name == "--opportunities" ? " of at least 1" : string.Empty)}, not '{value}'.";
                return false;
            }

            options = name switch
            {
                "--opportunities" => options with { Opportunities = number },
                "--leads" => options with { Leads = number },
                _ => options with { Seed = number },
            };
        }

        return true;
    }
}
