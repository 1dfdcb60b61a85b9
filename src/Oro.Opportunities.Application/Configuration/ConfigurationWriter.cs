using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Configuration;

namespace Oro.Opportunities.Application.Configuration;

/// <summary>
/// Saves configuration changes. Every change goes through <see cref="SaveAsync"/>, which bumps the
/// configuration revision in the same transaction, so every app instance's cache notices.
/// </summary>
public sealed class ConfigurationWriter(AppDbContext db)
{
    public AppDbContext Db => db;

    public async Task SetAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        var setting = await db.Settings.FindAsync([key], cancellationToken);
        if (setting is null)
        {
            db.Settings.Add(new SystemSetting(key, value));
        }
        else
        {
            setting.Value = value;
        }
    }

    public Task SetAsync(string key, bool value, CancellationToken cancellationToken = default) =>
        SetAsync(key, ConfigurationCache.Format(value), cancellationToken);

    /// <summary>
    /// Refuses a form built from an old revision before its changes are applied, so the user gets the
    /// "changed by someone else" message rather than a rule failure caused by someone else's change.
    /// </summary>
    public async Task EnsureRevisionAsync(long expectedRevision, CancellationToken cancellationToken = default)
    {
        if (await ConfigurationCache.ReadRevisionAsync(db, cancellationToken) != expectedRevision)
        {
            throw StaleForm();
        }
    }

    /// <summary>Bumps the revision and saves the pending changes; a concurrent change by someone else is refused.</summary>
    /// <param name="expectedRevision">The revision the user's form was built from; when given, a form
    /// built before someone else's change is refused instead of overwriting it.</param>
    public async Task SaveAsync(long? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        var revision = await db.ConfigurationRevisions.SingleAsync(r => r.Id == ConfigurationRevision.SingletonId, cancellationToken);
        if (expectedRevision is not null && expectedRevision != revision.Revision)
        {
            throw StaleForm();
        }

        revision.Revision++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new DomainRuleException(
                "The configuration was changed by someone else at the same time. Reload the page and try again.", ex);
        }
    }

    private static DomainRuleException StaleForm() => new(
        "The configuration was changed by someone else after you opened this page. Reload the page to see the current values.");
}
