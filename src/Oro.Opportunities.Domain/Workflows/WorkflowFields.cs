namespace Oro.Opportunities.Domain.Workflows;

/// <summary>How a workflow field's text is read and compared.</summary>
public enum WorkflowFieldKind
{
    Text = 0,
    Status = 1,
    Probability = 2,
    Money = 3,
    Date = 4,
    CloseReason = 5,
    Record = 6,
}

/// <summary>
/// A field of an entity that a workflow definition may name: in forms, conditions, effects and
/// restrictions. <see cref="StoredFields"/> are the entity's stored fields it covers (what a change's
/// event lists), <see cref="FormField"/> the name the entity's edit form and error messages use.
/// </summary>
public sealed record WorkflowField(string Name, string Label, WorkflowFieldKind Kind, string FormField, IReadOnlyList<string> StoredFields);

/// <summary>The entities workflows run on, and the fields of each that definitions may name.</summary>
public static class WorkflowEntities
{
    public const string Opportunity = "opportunity";

    private static readonly WorkflowField[] OpportunityFields =
    [
        new("name", "Opportunity name", WorkflowFieldKind.Text, "Name", ["Name"]),
        new("owner", "Owner", WorkflowFieldKind.Record, "OwnerId", ["OwnerId"]),
        new("account", "Account", WorkflowFieldKind.Record, "AccountId", ["AccountId"]),
        new("contact", "Contact", WorkflowFieldKind.Record, "ContactId", ["ContactId"]),
        new("status", "Status", WorkflowFieldKind.Status, "StatusId", ["StatusId"]),
        new("probability", "Probability", WorkflowFieldKind.Probability, "Probability", ["Probability"]),
        new("budget", "Budget amount", WorkflowFieldKind.Money, "BudgetAmount", ["BudgetAmount", "BudgetCurrency"]),
        new("closeDate", "Expected close date", WorkflowFieldKind.Date, "CloseDate", ["CloseDate"]),
        new("closeRevenue", "Close revenue", WorkflowFieldKind.Money, "CloseRevenueAmount", ["CloseRevenueAmount", "CloseRevenueCurrency"]),
        new("closeReason", "Close reason", WorkflowFieldKind.CloseReason, "CloseReasonCode", ["CloseReasonCode"]),
        new("customerNeed", "Customer need", WorkflowFieldKind.Text, "CustomerNeed", ["CustomerNeed"]),
        new("proposedSolution", "Proposed solution", WorkflowFieldKind.Text, "ProposedSolution", ["ProposedSolution"]),
        new("additionalComments", "Additional comments", WorkflowFieldKind.Text, "Notes", ["Notes"]),
    ];

    public static IReadOnlyList<string> Names { get; } = [Opportunity];

    /// <summary>The fields of <paramref name="entity"/>, or null when workflows do not run on it.</summary>
    public static IReadOnlyList<WorkflowField>? FieldsOf(string entity) => entity switch
    {
        Opportunity => OpportunityFields,
        _ => null,
    };

    public static WorkflowField? Field(string entity, string name) => FieldsOf(entity)?.FirstOrDefault(f => f.Name == name);

    public static string LabelOf(string entity) => entity switch
    {
        Opportunity => "Opportunity",
        _ => entity,
    };
}
