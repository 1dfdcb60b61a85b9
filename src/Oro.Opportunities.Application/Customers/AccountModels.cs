using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;

namespace Oro.Opportunities.Application.Customers;

/// <summary>The accounts grid state, bound from the query string.</summary>
public sealed class AccountSearch : GridSearch;

/// <summary>
/// One row of the accounts grid. The opportunity count and the open pipeline (Σ base budget of
/// open deals) cover only the opportunities the user may see (spec §3.5).
/// </summary>
public sealed record AccountListItem(
    int Id, string Name, int OwnerId, string OwnerName, int OpportunityCount, decimal OpenPipeline, DateTime CreatedAt, DateTime UpdatedAt, bool CanEdit, bool CanDelete);

/// <summary>What the create/edit form can set on an account.</summary>
public sealed record AccountInput(string Name, int? OwnerId);

/// <summary>An account as the edit form starts from it.</summary>
public sealed record AccountEditData(int Id, string Name, int OwnerId, long Version);

public sealed record AccountContactItem(int Id, string Name, string? JobTitle, string? Email, string? Phone);

public sealed record AccountDetails(
    int Id,
    string Name,
    int OwnerId,
    string OwnerName,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool CanEdit,
    bool CanDelete,
    bool CanCreateOpportunity,
    bool CanCreateContact,
    bool OpportunitiesEnabled,
    string BaseCurrency,
    AccountDealSummary Summary,
    IReadOnlyList<OpportunityListItem> Deals,
    int DealCount,
    IReadOnlyList<AccountContactItem> Contacts,
    int ContactCount,
    IReadOnlyList<HistoryEntry> History);
