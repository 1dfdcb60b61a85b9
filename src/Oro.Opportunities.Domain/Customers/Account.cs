using Oro.Opportunities.Domain.Auditing;
using Oro.Opportunities.Domain.Configuration;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Domain.Customers;

/// <summary>A customer organisation; opportunities belong to one (spec §1, §9).</summary>
[SecuredRecord(SecuredEntity.Account, "account")]
[Audited("Account")]
[BumpsRevision(DataRevision.Opportunities)] // The grid and board filter deals by account name.
public sealed class Account : OwnedRecord
{
    public const int NameMaxLength = 255;

    private Account()
    {
        Name = string.Empty;
    }

    public Account(string name, int ownerId, DateTime now)
        : base(ownerId, now)
    {
        Name = string.Empty;
        Rename(name);
    }

    public string Name { get; private set; }

    public void Rename(string name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > NameMaxLength)
        {
            throw new DomainRuleException($"Enter the account name (at most {NameMaxLength} characters).", nameof(Name));
        }

        Name = trimmed;
    }
}
