using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain.Configuration;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Domain.Statuses;

namespace Oro.Opportunities.Data;

/// <summary>
/// Applies pending migrations and seeds the reference data every installation needs
/// (roles and their matrices, statuses, close reasons, the base currency). Idempotent: it only
/// adds what is missing, so it runs on every start.
/// </summary>
public static class DatabaseInitializer
{
    public static async Task MigrateAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            // WAL lets readers run beside a writer; the setting is stored in the file.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        await db.Database.MigrateAsync(cancellationToken);

        if (db.Database.IsSqlite())
        {
            // Keeps the planner's statistics current as the data grows (cheap when nothing changed).
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize=0x10002;", cancellationToken);
        }
    }

    public static async Task SeedReferenceDataAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (!await db.ConfigurationRevisions.AnyAsync(cancellationToken))
        {
            db.ConfigurationRevisions.Add(new ConfigurationRevision { Id = ConfigurationRevision.SingletonId, Revision = 1 });
        }

        foreach (var name in new[] { DataRevision.Opportunities, DataRevision.Security, DataRevision.Views })
        {
            if (!await db.DataRevisions.AnyAsync(r => r.Name == name, cancellationToken))
            {
                db.DataRevisions.Add(new DataRevision(name) { Revision = 1 });
            }
        }

        if (!await db.OpportunityStatuses.AnyAsync(cancellationToken))
        {
            db.OpportunityStatuses.AddRange(OpportunityStatus.Defaults());
        }

        var reasons = await db.CloseReasons.Select(r => r.Code).ToListAsync(cancellationToken);
        db.CloseReasons.AddRange(CloseReason.Defaults().Where(r => !reasons.Contains(r.Code)));

        if (!await db.AllowedCurrencies.AnyAsync(cancellationToken))
        {
            db.AllowedCurrencies.Add(new AllowedCurrency("USD", 10));
            db.CurrencyRates.Add(new CurrencyRate("USD", "USD", 1m, DateTime.UnixEpoch, null));
        }

        await db.SaveChangesAsync(cancellationToken);
        await SeedRolesAsync(db, cancellationToken);
    }

    private static async Task SeedRolesAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        foreach (var roleName in SystemRoles.All)
        {
            var normalized = roleName.ToUpperInvariant();
            if (await db.Roles.AnyAsync(r => r.NormalizedName == normalized, cancellationToken))
            {
                continue;
            }

            var role = new AppRole(roleName)
            {
                NormalizedName = normalized,
                IsSystem = true,
                Description = roleName switch
                {
                    SystemRoles.Administrator => "Full access to every record and every system page.",
                    SystemRoles.SalesManager => "All sales records, import and export.",
                    _ => "Own opportunities and leads; create; import and export own records.",
                },
                ConcurrencyStamp = Guid.NewGuid().ToString(),
            };
            db.Roles.Add(role);
            await db.SaveChangesAsync(cancellationToken);

            foreach (var entity in Enum.GetValues<SecuredEntity>())
            {
                foreach (var action in Enum.GetValues<PermissionAction>())
                {
                    db.RolePermissions.Add(new RolePermission(role.Id, entity, action, SystemRoles.DefaultLevel(roleName, entity, action)));
                }
            }

            db.RoleCapabilities.AddRange(SystemRoles.DefaultCapabilities(roleName).Select(c => new RoleCapability(role.Id, c)));
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
