using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data;

namespace Oro.Opportunities.Application.ImportExport;

/// <summary>
/// The "errors with data" file of an import: the file's header and every row that failed, as they
/// were in the file, with one more column, <see cref="OpportunityCsv.ImportErrors"/>, saying why
/// (and which row of the original file it was). Fixed in a spreadsheet, it imports as it is: the
/// import ignores that column. Cells that a spreadsheet would run as a formula get the usual
/// leading apostrophe, which the import takes off again.
/// </summary>
public static class ErrorsWithData
{
    private const int Batch = 1_000;

    /// <summary>A record's fields as one CSV line (RFC 4180 quoting), the way a failed row is kept.</summary>
    public static string Record(IReadOnlyList<string> fields)
    {
        var text = new StringBuilder();
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var field = fields[i];
            if (field.IndexOfAny([',', '"', '\r', '\n']) >= 0 || (field.Length > 0 && (field[0] == ' ' || field[^1] == ' ')))
            {
                text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(field);
            }
        }

        return text.ToString();
    }

    /// <summary>Writes the file, streamed in row order, in batches (a job can have as many failed rows as the file has).</summary>
    public static async Task<int> WriteAsync(AppDbContext db, int jobId, Stream output, CancellationToken cancellationToken)
    {
        var header = await db.ImportJobFailedRows.AsNoTracking().Where(r => r.JobId == jobId && r.Row == 1).Select(r => r.Record).FirstOrDefaultAsync(cancellationToken);
        var columns = header is null ? OpportunityCsv.Columns.ToList() : Fields(header);
        await using var writer = CsvWriter.Create(output, OpportunityCsv.WriterOptions, leaveOpen: true);
        writer.WriteHeader([.. columns.Where(c => !string.Equals(c.Trim(), OpportunityCsv.ImportErrors, StringComparison.OrdinalIgnoreCase)), OpportunityCsv.ImportErrors]);
        var width = columns.Count(c => !string.Equals(c.Trim(), OpportunityCsv.ImportErrors, StringComparison.OrdinalIgnoreCase));
        var errorsColumn = columns.FindIndex(c => string.Equals(c.Trim(), OpportunityCsv.ImportErrors, StringComparison.OrdinalIgnoreCase));
        var written = 0;
        var after = 1;
        while (true)
        {
            var rows = await db.ImportJobFailedRows.AsNoTracking()
                .Where(r => r.JobId == jobId && r.Row > after)
                .OrderBy(r => r.Row)
                .Take(Batch)
                .Select(r => new { r.Row, r.Record })
                .ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                break;
            }

            var first = rows[0].Row;
            var last = rows[^1].Row;
            var errors = (await db.ImportJobErrors.AsNoTracking()
                    .Where(e => e.JobId == jobId && e.Row >= first && e.Row <= last)
                    .OrderBy(e => e.Row).ThenBy(e => e.Id)
                    .Select(e => new { e.Row, e.Column, e.Value, e.Message })
                    .ToListAsync(cancellationToken))
                .ToLookup(e => e.Row);
            foreach (var row in rows)
            {
                var fields = Fields(row.Record);
                if (errorsColumn >= 0 && errorsColumn < fields.Count)
                {
                    // A row of an earlier "errors with data" file: its old messages give way to the new ones.
                    fields.RemoveAt(errorsColumn);
                }

                // A short row gets empty cells, so that the reasons stand in their own column.
                while (fields.Count < width)
                {
                    fields.Add(string.Empty);
                }

                foreach (var field in fields)
                {
                    writer.WriteField(field);
                }

                writer.WriteField(Reasons(row.Row, errors[row.Row].Select(e => (e.Column, e.Value, e.Message))));
                await writer.EndRecordAsync(cancellationToken);
                written++;
            }

            after = last;
        }

        await writer.FlushAsync(cancellationToken);
        return written;
    }

    /// <summary>"Row 17: Probability "150": The probability is …; Close reason Name: …".</summary>
    public static string Reasons(int row, IEnumerable<(string? Column, string? Value, string Message)> errors)
    {
        var parts = errors.Select(e =>
            (e.Column is null ? string.Empty : e.Column + (string.IsNullOrEmpty(e.Value) ? string.Empty : $" \"{e.Value}\"") + ": ") + e.Message);
        return string.Create(CultureInfo.InvariantCulture, $"Row {row}: ") + string.Join(" | ", parts);
    }

    /// <summary>The fields of one stored record, read as the import reads them.</summary>
    private static List<string> Fields(string record)
    {
        using var reader = CsvReader.Create(Encoding.UTF8.GetBytes(record), CsvReaderOptions.Default with { HasHeader = false, Separator = ',' });
        if (!reader.Read())
        {
            return [];
        }

        var fields = new List<string>(reader.FieldCount);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            fields.Add(reader.GetString(i));
        }

        return fields;
    }
}
