namespace Oro.Opportunities.Application.Opportunities;

/// <summary>
/// Everything the create/edit form (and later import and the API) can set on an opportunity.
/// An account or contact is either picked (id) or typed as a new name, created on save. Checked by
/// <see cref="OpportunityInputValidator"/>, beside it.
/// </summary>
public sealed record OpportunityInput : IOpportunityFields
{
    public int? OwnerId { get; init; }

    public string Name { get; init; } = string.Empty;

    public int? AccountId { get; init; }

    public string? NewAccountName { get; init; }

    public int? ContactId { get; init; }

    public string? NewContactName { get; init; }

    public int? StatusId { get; init; }

    public int? Probability { get; init; }

    public decimal? BudgetAmount { get; init; }

    public string? BudgetCurrency { get; init; }

    public DateOnly? CloseDate { get; init; }

    public decimal? CloseRevenueAmount { get; init; }

    public string? CloseRevenueCurrency { get; init; }

    public string? CloseReasonCode { get; init; }

    public string? CustomerNeed { get; init; }

    public string? ProposedSolution { get; init; }

    public string? Notes { get; init; }

    /// <summary>The lead a conversion creates the opportunity from; absent on every other path.</summary>
    public int? LeadId { get; init; }
}
