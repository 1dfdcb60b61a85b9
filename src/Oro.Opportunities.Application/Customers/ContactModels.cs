using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;

namespace Oro.Opportunities.Application.Customers;

/// <summary>The contacts grid state; <see cref="GridSearch.Q"/> matches the name or the e-mail.</summary>
public sealed class ContactSearch : GridSearch;

/// <summary>One row of the contacts grid; the account shows only when the user may see it.</summary>
public sealed record ContactListItem(
    int Id, string Name, string? Email, string? Phone, int? AccountId, string? AccountName, int OwnerId, string OwnerName, DateTime CreatedAt, bool CanEdit, bool CanDelete);

/// <summary>
/// What the create/edit form can set on a contact. The account is picked by id (the picker) or
/// typed by name; a name must match exactly one account the user may see.
/// </summary>
public sealed record ContactInput
{
    public PersonInput Person { get; init; } = new();

    public int? AccountId { get; init; }

    public string? AccountName { get; init; }

    public int? OwnerId { get; init; }
}

/// <summary>A contact as the edit form starts from it.</summary>
public sealed record ContactEditData(int Id, PersonInput Person, int? AccountId, string? AccountName, int OwnerId, long Version);

public sealed record ContactDetails(
    int Id,
    PersonInput Person,
    int? AccountId,
    string? AccountName,
    int OwnerId,
    string OwnerName,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool CanEdit,
    bool CanDelete,
    bool OpportunitiesEnabled,
    IReadOnlyList<OpportunityListItem> Opportunities,
    IReadOnlyList<HistoryEntry> History)
{
    public string Name => Person.FullName;
}
