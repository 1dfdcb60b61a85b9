using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Workflows;

namespace Oro.Opportunities.Application.Workflows;

/// <summary>A definition was refused: every error with its place.</summary>
public sealed class WorkflowDefinitionRejectedException(IReadOnlyList<WorkflowDefinitionError> errors)
    : Exception($"The workflow definition has {errors.Count} error(s).")
{
    public IReadOnlyList<WorkflowDefinitionError> Errors => errors;
}

/// <summary>Activating needs the active workflows of the same exclusive group deactivated first; the user is asked.</summary>
public sealed class WorkflowGroupConflictException(string workflow, IReadOnlyList<CatalogEntry> conflicting)
    : Exception($"Another workflow of the same exclusive group is active: {string.Join(", ", conflicting.Select(c => c.Label))}.")
{
    public string Workflow => workflow;

    public IReadOnlyList<CatalogEntry> Conflicting => conflicting;
}

/// <summary>
/// System → Workflows (spec §6): the shipped system workflows, uploads of custom ones, activation
/// within exclusive groups. Activation is configuration: it bumps the configuration revision, so every
/// node's catalog and every change applied with the old one notice (ADR-0009, ADR-0014).
/// </summary>
public sealed class WorkflowAdministration(AppDbContext db, ConfigurationWriter writer, WorkflowCatalogCache catalogs, TimeProvider clock, IOptions<WorkflowDefinitionLimits> limits)
{
    /// <summary>The workflows shipped as files (embedded resources beside the schema).</summary>
    public static readonly IReadOnlyList<string> SystemDefinitionFiles = ["opportunity_flow.yaml", "opportunity_support_flow.yaml", "unqualified_sales_lead.yaml"];

    public static string SystemDefinitionText(string file)
    {
        var name = $"Oro.Opportunities.Application.Workflows.Definitions.{file}";
        using var stream = typeof(WorkflowAdministration).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"The resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async Task<WorkflowCatalog> CatalogAsync(CancellationToken cancellationToken = default) =>
        await catalogs.GetAsync(db, await DataRevisions.CurrentAsync(db, DataRevisions.Configuration, cancellationToken), cancellationToken);

    /// <summary>
    /// On start: the shipped definitions are stored (inactive, every role may perform every transition)
    /// or, when the shipped file changed, their stored document follows it; the active state stays.
    /// </summary>
    public async Task EnsureSystemDefinitionsAsync(CancellationToken cancellationToken = default)
    {
        var changed = false;
        foreach (var file in SystemDefinitionFiles)
        {
            var text = SystemDefinitionText(file);
            var definition = WorkflowDefinitionReader.ReadValid(text, file);
            var stored = await db.WorkflowDefinitions.FirstOrDefaultAsync(w => w.Name == definition.Name, cancellationToken);
            if (stored is null)
            {
                db.WorkflowDefinitions.Add(new WorkflowDefinitionRecord(definition, text, isSystem: true, Now));
                await GrantAsync(definition, cancellationToken);
                changed = true;
            }
            else if (stored.Content != text)
            {
                stored.Replace(definition, text);
                changed = true;
            }
        }

        if (changed)
        {
            await writer.SaveAsync(cancellationToken: cancellationToken);
        }
    }

    /// <summary>The limits uploads are read under (the page states the size).</summary>
    public WorkflowDefinitionLimits Limits => limits.Value;

    /// <summary>Stores an uploaded file (UTF-8, read under <see cref="Limits"/>) as a new, inactive workflow; refused with every error found.</summary>
    public async Task<string> UploadAsync(ReadOnlyMemory<byte> file, CancellationToken cancellationToken = default)
    {
        var result = WorkflowDefinitionReader.Read(file.Span, Limits);
        if (result.Definition is not { } definition)
        {
            throw new WorkflowDefinitionRejectedException(result.Errors);
        }

        var text = System.Text.Encoding.UTF8.GetString(file.Span).TrimStart('\uFEFF');
        if (text.Length > WorkflowDefinitionRecord.ContentMaxLength)
        {
            throw new WorkflowDefinitionRejectedException([new(null, "(document)", $"The file is larger than {WorkflowDefinitionRecord.ContentMaxLength:N0} characters.")]);
        }

        var errors = new List<WorkflowDefinitionError>();
        if (await db.WorkflowDefinitions.AnyAsync(w => w.Name == definition.Name, cancellationToken))
        {
            errors.Add(new(LineOfName(text), "name", $"A workflow named '{definition.Name}' exists already. Give the new one another name."));
        }

        var roleNames = await db.Roles.AsNoTracking().Select(r => r.Name!).ToListAsync(cancellationToken);
        foreach (var (transition, index) in definition.Transitions.Select((t, i) => (t, i)))
        {
            foreach (var role in transition.Roles ?? [])
            {
                if (!roleNames.Contains(role, StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add(new(null, $"transitions[{index}].roles", $"There is no role '{role}'. Roles: {string.Join(", ", roleNames)}."));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new WorkflowDefinitionRejectedException(errors);
        }

        db.WorkflowDefinitions.Add(new WorkflowDefinitionRecord(definition, text, isSystem: false, Now));
        await GrantAsync(definition, cancellationToken);
        await writer.SaveAsync(cancellationToken: cancellationToken);
        return definition.Name;
    }

    /// <summary>
    /// Activates a workflow. Active workflows of the same exclusive group are deactivated only when the
    /// user confirmed exactly those (<paramref name="deactivate"/>); otherwise the user is asked.
    /// </summary>
    public async Task ActivateAsync(string name, IReadOnlyCollection<string>? deactivate = null, CancellationToken cancellationToken = default)
    {
        var catalog = await CatalogAsync(cancellationToken);
        var entry = catalog.Find(name) ?? throw new NotFoundException("There is no such workflow.");
        if (entry.Definition is null)
        {
            throw new DomainRuleException($"The {entry.Label} cannot be activated: its definition is not valid ({string.Join("; ", entry.Errors)}).");
        }

        var conflicting = catalog.Entries
            .Where(e => e.IsActive && e.Name != name && e.Entity == entry.Entity && e.Groups.Intersect(entry.Groups).Any())
            .ToList();
        if (conflicting.Count > 0 && (deactivate is null || !conflicting.All(c => deactivate.Contains(c.Name))))
        {
            throw new WorkflowGroupConflictException(name, conflicting);
        }

        var names = conflicting.Select(c => c.Name).Append(name).ToList();
        var records = await db.WorkflowDefinitions.Where(w => names.Contains(w.Name)).ToListAsync(cancellationToken);
        foreach (var record in records)
        {
            if (record.Name == name)
            {
                record.Activate(Now);
            }
            else
            {
                record.Deactivate();
            }
        }

        await writer.SaveAsync(cancellationToken: cancellationToken);
    }

    public async Task DeactivateAsync(string name, CancellationToken cancellationToken = default)
    {
        var record = await db.WorkflowDefinitions.FirstOrDefaultAsync(w => w.Name == name, cancellationToken) ?? throw new NotFoundException("There is no such workflow.");
        record.Deactivate();
        await writer.SaveAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Deletes an uploaded workflow that is not active; records' steps in it go too, their history stays.</summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var record = await db.WorkflowDefinitions.FirstOrDefaultAsync(w => w.Name == name, cancellationToken) ?? throw new NotFoundException("There is no such workflow.");
        if (record.IsSystem)
        {
            throw new DomainRuleException("A system workflow cannot be deleted; deactivate it instead.");
        }

        if (record.IsActive)
        {
            throw new DomainRuleException("Deactivate the workflow before deleting it.");
        }

        db.WorkflowDefinitions.Remove(record);
        await db.WorkflowItems.Where(i => i.WorkflowName == name).ExecuteDeleteAsync(cancellationToken);
        await db.WorkflowTransitionGrants.Where(g => g.WorkflowName == name).ExecuteDeleteAsync(cancellationToken);
        await writer.SaveAsync(cancellationToken: cancellationToken);
    }

    /// <summary>The stored document, for download.</summary>
    public async Task<(string Name, string Content)> DocumentAsync(string name, CancellationToken cancellationToken = default) =>
        await db.WorkflowDefinitions.AsNoTracking().Where(w => w.Name == name).Select(w => new ValueTuple<string, string>(w.Name, w.Content)).FirstOrDefaultAsync(cancellationToken) is { Item1: not null } found
            ? found
            : throw new NotFoundException("There is no such workflow.");

    /// <summary>The roles that may perform each transition of a workflow (role names by transition).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> PerformersAsync(string workflow, CancellationToken cancellationToken = default)
    {
        var rows = await (from grant in db.WorkflowTransitionGrants
                          join role in db.Roles on grant.RoleId equals role.Id
                          where grant.WorkflowName == workflow
                          orderby role.Name
                          select new { grant.Transition, Role = role.Name! }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Transition).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(r => r.Role).ToList());
    }

    /// <summary>The transitions a role may perform, as (workflow, transition) pairs.</summary>
    public async Task<IReadOnlySet<(string Workflow, string Transition)>> GrantsOfRoleAsync(int roleId, CancellationToken cancellationToken = default) =>
        (await db.WorkflowTransitionGrants.AsNoTracking().Where(g => g.RoleId == roleId).Select(g => new { g.WorkflowName, g.Transition }).ToListAsync(cancellationToken))
            .Select(g => (g.WorkflowName, g.Transition)).ToHashSet();

    /// <summary>
    /// Sets the transitions a role may perform (System → Roles → Workflow transitions). Pairs naming no
    /// transition of a stored workflow are ignored. The security revision moves (access caches follow).
    /// </summary>
    public async Task SetGrantsOfRoleAsync(int roleId, IReadOnlyCollection<(string Workflow, string Transition)> grants, CancellationToken cancellationToken = default)
    {
        if (!await db.Roles.AnyAsync(r => r.Id == roleId, cancellationToken))
        {
            throw new NotFoundException("There is no such role.");
        }

        var catalog = await CatalogAsync(cancellationToken);
        var known = grants.Where(g => catalog.Find(g.Workflow)?.Definition?.Transition(g.Transition) is not null).ToHashSet();
        var stored = await db.WorkflowTransitionGrants.Where(g => g.RoleId == roleId).ToListAsync(cancellationToken);
        db.WorkflowTransitionGrants.RemoveRange(stored.Where(g => !known.Contains((g.WorkflowName, g.Transition))));
        foreach (var (workflow, transition) in known.Where(k => !stored.Any(g => g.WorkflowName == k.Workflow && g.Transition == k.Transition)))
        {
            db.WorkflowTransitionGrants.Add(new WorkflowTransitionGrant(roleId, workflow, transition));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>New definition: its transitions' roles (or every role) may perform them.</summary>
    private async Task GrantAsync(WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        var roles = await db.Roles.AsNoTracking().Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken);
        await db.WorkflowTransitionGrants.Where(g => g.WorkflowName == definition.Name).ExecuteDeleteAsync(cancellationToken);
        foreach (var transition in definition.Transitions)
        {
            foreach (var role in roles.Where(r => transition.Roles is null || transition.Roles.Contains(r.Name!, StringComparer.OrdinalIgnoreCase)))
            {
                db.WorkflowTransitionGrants.Add(new WorkflowTransitionGrant(role.Id, definition.Name, transition.Name));
            }
        }
    }

    private static int? LineOfName(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimStart(' ', '{', '"');
            if (line.StartsWith("name", StringComparison.Ordinal) && lines[i].Length - lines[i].TrimStart().Length == 0)
            {
                return i + 1;
            }
        }

        return null;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
