using System.Globalization;
using System.Text.Unicode;
using CsvHelper;

namespace Oro.Opportunities.Application.ImportExport;

/// <summary>One problem found in a row: the column it belongs to (null for the row as a whole), the cell's value and the message.</summary>
public sealed record RowError(string? Column, string? Value, string Message);

/// <summary>Which column of the file holds which field; -1 when the file has no such column.</summary>
public sealed class ImportColumnMap
{
    private readonly Dictionary<string, int> indexes;

    private ImportColumnMap(Dictionary<string, int> indexes, int headerCount, IReadOnlyList<string> notices, IReadOnlyList<string> missing)
    {
        this.indexes = indexes;
        HeaderCount = headerCount;
        Notices = notices;
        Missing = missing;
    }

    public int HeaderCount { get; }

    public IReadOnlyList<string> Notices { get; }

    /// <summary>Required columns the file lacks; the import cannot run without them.</summary>
    public IReadOnlyList<string> Missing { get; }

    public int this[string column] => indexes.GetValueOrDefault(column, -1);

    public bool Has(string column) => indexes.ContainsKey(column);

    /// <summary>Matches the header names (ignoring case and surrounding spaces) against the known columns of <paramref name="columns"/>.</summary>
    public static ImportColumnMap Build(IReadOnlyList<string> headers, ImportColumns columns)
    {
        var known = columns.Known.ToDictionary(c => c, c => c, StringComparer.OrdinalIgnoreCase);
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var notices = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i].Trim().TrimStart('\uFEFF').Trim();
            if (string.Equals(header, OpportunityCsv.ImportErrors, StringComparison.OrdinalIgnoreCase))
            {
                // The column an "errors with data" file adds: the file imports as it is, once fixed.
                continue;
            }

            if (known.TryGetValue(header, out var column))
            {
                if (!indexes.TryAdd(column, i))
                {
                    notices.Add($"The column \"{column}\" appears more than once; the first one is used.");
                }
            }
            else if (header.Length > 0)
            {
                unknown.Add(header.Length > 60 ? header[..60] + "…" : header);
            }
        }

        if (unknown.Count > 0)
        {
            notices.Add($"Unknown column{(unknown.Count == 1 ? "" : "s")} ignored: {string.Join(", ", unknown.Take(20).Select(u => $"\"{u}\""))}{(unknown.Count > 20 ? $" and {unknown.Count - 20} more" : "")}.");
        }

        foreach (var group in columns.NotImported.Where(c => indexes.ContainsKey(c.Column)).GroupBy(c => c.Reason))
        {
            var names = group.Select(c => $"\"{c.Column}\"").ToList();
            notices.Add($"{string.Join(" and ", names)} {(names.Count == 1 ? "is" : "are")} not imported: {group.Key}");
        }

        var missing = columns.Required.Where(r => !indexes.ContainsKey(r)).ToList();
        return new ImportColumnMap(indexes, headers.Count, notices, missing);
    }
}

/// <summary>
/// The columns of one kind of import file: those it reads, those it must have, those it reads but
/// does not import (with the reason the notice gives), and how the "missing column" message names the
/// first columns of the template.
/// </summary>
public sealed record ImportColumns(
    IReadOnlyList<string> Known, IReadOnlyList<string> Required, IReadOnlyList<(string Column, string Reason)> NotImported, string TemplateStart);

/// <summary>
/// The part of a data row every kind of import shares: its number, its errors, the checks of the
/// record as a whole (UTF-8, paired quotes, as many values as the header) and the readers of typed
/// cells. Absent columns are <c>Present = false</c>: on update they keep the record's value; a present
/// but empty cell clears it.
/// </summary>
public abstract class ImportRecordRow
{
    public const int MaxCellLength = 20_000;
    public const int MaxAmountDigits = 14;

    private int parseErrors;

    protected ImportRecordRow(int row, long byteOffset)
    {
        Row = row;
        ByteOffset = byteOffset;
    }

    /// <summary>The row as a spreadsheet numbers it (header = 1).</summary>
    public int Row { get; }

    public long ByteOffset { get; }

    /// <summary>The record as it is in the file (UTF-8, without its line break): a failed row goes back to the user as it was.</summary>
    public byte[] RawRecord { get; private set; } = [];

    public List<RowError> Errors { get; } = [];

    public bool IsValid => Errors.Count == 0;

    /// <summary>Remembers the errors of reading, so that a chunk that is planned again starts from them.</summary>
    public void MarkParsed() => parseErrors = Errors.Count;

    public void ResetToParsed() => Errors.RemoveRange(parseErrors, Errors.Count - parseErrors);

    public void Fail(string? column, string? value, string message) => Errors.Add(new RowError(column, value, message));

    /// <summary>The checks of the record as a whole; false when its cells cannot be read (the error is recorded).</summary>
    protected bool CheckRecord(CsvReader reader, ImportColumnMap map, IReadOnlyList<string> columns, bool malformed)
    {
        RawRecord = reader.RawRecord.ToArray();
        if (!Utf8.IsValid(reader.RawRecord))
        {
            var column = Enumerable.Range(0, Math.Min(reader.FieldCount, map.HeaderCount)).FirstOrDefault(i => !Utf8.IsValid(reader.GetRawSpan(i)), -1);
            var name = column < 0 ? null : columns.FirstOrDefault(c => map[c] == column);
            Fail(name, null, "The text is not valid UTF-8. Save the file as \"CSV UTF-8\" and import it again.");
            return false;
        }

        if (malformed)
        {
            Fail(null, null, "The quotes in this row do not pair up (a quoted value must start and end with \"; a quote inside it is written \"\").");
            return false;
        }

        if (reader.FieldCount != map.HeaderCount)
        {
            Fail(null, null, $"The row has {reader.FieldCount} value{(reader.FieldCount == 1 ? "" : "s")} but the header has {map.HeaderCount} columns.");
            return false;
        }

        return true;
    }

    protected Cell<string?> Text(CsvReader reader, ImportColumnMap map, string column)
    {
        var index = map[column];
        if (index < 0)
        {
            return default;
        }

        var text = reader.IsEmpty(index) ? null : OpportunityCsv.UnescapeInjection(reader.GetString(index));
        if (text is { Length: > MaxCellLength })
        {
            Fail(column, text, $"The value has {text.Length:N0} characters; a cell holds at most {MaxCellLength:N0}.");
            return default;
        }

        return new Cell<string?>(true, string.IsNullOrWhiteSpace(text) ? null : text, text);
    }

    protected Cell<int?> WholeNumber(CsvReader reader, ImportColumnMap map, string column, string message)
    {
        var cell = Text(reader, map, column);
        if (cell.Raw is not { } raw)
        {
            return new Cell<int?>(cell.Present, null, null);
        }

        if (int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return new Cell<int?>(true, value, raw);
        }

        Fail(column, raw, message);
        return default;
    }

    protected Cell<int?> Percent(CsvReader reader, ImportColumnMap map, string column)
    {
        var cell = Text(reader, map, column);
        if (cell.Raw is not { } raw)
        {
            return new Cell<int?>(cell.Present, null, null);
        }

        // Oro writes probability as a percent number ("40" = 40 %); "40 %" and "40.0" are accepted too.
        var text = raw.Trim().TrimEnd('%').TrimEnd();
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && value == decimal.Truncate(value) && value is >= 0 and <= 100)
        {
            return new Cell<int?>(true, (int)value, raw);
        }

        Fail(column, raw, "The probability is a whole percent from 0 to 100, such as 40.");
        return default;
    }

    protected Cell<decimal?> Amount(CsvReader reader, ImportColumnMap map, string column)
    {
        var cell = Text(reader, map, column);
        if (cell.Raw is not { } raw)
        {
            return new Cell<decimal?>(cell.Present, null, null);
        }

        var text = raw.Trim();
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value))
        {
            Fail(column, raw, "Enter an amount with a decimal point, such as 1250.50 (no currency sign).");
            return default;
        }

        if (value < 0)
        {
            Fail(column, raw, "The amount cannot be negative.");
            return default;
        }

        if (value.Scale > 4 && value != decimal.Round(value, 4))
        {
            Fail(column, raw, "Use at most 4 decimals.");
            return default;
        }

        if (value >= 100_000_000_000_000m)
        {
            Fail(column, raw, $"The amount is too large: at most {MaxAmountDigits} digits before the point.");
            return default;
        }

        return new Cell<decimal?>(true, value, raw);
    }

    protected Cell<DateOnly?> Date(CsvReader reader, ImportColumnMap map, string column)
    {
        var cell = Text(reader, map, column);
        if (cell.Raw is not { } raw)
        {
            return new Cell<DateOnly?>(cell.Present, null, null);
        }

        var text = raw.Trim();
        if (DateOnly.TryParseExact(text, OpportunityCsv.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new Cell<DateOnly?>(true, date, raw);
        }

        // Oro may write a date with a time of day ("2026-12-15T00:00:00+00:00", "2026-12-15 00:00:00"): the date part counts.
        if (text.Length > 10 && text[10] is 'T' or ' '
            && DateOnly.TryParseExact(text[..10], OpportunityCsv.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            return new Cell<DateOnly?>(true, date, raw);
        }

        Fail(column, raw, "Enter the date as YYYY-MM-DD, such as 2026-12-31.");
        return default;
    }
}

/// <summary>
/// The cells of one row of an opportunity file (<see cref="OpportunityCsv"/>), read and checked for form
/// (numbers, dates, lengths, encoding) but not yet resolved against the database.
/// </summary>
public sealed class ImportRow : ImportRecordRow
{
    private ImportRow(int row, long byteOffset)
        : base(row, byteOffset)
    {
    }

    public Cell<int?> Id { get; private set; }

    public Cell<string?> ExternalId { get; private set; }

    public Cell<string?> Name { get; private set; }

    public Cell<DateOnly?> CloseDate { get; private set; }

    public Cell<int?> Probability { get; private set; }

    public Cell<decimal?> BudgetAmount { get; private set; }

    public Cell<string?> BudgetCurrency { get; private set; }

    public Cell<decimal?> CloseRevenue { get; private set; }

    public Cell<string?> CloseRevenueCurrency { get; private set; }

    public Cell<string?> CustomerNeed { get; private set; }

    public Cell<string?> ProposedSolution { get; private set; }

    public Cell<string?> Notes { get; private set; }

    public Cell<string?> Status { get; private set; }

    public Cell<string?> CloseReason { get; private set; }

    public Cell<string?> ContactFirstName { get; private set; }

    public Cell<string?> ContactLastName { get; private set; }

    public Cell<string?> Lead { get; private set; }

    public Cell<string?> Owner { get; private set; }

    public Cell<string?> Account { get; private set; }

    /// <summary>Reads the current record of <paramref name="reader"/>.</summary>
    public static ImportRow Read(CsvReader reader, ImportColumnMap map, bool malformed)
    {
        var row = new ImportRow(checked((int)reader.RowNumber + 1), reader.ByteOffset);
        if (!row.CheckRecord(reader, map, OpportunityCsv.Columns, malformed))
        {
            return row;
        }

        row.Id = row.WholeNumber(reader, map, OpportunityCsv.Id, "Enter the opportunity's Id as a whole number, or leave it empty.");
        row.ExternalId = row.Text(reader, map, OpportunityCsv.ExternalId);
        row.Name = row.Text(reader, map, OpportunityCsv.Name);
        row.CloseDate = row.Date(reader, map, OpportunityCsv.CloseDate);
        row.Probability = row.Percent(reader, map, OpportunityCsv.Probability);
        row.BudgetAmount = row.Amount(reader, map, OpportunityCsv.BudgetAmount);
        row.BudgetCurrency = row.Text(reader, map, OpportunityCsv.BudgetCurrency);
        row.CloseRevenue = row.Amount(reader, map, OpportunityCsv.CloseRevenue);
        row.CloseRevenueCurrency = row.Text(reader, map, OpportunityCsv.CloseRevenueCurrency);
        row.CustomerNeed = row.Text(reader, map, OpportunityCsv.CustomerNeed);
        row.ProposedSolution = row.Text(reader, map, OpportunityCsv.ProposedSolution);
        row.Notes = row.Text(reader, map, OpportunityCsv.Notes);
        row.Status = row.Text(reader, map, OpportunityCsv.Status);
        row.CloseReason = row.Text(reader, map, OpportunityCsv.CloseReason);
        row.ContactFirstName = row.Text(reader, map, OpportunityCsv.ContactFirstName);
        row.ContactLastName = row.Text(reader, map, OpportunityCsv.ContactLastName);
        row.Lead = row.Text(reader, map, OpportunityCsv.Lead);
        row.Owner = row.Text(reader, map, OpportunityCsv.Owner);
        row.Account = row.Text(reader, map, OpportunityCsv.Account);
        return row;
    }
}

/// <summary>A cell: whether the file has its column, its value when it parsed (null when empty), and the text as written.</summary>
public readonly record struct Cell<T>(bool Present, T Value, string? Raw);
