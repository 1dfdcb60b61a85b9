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

    public const string Lead = "lead";

    /// <summary>A lead's Qualify: the conversion to an opportunity (spec §9), the same use case as the Convert button.</summary>
    public const string ConvertLead = "convertLead";

    /// <summary>A lead's status New → Disqualified, as one lead change.</summary>
    public const string DisqualifyLead = "disqualifyLead";

    /// <summary>A lead's status Disqualified → New, as one lead change.</summary>
    public const string ReactivateLead = "reactivateLead";

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

    /// <summary>
    /// A lead's fields. <c>opportunityName</c> is stored nowhere on the lead (no stored fields): it names
    /// the opportunity a <see cref="ConvertLead"/> action creates, so only such a transition's form has it.
    /// </summary>
    private static readonly WorkflowField[] LeadFields =
    [
        new("name", "Lead name", WorkflowFieldKind.Text, "Name", ["Name"]),
        new("opportunityName", "Opportunity name", WorkflowFieldKind.Text, "OpportunityName", []),
        new("companyName", "Company name", WorkflowFieldKind.Text, "CompanyName", ["CompanyName"]),
        new("account", "Account", WorkflowFieldKind.Record, "AccountId", ["AccountId"]),
        new("contact", "Contact", WorkflowFieldKind.Record, "ContactId", ["ContactId"]),
        new("jobTitle", "Job title", WorkflowFieldKind.Text, "JobTitle", ["JobTitle"]),
        new("website", "Website", WorkflowFieldKind.Text, "Website", ["Website"]),
        new("industry", "Industry", WorkflowFieldKind.Text, "Industry", ["Industry"]),
        new("additionalComments", "Additional comments", WorkflowFieldKind.Text, "Notes", ["Notes"]),
    ];

    public static IReadOnlyList<string> Names { get; } = [Opportunity, Lead];

    /// <summary>The fields of <paramref name="entity"/>, or null when workflows do not run on it.</summary>
    public static IReadOnlyList<WorkflowField>? FieldsOf(string entity) => entity switch
    {
        Opportunity => OpportunityFields,
        Lead => LeadFields,
        _ => null,
    };

    /// <summary>The named actions an effect of a transition on <paramref name="entity"/> may run (a closed list: nothing in a file runs code).</summary>
    public static IReadOnlyList<string> ActionsOf(string entity) => entity switch
    {
        Lead => [ConvertLead, DisqualifyLead, ReactivateLead],
        _ => [],
    };

    /// <summary>Whether step restrictions are enforced on the entity's edit paths (opportunities only, for now).</summary>
    public static bool SupportsRestrictions(string entity) => entity == Opportunity;

    public static WorkflowField? Field(string entity, string name) => FieldsOf(entity)?.FirstOrDefault(f => f.Name == name);

    public static string LabelOf(string entity) => entity switch
    {
        Opportunity => "Opportunity",
        Lead => "Lead",
        _ => entity,
    };
}
