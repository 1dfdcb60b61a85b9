using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Leads;

namespace Oro.Opportunities.Application.Leads;

/// <summary>The lead source list as it is stored: one setting holding a JSON array of code and label.</summary>
public static class LeadSourceList
{
    public static IReadOnlyList<LeadSource> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return LeadSource.Defaults;
        }

        try
        {
            var rows = JsonSerializer.Deserialize<List<Row>>(json) ?? [];
            return rows.Where(r => !string.IsNullOrWhiteSpace(r.Code) && !string.IsNullOrWhiteSpace(r.Label)).Select(r => new LeadSource(r.Code, r.Label)).ToList();
        }
        catch (JsonException)
        {
            return LeadSource.Defaults;
        }
    }

    public static string Write(IEnumerable<LeadSource> sources) =>
        JsonSerializer.Serialize(sources.Select(s => new Row(s.Code, s.Label)).ToList());

    /// <summary>A code made from a label: lower case letters, digits and underscores ("Cold call" → cold_call).</summary>
    public static string CodeFor(string label, IReadOnlyCollection<string> taken)
    {
        var text = new StringBuilder();
        foreach (var c in label.Trim().ToLowerInvariant())
        {
            text.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        var stem = string.Join('_', text.ToString().Split('_', StringSplitOptions.RemoveEmptyEntries));
        stem = stem.Length == 0 ? "source" : stem[..Math.Min(stem.Length, Lead.SourceMaxLength - 4)];
        var code = stem;
        for (var n = 2; taken.Contains(code); n++)
        {
            code = $"{stem}_{n}";
        }

        return code;
    }

    private sealed record Row(string Code, string Label);
}

/// <summary>One row of the source list form: an existing code (null for a new row), its label, and whether to remove it.</summary>
public sealed record LeadSourceInput(string? Code, string? Label, bool Remove);

/// <summary>System Configuration → Lead: the source list (spec §9: "a configurable list").</summary>
public sealed class LeadSourceSettings(ConfigurationWriter writer, ISystemConfiguration configuration)
{
    public async Task SaveAsync(IReadOnlyList<LeadSourceInput> rows, long expectedRevision, CancellationToken cancellationToken = default)
    {
        await writer.EnsureRevisionAsync(expectedRevision, cancellationToken);
        var current = (await configuration.GetAsync(cancellationToken)).LeadSources;
        var known = current.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        var result = new List<LeadSource>();
        var removed = new List<LeadSource>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var label = row.Label?.Trim();
            var existing = row.Code is { } code && known.Contains(code) ? current.First(s => s.Code == code) : null;
            if (row.Remove || (existing is null && string.IsNullOrEmpty(label)))
            {
                if (existing is not null)
                {
                    removed.Add(existing);
                }

                continue;
            }

            if (string.IsNullOrEmpty(label) || label.Length > LeadSource.LabelMaxLength)
            {
                throw new DomainRuleException($"Give each source a label of at most {LeadSource.LabelMaxLength} characters.", $"Rows[{i}].Label");
            }

            if (result.Any(s => string.Equals(s.Label, label, StringComparison.OrdinalIgnoreCase)))
            {
                throw new DomainRuleException($"The source \"{label}\" is listed twice.", $"Rows[{i}].Label");
            }

            var taken = known.Concat(result.Select(s => s.Code)).ToHashSet(StringComparer.Ordinal);
            result.Add(existing is not null ? existing with { Label = label } : new LeadSource(LeadSourceList.CodeFor(label, taken), label));
        }

        foreach (var source in removed)
        {
            var used = await writer.Db.Set<Lead>().CountAsync(l => l.SourceCode == source.Code, cancellationToken);
            if (used > 0)
            {
                throw new DomainRuleException(
                    $"{used} {(used == 1 ? "lead has" : "leads have")} the source \"{source.Label}\"; it stays in the list until no lead uses it.");
            }
        }

        await writer.SetAsync(SettingKeys.LeadSources, LeadSourceList.Write(result), cancellationToken);
        await writer.SaveAsync(expectedRevision, cancellationToken);
    }
}
