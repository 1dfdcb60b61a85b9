using System.Globalization;
using CsvHelper;
using Oro.Opportunities.Domain.Money;

namespace Oro.Opportunities.Application.ImportExport;

/// <summary>
/// The opportunity CSV format: the column headers of OroCRM's own export (spec §5), so that a
/// file exported from OroCRM imports here unchanged, plus our External id for idempotent upserts.
/// Import, export and the template all use this one list.
/// </summary>
public static class OpportunityCsv
{
    public const string Id = "Id";
    public const string Name = "Opportunity name";
    public const string CloseDate = "Expected close date";
    public const string Probability = "Probability";
    public const string BudgetAmount = "Budget Amount";
    public const string BudgetCurrency = "Budget Amount Currency";
    public const string BaseBudget = "Budget Amount In Base Currency";
    public const string CustomerNeed = "Customer need";
    public const string CloseRevenue = "Close revenue";
    public const string CloseRevenueCurrency = "Close revenue Currency";
    public const string BaseCloseRevenue = "Close Revenue In Base Currency";
    public const string ProposedSolution = "Proposed solution";
    public const string Notes = "Additional comments";
    public const string Status = "Status Id";
    public const string CloseReason = "Close reason Name";
    public const string ContactFirstName = "Contact First name";
    public const string ContactLastName = "Contact Last name";
    public const string Lead = "Lead Lead name";
    public const string Owner = "Owner Username";
    public const string Account = "Customer Account Account name";
    public const string ExternalId = "External id";

    /// <summary>The last column of an "errors with data" file: why the row failed. Ignored when the file is imported again.</summary>
    public const string ImportErrors = "Import errors";

    /// <summary>Every column, in the order the template and the exports write them.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        Id, Name, CloseDate, Probability, BudgetAmount, BudgetCurrency, BaseBudget, CustomerNeed,
        CloseRevenue, CloseRevenueCurrency, BaseCloseRevenue, ProposedSolution, Notes, Status,
        CloseReason, ContactFirstName, ContactLastName, Lead, Owner, Account, ExternalId,
    ];

    /// <summary>Columns a file must have; the others may be left out (they then keep their values on update).</summary>
    public static IReadOnlyList<string> Required { get; } = [Name];

    /// <summary>Derived values: written by export, recomputed from the rates on import.</summary>
    public static IReadOnlyList<string> Recomputed { get; } = [BaseBudget, BaseCloseRevenue];

    /// <summary>What the import engine reads from an opportunity file.</summary>
    public static ImportColumns Import { get; } = new(
        Columns,
        Required,
        [.. Recomputed.Select(c => (c, "base-currency values are recomputed from the current rates."))],
        "Id, Opportunity name, …");

    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>
    /// The format of an entered amount (budget, close revenue) in a file: its currency's ISO 4217 minor
    /// digits, as the pages show it (<c>3000000</c> yen, <c>250.50</c> dollars), and the stored decimals
    /// beyond them only when they are not zero (an amount keeps four, spec §1), so that export → import
    /// never changes a value.
    /// </summary>
    public static string AmountFormat(string? currency) => AmountFormats[MinorDigits(currency)];

    /// <summary>
    /// A base-currency value (amount × rate, stored with four decimals) as a file gives it: rounded to the base
    /// currency's minor digits, half away from zero, as the grid shows it. The import recomputes these values,
    /// so nothing is lost.
    /// </summary>
    public static decimal? BaseAmount(decimal? value, string baseCurrency) =>
        value is decimal amount ? decimal.Round(amount, MinorDigits(baseCurrency), MidpointRounding.AwayFromZero) : null;

    /// <summary>The format of <see cref="BaseAmount"/>: exactly the base currency's minor digits.</summary>
    public static string BaseAmountFormat(string baseCurrency) => BaseAmountFormats[MinorDigits(baseCurrency)];

    /// <summary>By minor digits, 0 to <see cref="Money.Scale"/>.</summary>
    private static readonly string[] AmountFormats = ["0.####", "0.0###", "0.00##", "0.000#", "0.0000"];

    private static readonly string[] BaseAmountFormats = ["0", "0.0", "0.00", "0.000", "0.0000"];

    private static int MinorDigits(string? currency) =>
        Math.Min(currency is null ? 2 : Iso4217.Find(currency)?.MinorDigits ?? 2, Money.Scale);

    /// <summary>
    /// The writer options of every CSV the app produces: RFC 4180, UTF-8 with a byte order mark
    /// (so that spreadsheets pick the encoding), and formula-like text neutralised with a leading
    /// apostrophe (CSV injection, quality bar).
    /// </summary>
    public static CsvWriterOptions WriterOptions { get; } = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>
    /// Undoes the export's formula neutralisation: a text cell that starts with an apostrophe
    /// followed by a formula character comes back without the apostrophe, so export → import
    /// round-trips exactly.
    /// </summary>
    public static string? UnescapeInjection(string? value) =>
        value is { Length: > 1 } && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r'
            ? value[1..]
            : value;
}
