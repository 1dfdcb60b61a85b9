using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;

// CA1862: these comparisons run in SQL; EF Core translates ToLower() but not the StringComparison overloads.
#pragma warning disable CA1862

namespace Oro.Opportunities.Application.Records;

/// <summary>
/// The account and contact pickers of the record forms: a record picked from the list (its id and
/// the name shown agree), else the one record the user may see with the typed name. An empty field
/// clears the link, except that a link to a record the user cannot see (so the form could not show
/// it) is kept.
/// </summary>
public static class RecordPickers
{
    public static async Task<int?> AccountAsync(AppDbContext db, UserAccess access, int? pickedId, string? typedName, int? current, string field, CancellationToken cancellationToken)
    {
        var visible = db.Accounts.AsNoTracking().Permitted(db, access);
        var name = typedName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return await KeptAsync(visible.Select(a => a.Id), pickedId, current, cancellationToken);
        }

        var lower = name.ToLowerInvariant();
        var named = visible.Where(a => a.Name.ToLower() == lower).Select(a => a.Id);
        return await ChooseAsync(named, pickedId, name, "account", field, cancellationToken);
    }

    public static async Task<int?> ContactAsync(AppDbContext db, UserAccess access, int? pickedId, string? typedName, int? current, string field, CancellationToken cancellationToken)
    {
        var visible = db.Contacts.AsNoTracking().Permitted(db, access);
        var name = typedName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return await KeptAsync(visible.Select(c => c.Id), pickedId, current, cancellationToken);
        }

        var lower = name.ToLowerInvariant();
        var named = visible.Where(c => (c.FirstName + " " + c.LastName).Trim().ToLower() == lower).Select(c => c.Id);
        return await ChooseAsync(named, pickedId, name, "contact", field, cancellationToken);
    }

    private static async Task<int?> KeptAsync(IQueryable<int> visibleIds, int? pickedId, int? current, CancellationToken cancellationToken) =>
        pickedId is int kept && kept == current && !await visibleIds.AnyAsync(id => id == kept, cancellationToken) ? kept : null;

    private static async Task<int?> ChooseAsync(IQueryable<int> named, int? pickedId, string name, string noun, string field, CancellationToken cancellationToken)
    {
        if (pickedId is int picked && await named.AnyAsync(id => id == picked, cancellationToken))
        {
            return picked;
        }

        var matches = await named.Take(2).ToListAsync(cancellationToken);
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new DomainRuleException($"There is no {noun} named \"{name}\". Pick one from the list.", field),
            _ => throw new DomainRuleException($"Several {noun}s are named \"{name}\". Pick one from the list.", field),
        };
    }
}
