using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Opportunities;

namespace Oro.Opportunities.Application.Opportunities;

public sealed record SavedViewItem(int Id, string Name, string Query, bool IsDefault)
{
    /// <summary>The grid at <paramref name="listPath"/> showing this view (its query, and its id so the page names it).</summary>
    public string UrlUnder(string listPath) => $"{listPath}{Query}{(Query.Contains('?', StringComparison.Ordinal) ? "&" : "?")}savedView={Id}";
}

/// <summary>Users' lists of saved views, per views revision (every save of a view bumps it).</summary>
public sealed class SavedViewCache : RevisionCache<(int UserId, string Grid), IReadOnlyList<SavedViewItem>>;

/// <summary>A user's own grid views: save as, rename, delete, set as default (spec §4).</summary>
public sealed class SavedViews(AppDbContext db, AccessControl accessControl, SavedViewCache? cache = null)
{
    public const string OpportunitiesGrid = "opportunities";

    /// <summary>The user's views of one grid (from the process cache while no view changed).</summary>
    public async Task<IReadOnlyList<SavedViewItem>> ListAsync(string grid, CancellationToken cancellationToken = default)
    {
        var userId = (await accessControl.GetAsync(cancellationToken)).UserId;
        async Task<IReadOnlyList<SavedViewItem>> LoadAsync() => await db.SavedGridViews.AsNoTracking()
            .Where(v => v.UserId == userId && v.Grid == grid)
            .OrderBy(v => v.Name)
            .Select(v => new SavedViewItem(v.Id, v.Name, v.Query, v.IsDefault))
            .ToListAsync(cancellationToken);
        return cache is null ? await LoadAsync() : await cache.GetOrAddAsync(db, Domain.Configuration.DataRevision.Views, (userId, grid), LoadAsync, cancellationToken: cancellationToken);
    }

    public async Task<SavedViewItem> SaveAsync(string grid, string name, string query, CancellationToken cancellationToken = default)
    {
        var userId = (await accessControl.GetAsync(cancellationToken)).UserId;
        var trimmed = ValidName(name);
        var cleanQuery = CleanQuery(query);
        var existing = await db.SavedGridViews.FirstOrDefaultAsync(v => v.UserId == userId && v.Grid == grid && v.Name == trimmed, cancellationToken);
        if (existing is null)
        {
            existing = new SavedGridView(userId, grid, trimmed, cleanQuery);
            db.SavedGridViews.Add(existing);
        }
        else
        {
            existing.Query = cleanQuery;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new SavedViewItem(existing.Id, existing.Name, existing.Query, existing.IsDefault);
    }

    /// <summary>Renames one of the user's views; the renamed view is returned (the grid shows it next).</summary>
    public async Task<SavedViewItem> RenameAsync(int id, string name, CancellationToken cancellationToken = default)
    {
        var view = await OwnAsync(id, cancellationToken);
        var trimmed = ValidName(name);
        if (await db.SavedGridViews.AnyAsync(v => v.UserId == view.UserId && v.Grid == view.Grid && v.Name == trimmed && v.Id != id, cancellationToken))
        {
            throw new DomainRuleException($"You already have a view named '{trimmed}'.", "Name");
        }

        view.Name = trimmed;
        await db.SaveChangesAsync(cancellationToken);
        return new SavedViewItem(view.Id, view.Name, view.Query, view.IsDefault);
    }

    public async Task DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        db.SavedGridViews.Remove(await OwnAsync(id, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Makes one view the user's default (or none, with null): the grid opens on it.</summary>
    public async Task SetDefaultAsync(string grid, int? id, CancellationToken cancellationToken = default)
    {
        var userId = (await accessControl.GetAsync(cancellationToken)).UserId;
        if (id is int viewId)
        {
            await OwnAsync(viewId, cancellationToken);
        }

        foreach (var view in await db.SavedGridViews.Where(v => v.UserId == userId && v.Grid == grid).ToListAsync(cancellationToken))
        {
            view.IsDefault = view.Id == id;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Why a stored view can no longer be opened (its filters fail today's rules), or null. The grid
    /// then falls back to the system default instead of failing on every visit.
    /// </summary>
    public static string? ProblemOf(SavedViewItem view) =>
        FirstProblem(view.Query)?.Replace("; it was ignored.", ".", StringComparison.Ordinal);

    public async Task<SavedViewItem?> DefaultAsync(string grid, CancellationToken cancellationToken = default) =>
        (await ListAsync(grid, cancellationToken)).FirstOrDefault(v => v.IsDefault);

    private async Task<SavedGridView> OwnAsync(int id, CancellationToken cancellationToken)
    {
        var userId = (await accessControl.GetAsync(cancellationToken)).UserId;
        return await db.SavedGridViews.FirstOrDefaultAsync(v => v.Id == id && v.UserId == userId, cancellationToken)
            ?? throw new Common.NotFoundException();
    }

    private static string ValidName(string name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        return trimmed.Length is 0 or > SavedGridView.NameMaxLength
            ? throw new DomainRuleException($"Give the view a name of at most {SavedGridView.NameMaxLength} characters.", "Name")
            : trimmed;
    }

    /// <summary>Keeps filters, sort, columns and page size; drops the page number and the saved-view id.</summary>
    private static string CleanQuery(string query)
    {
        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        var kept = parsed.Where(p => p.Key is not ("page" or "savedView" or "__RequestVerificationToken"))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)));
        var result = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(string.Empty, kept);
        if (result.Length > SavedGridView.QueryMaxLength)
        {
            throw new DomainRuleException("This view has too many filters to save.", "Name");
        }

        // A view is opened on every visit to the grid: one that would not bind must never be stored.
        return FirstProblem(result) is { } problem
            ? throw new DomainRuleException("This view cannot be saved. " + problem.Replace("; it was ignored.", ".", StringComparison.Ordinal), "Name")
            : result;
    }

    private static string? FirstProblem(string query) =>
        OpportunitySearchRules.CheckQuery(Pairs(query)) is [var first, ..] ? first : null;

    private static IEnumerable<KeyValuePair<string, string?>> Pairs(string query) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)));
}
