namespace Oro.Opportunities.Domain.Customers;

/// <summary>A customer organisation; opportunities belong to one (spec §1, §9).</summary>
public sealed class Account : Security.IOwned
{
    public const int NameMaxLength = 255;

    private Account()
    {
        Name = string.Empty;
    }

    public Account(string name, int ownerId, DateTime now)
    {
        Name = string.Empty;
        Rename(name);
        OwnerId = ownerId;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public int OwnerId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public long Version { get; private set; }

    public void Rename(string name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > NameMaxLength)
        {
            throw new DomainRuleException($"Enter the account name (at most {NameMaxLength} characters).", nameof(Name));
        }

        Name = trimmed;
    }

    public void AssignOwner(int ownerId) => OwnerId = ownerId;

    public void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }
}
