using System.Collections;
using System.Net.Mail;

namespace Oro.Opportunities.Domain.Records;

/// <summary>One entry of a list of e-mails, phones or addresses; exactly one entry of a non-empty list is primary.</summary>
public interface IContactPoint
{
    bool IsPrimary { get; }
}

public sealed record EmailAddress(string Email, bool IsPrimary = false) : IContactPoint
{
    public const int MaxLength = 255;

    /// <summary>One address, nothing around it, and a domain with a dot (name@host alone is a typo in a CRM).</summary>
    public static bool IsValid(string? value)
    {
        var text = value?.Trim();
        return !string.IsNullOrEmpty(text)
            && text.Length <= MaxLength
            && MailAddress.TryCreate(text, out var address)
            && address.Address == text
            && address.DisplayName.Length == 0
            && address.Host.Contains('.', StringComparison.Ordinal)
            && !address.Host.EndsWith('.');
    }
}

public sealed record PhoneNumber(string Phone, bool IsPrimary = false) : IContactPoint
{
    public const int MaxLength = 50;
}

/// <summary>A postal address as Oro keeps it (spec §9): a label, who it is for, the street lines, city, region and country.</summary>
public sealed record PostalAddress : IContactPoint
{
    public const int LabelMaxLength = 100;
    public const int TextMaxLength = 255;
    public const int StreetMaxLength = 500;
    public const int PostalCodeMaxLength = 20;
    public const int RegionCodeMaxLength = 16;

    public string? Label { get; init; }

    public string? Organization { get; init; }

    public string? NamePrefix { get; init; }

    public string? FirstName { get; init; }

    public string? MiddleName { get; init; }

    public string? LastName { get; init; }

    public string? NameSuffix { get; init; }

    public string? Street { get; init; }

    public string? Street2 { get; init; }

    public string? PostalCode { get; init; }

    public string? City { get; init; }

    /// <summary>The state or region by name.</summary>
    public string? Region { get; init; }

    /// <summary>The state or region as Oro's combined code, such as US-CA.</summary>
    public string? RegionCode { get; init; }

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public string? Country { get; init; }

    public bool IsPrimary { get; init; }

    /// <summary>Whether the address says where anything is (a label or a name alone does not).</summary>
    public bool HasPlace => Street is not null || Street2 is not null || PostalCode is not null || City is not null || Region is not null || RegionCode is not null || Country is not null;

    public override string ToString()
    {
        var place = string.Join(" ", new[] { PostalCode, City }.Where(p => p is not null));
        var parts = new[] { Organization, Street, Street2, place.Length == 0 ? null : place, Region ?? RegionCode, Country }.Where(p => p is not null);
        return (Label is null ? string.Empty : Label + ": ") + string.Join(", ", parts);
    }
}

/// <summary>
/// An immutable list of contact points with one primary entry (spec §9: "lists of emails, phones and
/// addresses, one primary each"). Lists compare by content, so saving an unchanged list writes nothing
/// and records no history. <see cref="ToString"/> is how the change history shows the list.
/// </summary>
public abstract class PrimaryList<T> : IReadOnlyList<T>, IEquatable<PrimaryList<T>>
    where T : class, IContactPoint
{
    /// <summary>The most entries a list holds.</summary>
    public const int MaxItems = 20;

    private readonly T[] items;

    protected PrimaryList(IEnumerable<T> items)
    {
        this.items = items.ToArray();
    }

    public T? Primary => items.FirstOrDefault(i => i.IsPrimary);

    public int Count => items.Length;

    public T this[int index] => items[index];

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    public bool Equals(PrimaryList<T>? other) => other is not null && items.SequenceEqual(other.items);

    public override bool Equals(object? obj) => obj is PrimaryList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        string.Join("; ", items.Select(i => Describe(i) + (i.IsPrimary && items.Length > 1 ? " (primary)" : string.Empty)));

    protected abstract string Describe(T item);

    /// <summary>
    /// Checks a list as entered: at most <see cref="MaxItems"/>, no entry twice, at most one marked
    /// primary — and when none is, the first becomes primary. The primary entry comes first.
    /// </summary>
    protected static T[] Normalize(IEnumerable<T> entries, Func<T, string> key, Func<T, bool, T> withPrimary, string field, string noun)
    {
        var list = entries.ToList();
        if (list.Count > MaxItems)
        {
            throw new DomainRuleException($"Enter at most {MaxItems} {noun}s.", field);
        }

        var duplicate = list.GroupBy(key, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DomainRuleException($"The {noun} \"{duplicate.Key}\" is listed twice.", field);
        }

        var primaries = list.Count(i => i.IsPrimary);
        if (primaries > 1)
        {
            throw new DomainRuleException($"Mark only one {noun} as primary.", field);
        }

        // The primary entry leads the list, as a file writes it ("Emails 1" is the primary one).
        return primaries == 0 && list.Count > 0
            ? list.Select((item, index) => withPrimary(item, index == 0)).ToArray()
            : [.. list.Where(i => i.IsPrimary), .. list.Where(i => !i.IsPrimary)];
    }

    protected static string? Text(string? value, int maxLength, string field, string label)
    {
        var trimmed = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return trimmed is { Length: var length } && length > maxLength
            ? throw new DomainRuleException($"The {label} has at most {maxLength} characters.", field)
            : trimmed;
    }
}

public sealed class EmailList : PrimaryList<EmailAddress>
{
    public const string Field = "Emails";

    private EmailList(IEnumerable<EmailAddress> items)
        : base(items)
    {
    }

    public static EmailList Empty { get; } = new([]);

    /// <summary>The entries as entered, checked (format, length, duplicates, one primary).</summary>
    public static EmailList Of(IEnumerable<EmailAddress> entries) => new(Normalize(
        entries.Select(e => EmailAddress.IsValid(e.Email)
            ? e with { Email = e.Email.Trim() }
            : throw new DomainRuleException($"\"{e.Email}\" is not a valid email address, such as name@example.com.", Field)),
        e => e.Email, (e, primary) => e with { IsPrimary = primary }, Field, "email address"));

    /// <summary>Addresses in order, the first primary (how a file lists them).</summary>
    public static EmailList Of(params string?[] emails) =>
        Of(emails.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => new EmailAddress(e!)));

    /// <summary>As stored: no checks (what was valid when saved stays readable if the rules tighten).</summary>
    public static EmailList Stored(IEnumerable<EmailAddress> items) => new(items);

    protected override string Describe(EmailAddress item) => item.Email;
}

public sealed class PhoneList : PrimaryList<PhoneNumber>
{
    public const string Field = "Phones";

    private PhoneList(IEnumerable<PhoneNumber> items)
        : base(items)
    {
    }

    public static PhoneList Empty { get; } = new([]);

    public static PhoneList Of(IEnumerable<PhoneNumber> entries) => new(Normalize(
        entries.Select(p => p with { Phone = Text(p.Phone, PhoneNumber.MaxLength, Field, "phone number") ?? throw new DomainRuleException("Enter the phone number.", Field) }),
        p => p.Phone, (p, primary) => p with { IsPrimary = primary }, Field, "phone number"));

    public static PhoneList Of(params string?[] phones) =>
        Of(phones.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => new PhoneNumber(p!)));

    public static PhoneList Stored(IEnumerable<PhoneNumber> items) => new(items);

    protected override string Describe(PhoneNumber item) => item.Phone;
}

public sealed class AddressList : PrimaryList<PostalAddress>
{
    public const string Field = "Addresses";

    private AddressList(IEnumerable<PostalAddress> items)
        : base(items)
    {
    }

    public static AddressList Empty { get; } = new([]);

    public static AddressList Of(IEnumerable<PostalAddress> entries) => new(Normalize(
        entries.Select(Checked), a => a.ToString(), (a, primary) => a with { IsPrimary = primary }, Field, "address"));

    public static AddressList Stored(IEnumerable<PostalAddress> items) => new(items);

    protected override string Describe(PostalAddress item) => item.ToString();

    private static PostalAddress Checked(PostalAddress a)
    {
        var country = Text(a.Country, 2, Field, "country code")?.ToUpperInvariant();
        if (country is not null && !(country.Length == 2 && country.All(char.IsAsciiLetterUpper)))
        {
            throw new DomainRuleException($"\"{a.Country}\" is not a country code: use two letters (ISO 3166), such as US or DE.", Field);
        }

        var checkedAddress = new PostalAddress
        {
            Label = Text(a.Label, PostalAddress.LabelMaxLength, Field, "address label"),
            Organization = Text(a.Organization, PostalAddress.TextMaxLength, Field, "organization"),
            NamePrefix = Text(a.NamePrefix, PersonName.PartMaxLength, Field, "name prefix"),
            FirstName = Text(a.FirstName, PersonName.PartMaxLength, Field, "first name"),
            MiddleName = Text(a.MiddleName, PersonName.PartMaxLength, Field, "middle name"),
            LastName = Text(a.LastName, PersonName.PartMaxLength, Field, "last name"),
            NameSuffix = Text(a.NameSuffix, PersonName.PartMaxLength, Field, "name suffix"),
            Street = Text(a.Street, PostalAddress.StreetMaxLength, Field, "street"),
            Street2 = Text(a.Street2, PostalAddress.StreetMaxLength, Field, "second street line"),
            PostalCode = Text(a.PostalCode, PostalAddress.PostalCodeMaxLength, Field, "postal code"),
            City = Text(a.City, PostalAddress.TextMaxLength, Field, "city"),
            Region = Text(a.Region, PostalAddress.TextMaxLength, Field, "state or region"),
            RegionCode = Text(a.RegionCode, PostalAddress.RegionCodeMaxLength, Field, "region code"),
            Country = country,
            IsPrimary = a.IsPrimary,
        };
        return checkedAddress.HasPlace
            ? checkedAddress
            : throw new DomainRuleException("An address needs at least a street, a city, a postal code or a country.", Field);
    }
}
