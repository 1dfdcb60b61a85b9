using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Domain.Leads;

namespace Oro.Opportunities.Application.Leads;

/// <summary>
/// The leads grid state (spec §9): the view (Open Leads = status New, the default; All Leads), filters,
/// sort and page, bound from the query string so a URL — and a saved view — reproduces what the user saw.
/// </summary>
public sealed class LeadSearch : GridSearch
{
    public const string OpenView = "open";
    public const string AllView = "all";

    /// <summary>open (default) or all.</summary>
    public string? View { get; set; }

    /// <summary>Lead name contains.</summary>
    public string? Name { get; set; }

    /// <summary>Person (first and last name) contains.</summary>
    public string? Person { get; set; }

    public string? Company { get; set; }

    /// <summary>Primary e-mail contains.</summary>
    public string? Email { get; set; }

    public List<string> Status { get; set; } = [];

    public string? Source { get; set; }

    public List<int> Owner { get; set; } = [];

    public DateOnly? CreatedFrom { get; set; }

    public DateOnly? CreatedTo { get; set; }

    public DateOnly? UpdatedFrom { get; set; }

    public DateOnly? UpdatedTo { get; set; }

    public string EffectiveView => View == AllView ? AllView : OpenView;
}

/// <summary>One row of the leads grid; the account shows only when the user may see it.</summary>
public sealed record LeadListItem(
    int Id,
    string Name,
    string PersonName,
    string? CompanyName,
    string? Email,
    string? Phone,
    string StatusCode,
    string? SourceCode,
    int? AccountId,
    string? AccountName,
    int OwnerId,
    string OwnerName,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version,
    bool CanEdit,
    bool CanDelete)
{
    public string StatusLabel => LeadStatus.Label(StatusCode);
}

/// <summary>What the create/edit form (and an import row) can set on a lead.</summary>
public sealed record LeadInput
{
    public string Name { get; init; } = string.Empty;

    public PersonInput Person { get; init; } = new();

    public string? CompanyName { get; init; }

    public string? Website { get; init; }

    public int? NumberOfEmployees { get; init; }

    public string? Industry { get; init; }

    public string? SourceCode { get; init; }

    public string? Notes { get; init; }

    public string? Twitter { get; init; }

    public string? LinkedIn { get; init; }

    /// <summary>Picked from the account list (with <see cref="AccountName"/> as shown), or typed by name; optional.</summary>
    public int? AccountId { get; init; }

    public string? AccountName { get; init; }

    /// <summary>Picked from the contact list (with <see cref="ContactName"/> as shown), or typed by name; optional.</summary>
    public int? ContactId { get; init; }

    public string? ContactName { get; init; }

    public int? OwnerId { get; init; }

    /// <summary>The change this input makes, with the account and contact the caller resolved from the pickers.</summary>
    public LeadChange ToChange(int? accountId, int? contactId) => new()
    {
        Name = Name,
        PersonName = Person.Name,
        JobTitle = Person.JobTitle,
        Emails = new(Person.Emails),
        Phones = new(Person.Phones),
        Addresses = new(Person.Addresses),
        CompanyName = CompanyName,
        Website = Website,
        NumberOfEmployees = NumberOfEmployees,
        Industry = Industry,
        SourceCode = SourceCode,
        Notes = Notes,
        Twitter = Twitter,
        LinkedIn = LinkedIn,
        AccountId = accountId,
        ContactId = contactId,
    };
}

/// <summary>A lead as the edit form starts from it.</summary>
public sealed record LeadEditData(int Id, LeadInput Lead, string? AccountName, string? ContactName, string StatusCode, int OwnerId, long Version);

/// <summary>The buttons the lead's page shows (see <see cref="LeadActions"/>).</summary>
public sealed record LeadActionSet(bool CanEdit, bool CanDelete, bool CanConvert, bool CanDisqualify, bool CanReactivate);

public sealed record LeadDetailsView(
    int Id,
    LeadInput Lead,
    string StatusCode,
    string? SourceLabel,
    int? AccountId,
    string? AccountName,
    int? ContactId,
    string? ContactName,
    IReadOnlyList<LeadOpportunityLink> Opportunities,
    string OwnerName,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version,
    LeadActionSet Actions,
    IReadOnlyList<HistoryEntry> History)
{
    public string StatusLabel => LeadStatus.Label(StatusCode);
}

/// <summary>An opportunity converted from the lead, as its page links it (only those the user may see, and only while opportunities are on).</summary>
public sealed record LeadOpportunityLink(int Id, string Name);
