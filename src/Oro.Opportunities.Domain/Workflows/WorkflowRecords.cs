namespace Oro.Opportunities.Domain.Workflows;

/// <summary>A stored workflow definition: its document (YAML or JSON, as uploaded) and whether it is active.</summary>
public sealed class WorkflowDefinitionRecord
{
    public const int NameMaxLength = 100;
    public const int LabelMaxLength = 255;
    public const int ContentMaxLength = 200_000;

    private WorkflowDefinitionRecord()
    {
        Name = Label = Entity = ExclusiveGroups = Content = string.Empty;
    }

    public WorkflowDefinitionRecord(WorkflowDefinition definition, string content, bool isSystem, DateTime now)
    {
        Name = definition.Name;
        IsSystem = isSystem;
        CreatedAt = now;
        Label = Entity = ExclusiveGroups = Content = string.Empty;
        Replace(definition, content);
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public string Label { get; private set; }

    public string Entity { get; private set; }

    /// <summary>The exclusive active groups, comma-separated (for the list page; the document is the source).</summary>
    public string ExclusiveGroups { get; private set; }

    public string Content { get; private set; }

    public bool IsSystem { get; private set; }

    public bool IsActive { get; private set; }

    /// <summary>When it was last activated: records created since then start in its start step.</summary>
    public DateTime? ActivatedAt { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public IReadOnlyList<string> Groups => ExclusiveGroups.Length == 0 ? [] : ExclusiveGroups.Split(',');

    /// <summary>A system definition's shipped document changed: the stored one follows it (the active state stays).</summary>
    public void Replace(WorkflowDefinition definition, string content)
    {
        Label = definition.Label;
        Entity = definition.Entity;
        ExclusiveGroups = string.Join(',', definition.ExclusiveGroups);
        Content = content;
    }

    public void Activate(DateTime now)
    {
        if (!IsActive)
        {
            IsActive = true;
            ActivatedAt = now;
        }
    }

    public void Deactivate() => IsActive = false;
}

/// <summary>Where one record stands in one workflow. Its <see cref="Version"/> makes two transitions at once one winner.</summary>
public sealed class WorkflowItem
{
    private WorkflowItem()
    {
        WorkflowName = Entity = Step = string.Empty;
    }

    public WorkflowItem(string workflowName, string entity, int entityId, string step, DateTime now)
    {
        WorkflowName = workflowName;
        Entity = entity;
        EntityId = entityId;
        Step = step;
        StartedAt = UpdatedAt = now;
    }

    public long Id { get; private set; }

    public string WorkflowName { get; private set; }

    public string Entity { get; private set; }

    public int EntityId { get; private set; }

    public string Step { get; private set; }

    public DateTime StartedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public long Version { get; private set; }

    public void MoveTo(string step, DateTime now)
    {
        Step = step;
        UpdatedAt = now;
        Version++;
    }
}

/// <summary>One run transition, kept for good (append-only): who, when, from which step to which, and the form's values.</summary>
public sealed class WorkflowTransitionLog
{
    private WorkflowTransitionLog()
    {
        WorkflowName = Entity = Transition = ToStep = Data = string.Empty;
    }

    public WorkflowTransitionLog(string workflowName, string entity, int entityId, string transition, string? fromStep, string toStep, int userId, DateTime at, string data)
    {
        WorkflowName = workflowName;
        Entity = entity;
        EntityId = entityId;
        Transition = transition;
        FromStep = fromStep;
        ToStep = toStep;
        UserId = userId;
        At = at;
        Data = data;
    }

    public long Id { get; private set; }

    public string WorkflowName { get; private set; }

    public string Entity { get; private set; }

    public int EntityId { get; private set; }

    public string Transition { get; private set; }

    public string? FromStep { get; private set; }

    public string ToStep { get; private set; }

    public int UserId { get; private set; }

    public DateTime At { get; private set; }

    /// <summary>The form's values as JSON (field name → text as entered).</summary>
    public string Data { get; private set; }
}

/// <summary>A role may perform a workflow's transition (spec §11, "Perform").</summary>
public sealed class WorkflowTransitionGrant
{
    public WorkflowTransitionGrant(int roleId, string workflowName, string transition)
    {
        RoleId = roleId;
        WorkflowName = workflowName;
        Transition = transition;
    }

    public int RoleId { get; private set; }

    public string WorkflowName { get; private set; }

    public string Transition { get; private set; }
}
