using Oro.Opportunities.Application.ImportExport;

namespace Oro.Opportunities.Application.Leads;

/// <summary>
/// The lead CSV format: the column headers of OroCRM's lead export (spec §9; sample in
/// shared/data/oro-lead-export-sample.csv), so that a file Oro exported imports here unchanged. The
/// lists are numbered groups: <c>Emails N Email</c>, <c>Phones N Phone</c> and <c>Address N &lt;part&gt;</c>,
/// the first of each primary. Import, export and the template use these names.
/// </summary>
public static class LeadCsv
{
    public const string Id = "Id";
    public const string Name = "Lead name";
    public const string NamePrefix = "Name prefix";
    public const string FirstName = "First name";
    public const string MiddleName = "Middle name";
    public const string LastName = "Last name";
    public const string NameSuffix = "Name suffix";
    public const string JobTitle = "Job title";
    public const string Status = "Status Id";
    public const string CompanyName = "Company name";
    public const string Website = "Website";
    public const string NumberOfEmployees = "Number of employees";
    public const string Notes = "Additional comments";
    public const string Industry = "Industry";
    public const string ContactFirstName = "Contact First name";
    public const string ContactLastName = "Contact Last name";
    public const string Twitter = "Twitter";
    public const string LinkedIn = "LinkedIn";
    public const string Owner = "Owner Username";
    public const string Opportunity = "Opportunities 1 Opportunity name";
    public const string Account = "Customer Account Account name";
    public const string Source = "Source Id";
    public const string Tags = "Tags";

    /// <summary>The parts of an address group, in Oro's order: "Address 1 Label", "Address 1 Organization", …</summary>
    public static IReadOnlyList<string> AddressParts { get; } =
    [
        "Label", "Organization", "Name prefix", "First name", "Middle name", "Last name", "Name suffix", "Street", "Street 2",
        "Zip/Postal Code", "City", "State", "State Combined code", "Country ISO2 code",
    ];

    /// <summary>How many e-mails, phones and addresses the template (and an export of fewer) writes: Oro's sample has two of each.</summary>
    public const int DefaultGroups = 2;

    public static string Address(int n, string part) => $"Address {n} {part}";

    public static string Email(int n) => $"Emails {n} Email";

    public static string Phone(int n) => $"Phones {n} Phone";

    /// <summary>Every column, in Oro's order, with <paramref name="addresses"/>, <paramref name="emails"/> and <paramref name="phones"/> groups.</summary>
    public static IReadOnlyList<string> Columns(int addresses = DefaultGroups, int emails = DefaultGroups, int phones = DefaultGroups) =>
    [
        Id, Name, NamePrefix, FirstName, MiddleName, LastName, NameSuffix, JobTitle, Status, CompanyName, Website, NumberOfEmployees, Notes,
        Industry, ContactFirstName, ContactLastName,
        .. Enumerable.Range(1, addresses).SelectMany(n => AddressParts.Select(part => Address(n, part))),
        Twitter, LinkedIn, Owner, Opportunity,
        .. Enumerable.Range(1, emails).Select(Email),
        .. Enumerable.Range(1, phones).Select(Phone),
        Account, Source, Tags,
    ];

    /// <summary>What the import engine reads from a lead file: every group number a list can hold.</summary>
    public static ImportColumns Import { get; } = new(
        Columns(Domain.Records.PrimaryList<Domain.Records.EmailAddress>.MaxItems, Domain.Records.PrimaryList<Domain.Records.EmailAddress>.MaxItems, Domain.Records.PrimaryList<Domain.Records.EmailAddress>.MaxItems),
        [Name],
        [
            (Opportunity, "an opportunity names its lead (the opportunity file's \"Lead Lead name\"), not the other way round."),
            (Tags, "tags are not part of this application."),
        ],
        "Id, Lead name, …");
}
