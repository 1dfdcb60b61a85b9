using System.Globalization;
using System.Text;

namespace Oro.Opportunities.Application.Demo;

/// <summary>Word lists from which the demo data composes company, person and deal names.</summary>
internal static class DemoNames
{
    public static readonly string[] FirstNames =
    [
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia", "Elijah", "Isabella", "James",
        "Mia", "William", "Charlotte", "Benjamin", "Amelia", "Lucas", "Harper", "Henry", "Evelyn", "Alexander",
        "Abigail", "Daniel", "Emily", "Matthew", "Ella", "Jack", "Grace", "Samuel", "Chloe", "David",
        "Lena", "Jonas", "Marie", "Felix", "Clara", "Luca", "Sofia", "Mateo", "Julia", "Hugo",
        "Chiara", "Pierre", "Camille", "Hannah", "Tobias", "Freya", "Oscar", "Ingrid", "Rafael", "Yuki",
        "Priya", "Arjun", "Mei", "Kenji", "Aisha", "Omar", "Fatima", "Diego", "Lucia", "Nina",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White",
        "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Scott", "Green",
        "Baker", "Adams", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker",
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Dubois", "Moreau", "Laurent", "Rossi", "Bianchi",
        "Fernández", "López", "Novak", "Jansen", "de Vries", "Nielsen", "Lindqvist", "Tanaka", "Sato", "Patel",
        "Sharma", "Chen", "Wang", "Kim", "Nguyen", "O'Brien", "Murphy", "Kowalski", "Horvat", "Costa",
    ];

    public static readonly string[] JobTitles =
    [
        "Chief Executive Officer", "Chief Financial Officer", "Chief Technology Officer", "Head of Procurement",
        "Purchasing Manager", "IT Director", "Operations Manager", "Sales Director", "Marketing Manager",
        "Project Manager", "Office Manager", "Head of Customer Service", "Finance Controller", "Product Owner",
        "Logistics Coordinator", "HR Director",
    ];

    private static readonly string[] CompanyStarts =
    [
        "North", "South", "East", "West", "Blue", "Red", "Green", "Silver", "Golden", "Bright",
        "Clear", "Swift", "Iron", "Stone", "River", "Lake", "Summit", "Peak", "Cedar", "Oak",
        "Pine", "Maple", "Harbor", "Bay", "Sun", "Star", "Nova", "Atlas", "Apex", "Vertex",
        "Prime", "Pioneer", "Frontier", "Crystal", "Eagle", "Falcon", "Lion", "Wolf", "Granite", "Coral",
    ];

    private static readonly string[] CompanyEnds =
    [
        "wind", "field", "gate", "bridge", "point", "line", "wave", "stone", "crest", "ridge",
        "view", "port", "works", "brook", "hill", "light", "path", "forge", "land", "mark",
        "side", "wood", "haven", "dale", "shore", "vale", "spring", "tech", "core", "way",
    ];

    private static readonly string[] Industries =
    [
        "Logistics", "Analytics", "Systems", "Solutions", "Manufacturing", "Foods", "Energy", "Retail",
        "Consulting", "Pharma", "Media", "Software", "Engineering", "Freight", "Health", "Insurance",
        "Textiles", "Robotics", "Construction", "Labs", "Networks", "Hospitality", "Materials", "Aerospace",
        "Packaging", "Biotech", "Capital", "Telecom", "Automotive", "Outdoor", "Furniture", "Electronics",
    ];

    private static readonly string[] LegalForms =
    [
        "Inc.", "LLC", "Ltd", "GmbH", "AG", "S.A.", "B.V.", "Corp.", "Group", "& Co.", "PLC", "S.r.l.",
    ];

    private static readonly string[] Products =
    [
        "CRM rollout", "ERP upgrade", "Cloud migration", "Support renewal", "Fleet telematics", "Data warehouse",
        "Security audit", "Managed services", "Licence expansion", "Training programme", "Hardware refresh",
        "E-commerce platform", "Mobile app", "Analytics dashboards", "Consulting retainer", "Integration project",
        "Warehouse automation", "Payroll outsourcing", "Network upgrade", "Marketing automation", "Help desk",
        "Document management", "Field service app", "Pilot project", "Annual subscription", "Backup and recovery",
    ];

    private static readonly string[] Qualifiers =
    [
        "", "", "", " – phase 2", " – phase 3", " – EMEA", " – North America", " (pilot)", " – 50 seats",
        " – 200 seats", " – 3 years", " – renewal", " – expansion", " – Q3", " – HQ",
    ];

    public static readonly string[] CustomerNeeds =
    [
        "Replace spreadsheets with one shared pipeline.",
        "Cut the time to quote from days to hours.",
        "Consolidate three legacy systems before the licence renewals.",
        "Give field staff access on mobile devices.",
        "Meet the new reporting obligations by year end.",
        "Reduce downtime in the distribution centres.",
    ];

    public static readonly string[] ProposedSolutions =
    [
        "Phased rollout with a pilot team, then all regions.",
        "Standard package plus two integrations and training.",
        "Managed service with a 99.9 % availability commitment.",
        "Fixed-price implementation followed by a support contract.",
        "Subscription with quarterly business reviews.",
    ];

    public static string Company(Random random)
    {
        var start = Pick(random, CompanyStarts);
        var end = Pick(random, CompanyEnds);
        return $"{start}{end} {Pick(random, Industries)} {Pick(random, LegalForms)}";
    }

    /// <summary>The company name without its legal form, as people say it.</summary>
    public static string ShortCompany(string company)
    {
        var lastSpace = company.LastIndexOf(' ');
        var withoutForm = lastSpace > 0 ? company[..lastSpace] : company;
        return withoutForm.EndsWith(" &", StringComparison.Ordinal) ? withoutForm[..^2] : withoutForm;
    }

    /// <summary>A mail domain derived from the company name: "Northwind Logistics Inc." → northwindlogistics.example.</summary>
    public static string Domain(string company)
    {
        var letters = new StringBuilder();
        foreach (var c in ShortCompany(company).Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                letters.Append(char.ToLowerInvariant(c));
            }
        }

        return letters + ".example";
    }

    /// <summary>"María de Vries" → "maria.devries": ASCII letters only.</summary>
    public static string MailName(string firstName, string lastName)
    {
        static string Ascii(string text)
        {
            var letters = new StringBuilder();
            foreach (var c in text.Normalize(NormalizationForm.FormD))
            {
                if (char.IsAsciiLetter(c))
                {
                    letters.Append(char.ToLowerInvariant(c));
                }
            }

            return letters.ToString();
        }

        return Ascii(firstName) + "." + Ascii(lastName);
    }

    public static string Deal(Random random, string company) =>
        $"{Pick(random, Products)}{Pick(random, Qualifiers)} – {ShortCompany(company)}";

    /// <summary>An industry for a lead's company.</summary>
    public static string Industry(Random random) => Pick(random, Industries);

    public static readonly (string City, string PostalCode, string Country)[] Places =
    [
        ("Oslo", "0155", "NO"), ("Lyon", "69002", "FR"), ("Munich", "80331", "DE"), ("Austin", "78701", "US"), ("Leeds", "LS1 4AP", "GB"),
        ("Rotterdam", "3011 AD", "NL"), ("Zurich", "8001", "CH"), ("Toronto", "M5H 2N2", "CA"), ("Madrid", "28013", "ES"), ("Sydney", "2000", "AU"),
    ];

    public static readonly string[] Streets = ["Main Street", "Harbour Road", "Market Square", "Station Road", "Park Avenue", "Mill Lane", "High Street"];

    public static string Phone(Random random) =>
        string.Create(CultureInfo.InvariantCulture, $"+1 555-{random.Next(100, 1000):000}-{random.Next(0, 10_000):0000}");

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
