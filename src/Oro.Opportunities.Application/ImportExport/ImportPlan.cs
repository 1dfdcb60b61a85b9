using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Opportunities;

namespace Oro.Opportunities.Application.ImportExport;

// What the chunk planner hands to the importer's writer: the records a chunk creates or changes, and
// the accounts and contacts it creates for them.

/// <summary>A user as the import resolves owners and checks access.</summary>
internal sealed record ImportUser(int Id, string UserName, int? TeamId, bool IsEnabled);

/// <summary>Thrown when a row breaks a rule: its errors are recorded and nothing of it is planned.</summary>
internal sealed class RowRejectedException : Exception
{
    public RowRejectedException()
        : base("The row was rejected.")
    {
    }

    public RowRejectedException(string message)
        : base(message)
    {
    }

    public RowRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

internal sealed class PendingAccount(Account account)
{
    public Account Account { get; } = account;

    public int Id { get; set; }

    public bool Used { get; set; }
}

internal sealed class PendingContact(Contact contact, int? accountId, PendingAccount? newAccount)
{
    public Contact Contact { get; } = contact;

    public int? AccountId { get; } = accountId;

    public PendingAccount? NewAccount { get; } = newAccount;

    public int Id { get; set; }

    public bool Used { get; set; }
}

internal sealed class PlannedItem(Opportunity opportunity, bool isNew)
{
    public Opportunity Opportunity { get; } = opportunity;

    public bool IsNew { get; } = isNew;

    public PendingAccount? NewAccount { get; set; }

    public PendingContact? NewContact { get; set; }

}

internal sealed class ChunkPlan
{
    public List<PlannedItem> Items { get; } = [];

    public Dictionary<Opportunity, PlannedItem> ByOpportunity { get; } = new(ReferenceEqualityComparer.Instance);

    public Dictionary<string, PlannedItem> NewByExternalId { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, PlannedItem> NewByName { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, PendingAccount> NewAccounts { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string, string, int?, PendingAccount?), PendingContact> NewContacts { get; } = [];

    public int Created { get; set; }

    public int Updated { get; set; }

    public void Add(PlannedItem item)
    {
        if (ByOpportunity.TryAdd(item.Opportunity, item))
        {
            Items.Add(item);
        }
    }
}
