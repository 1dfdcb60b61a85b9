using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Auditing;

namespace Oro.Opportunities.Application.Opportunities;

/// <summary>
/// One change in a record's history as a person reads it: who (their display name), what happened
/// ("Created", "Changed", "Re-valued", "Deleted"), and each field's label with its old and new value
/// as the pages show them — labels instead of codes, names instead of ids, money with its currency.
/// <see cref="At"/> is UTC; the page shows it in the reader's time zone.
/// </summary>
public sealed record HistoryEntry(DateTime At, string Who, AuditAction Action, IReadOnlyList<FieldChange> Changes)
{
    /// <summary>The action in words.</summary>
    public string ActionLabel { get; init; } = Action.ToString();

    /// <summary>Why it happened, when the trail says (a re-valuation's reason).</summary>
    public string? Note { get; init; }
}

/// <summary>
/// Turns the audit trail (spec §3.6: field names and raw stored values) into <see cref="HistoryEntry"/>s.
/// What it leaves out, because it repeats what is shown or is bookkeeping: <c>ClosedAt</c> (the status
/// and close date say it), the currency fields (each amount is shown with its currency), the
/// External id (an integration key, shown on the view page), the status id, version and timestamps.
/// Base-currency values appear only where they are the change itself: a re-valuation.
/// </summary>
public sealed partial class ChangeHistory(AppDbContext db, AccessControl accessControl)
{
    public const int MaxEntries = 200;
    private const int MaxTextLength = 200;

    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal)
    {
        "ClosedAt", "ExternalId", "StatusId", "Version", "CreatedAt", "UpdatedAt", "Id", "BudgetCurrency", "CloseRevenueCurrency",
    };

    // The order fields are listed in, as on the forms.
    private static readonly string[] Order =
    [
        Data.Revaluation.AuditField, "Name", "FirstName", "LastName", "OwnerId", "AccountId", "ContactId", "StatusCode", "Probability",
        "BudgetAmount", "BaseBudgetAmount", "CloseDate", "CloseRevenueAmount", "BaseCloseRevenue", "CloseReasonCode", "CustomerNeed",
        "ProposedSolution", "Notes", "JobTitle", "Email", "SecondaryEmail", "Phone", "SecondaryPhone",
    ];

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["OwnerId"] = "Owner",
        ["AccountId"] = "Account",
        ["ContactId"] = "Contact",
        ["LeadId"] = "Lead",
        ["SourceCode"] = "Source",
        ["CompanyName"] = "Company name",
        ["NumberOfEmployees"] = "Number of employees",
        ["NamePrefix"] = "Name prefix",
        ["MiddleName"] = "Middle name",
        ["NameSuffix"] = "Name suffix",
        ["StatusCode"] = "Status",
        ["Probability"] = "Probability",
        ["BudgetAmount"] = "Budget amount",
        ["BaseBudgetAmount"] = "Budget in base currency",
        ["CloseDate"] = "Expected close date",
        ["CloseRevenueAmount"] = "Close revenue",
        ["BaseCloseRevenue"] = "Close revenue in base currency",
        ["CloseReasonCode"] = "Close reason",
        ["CustomerNeed"] = "Customer need",
        ["ProposedSolution"] = "Proposed solution",
        ["Notes"] = "Additional comments",
        ["FirstName"] = "First name",
        ["LastName"] = "Last name",
        ["JobTitle"] = "Job title",
        ["Email"] = "Email",
        ["SecondaryEmail"] = "Secondary email",
        ["Phone"] = "Phone",
        ["SecondaryPhone"] = "Secondary phone",
    };

    /// <summary>The newest <see cref="MaxEntries"/> entries of one record, newest first.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> ForAsync(string entityType, int id, ConfigurationSnapshot snapshot, CancellationToken cancellationToken)
    {
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == entityType && a.EntityId == id)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Take(MaxEntries)
            .ToListAsync(cancellationToken);
        var parsed = entries.Select(e => (Entry: e, Changes: JsonSerializer.Deserialize<List<FieldChange>>(e.ChangesJson) ?? [])).ToList();
        var all = parsed.SelectMany(p => p.Changes).ToList();

        var userIds = IdsOf(all, "OwnerId").Concat(entries.Where(e => e.UserId != null).Select(e => e.UserId!.Value)).Distinct().ToList();
        var users = (await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
                .Select(u => new { u.Id, u.FirstName, u.LastName, u.UserName })
                .ToListAsync(cancellationToken))
            .ToDictionary(u => u.Id, u => (u.FirstName + " " + u.LastName).Trim() is { Length: > 0 } name ? name : u.UserName ?? "?");

        // Names of related records the user may not see are not revealed through the history.
        var access = await accessControl.GetAsync(cancellationToken);
        var accountIds = IdsOf(all, "AccountId");
        var accounts = await db.Accounts.AsNoTracking().Permitted(db, access).Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        var contactIds = IdsOf(all, "ContactId");
        var contacts = await db.Contacts.AsNoTracking().Permitted(db, access).Where(c => contactIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (c.FirstName + " " + c.LastName).Trim(), cancellationToken);
        var leadIds = IdsOf(all, "LeadId");
        var leads = leadIds.Count == 0
            ? []
            : await db.Set<Domain.Leads.Lead>().AsNoTracking().Permitted(db, access).Where(l => leadIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, cancellationToken);

        // Amounts are shown with their currency. An entry names only what changed, so the history is
        // read from the record as it is now back to the oldest entry, keeping the amounts and
        // currencies each entry started from.
        var state = new MoneyState(snapshot.BaseCurrency);
        if (entityType == "Opportunity")
        {
            var current = await db.Opportunities.AsNoTracking().Where(o => o.Id == id)
                .Select(o => new { o.BudgetAmount, o.BudgetCurrency, o.CloseRevenueAmount, o.CloseRevenueCurrency })
                .FirstOrDefaultAsync(cancellationToken);
            if (current is not null)
            {
                state.Budget = (current.BudgetAmount, current.BudgetCurrency);
                state.Revenue = (current.CloseRevenueAmount, current.CloseRevenueCurrency);
            }
        }

        string Name(Dictionary<int, string> names, string? value) =>
            ParseId(value) is int key ? names.GetValueOrDefault(key, "(not visible to you)") : value ?? string.Empty;

        var result = new List<HistoryEntry>(parsed.Count);
        foreach (var (entry, changes) in parsed)
        {
            var fields = changes.GroupBy(c => c.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            // After the entry: the state read back so far (for a creation, what it created); before it: one step further back.
            MoneyState after;
            if (entry.Action == AuditAction.Created)
            {
                state.StepBack(fields, entry.Action);
                after = state.Copy();
            }
            else
            {
                after = state.Copy();
                state.StepBack(fields, entry.Action);
            }

            var before = state;
            string? note = null;
            var shown = new List<FieldChange>();
            foreach (var field in fields.Keys.OrderBy(f => Array.IndexOf(Order, f) is var i && i < 0 ? int.MaxValue : i).ThenBy(f => f, StringComparer.Ordinal))
            {
                var change = fields[field];
                switch (field)
                {
                    case Data.Revaluation.AuditField:
                        note = change.New;
                        continue;
                    case "OwnerId":
                        shown.Add(new FieldChange(Label(field, entityType), Blank(Name(users, change.Old)), Blank(Name(users, change.New))));
                        continue;
                    case "AccountId":
                        shown.Add(new FieldChange(Label(field, entityType), Blank(Name(accounts, change.Old)), Blank(Name(accounts, change.New))));
                        continue;
                    case "ContactId":
                        shown.Add(new FieldChange(Label(field, entityType), Blank(Name(contacts, change.Old)), Blank(Name(contacts, change.New))));
                        continue;
                    case "LeadId":
                        shown.Add(new FieldChange(Label(field, entityType), Blank(Name(leads, change.Old)), Blank(Name(leads, change.New))));
                        continue;
                    case "StatusCode" when entityType == "Lead":
                        shown.Add(new FieldChange(Label(field, entityType), Blank(change.Old is null ? null : Domain.Leads.LeadStatus.Label(change.Old)), Blank(change.New is null ? null : Domain.Leads.LeadStatus.Label(change.New))));
                        continue;
                    case "SourceCode":
                        shown.Add(new FieldChange(Label(field, entityType), Blank(snapshot.LeadSourceLabel(change.Old)), Blank(snapshot.LeadSourceLabel(change.New))));
                        continue;
                    case "StatusCode":
                        shown.Add(new FieldChange(Label(field, entityType), StatusLabel(change.Old, snapshot), StatusLabel(change.New, snapshot)));
                        continue;
                    case "CloseReasonCode":
                        shown.Add(new FieldChange(Label(field, entityType), Blank(snapshot.CloseReasonLabel(change.Old)), Blank(snapshot.CloseReasonLabel(change.New))));
                        continue;
                    case "Probability":
                        shown.Add(new FieldChange(Label(field, entityType), Percent(change.Old), Percent(change.New)));
                        continue;
                    case "BaseBudgetAmount" or "BaseCloseRevenue":
                        shown.Add(new FieldChange(Label(field, entityType), Money(change.Old, before.BaseCurrency, snapshot), Money(change.New, after.BaseCurrency, snapshot)));
                        continue;
                }

                if (Hidden.Contains(field) || field is "BudgetAmount" or "CloseRevenueAmount")
                {
                    continue;
                }

                shown.Add(new FieldChange(Label(field, entityType), Text(change.Old), Text(change.New)));
            }

            // Each amount with its currency, whether the amount, the currency or both changed.
            AddMoney(shown, fields, "BudgetAmount", "BudgetCurrency", before.Budget, after.Budget, entry.Action, snapshot);
            AddMoney(shown, fields, "CloseRevenueAmount", "CloseRevenueCurrency", before.Revenue, after.Revenue, entry.Action, snapshot);
            // A value that is empty before and after (an empty list on creation, say) is no change a person reads.
            shown.RemoveAll(c => string.IsNullOrEmpty(c.Old) && string.IsNullOrEmpty(c.New));
            shown.Sort((a, b) => Position(a.Field).CompareTo(Position(b.Field)));
            if (shown.Count == 0 && note is null && entry.Action == AuditAction.Updated)
            {
                // Only bookkeeping changed (an External id set by an import, say): nothing a person reads.
                continue;
            }

            result.Add(new HistoryEntry(
                entry.At,
                entry.UserId is int uid ? users.GetValueOrDefault(uid, "#" + uid.ToString(CultureInfo.InvariantCulture)) : "System",
                entry.Action,
                shown)
            {
                ActionLabel = entry.Action switch
                {
                    AuditAction.Created => "Created",
                    AuditAction.Deleted => "Deleted",
                    _ when fields.ContainsKey(Data.Revaluation.AuditField) => "Re-valued",
                    _ => "Changed",
                },
                Note = note,
            });
        }

        return result;
    }

    private static int Position(string label)
    {
        var field = Labels.FirstOrDefault(l => l.Value == label).Key ?? (label == "Opportunity name" ? "Name" : label);
        var index = Array.IndexOf(Order, field);
        return index < 0 ? int.MaxValue : index;
    }

    private static void AddMoney(
        List<FieldChange> shown, Dictionary<string, FieldChange> fields, string amountField, string currencyField,
        (decimal? Amount, string? Currency) before, (decimal? Amount, string? Currency) after, AuditAction action, ConfigurationSnapshot snapshot)
    {
        if (!fields.ContainsKey(amountField) && !fields.ContainsKey(currencyField))
        {
            return;
        }

        var old = action == AuditAction.Created ? null : Blank(MoneyFormat.Format(before.Amount, before.Currency, snapshot));
        var @new = action == AuditAction.Deleted ? null : Blank(MoneyFormat.Format(after.Amount, after.Currency, snapshot));
        if (old != @new)
        {
            shown.Add(new FieldChange(Label(amountField, "Opportunity"), old, @new));
        }
    }

    private static string Label(string field, string entityType) =>
        field == "Name" ? (entityType == "Opportunity" ? "Opportunity name" : "Name")
        : Labels.TryGetValue(field, out var label) ? label
        : Humanize(field);

    /// <summary>"JobTitle" → "Job title", for a field the history does not know yet.</summary>
    private static string Humanize(string field)
    {
        var words = PascalWords().Split(field).Where(w => w.Length > 0).ToList();
        return words.Count == 0 ? field : string.Join(' ', words.Select((w, i) => i == 0 ? w : w.ToLowerInvariant()));
    }

    [GeneratedRegex("(?<=[a-z])(?=[A-Z])")]
    private static partial Regex PascalWords();

    [GeneratedRegex("^Base currency changed from ([A-Z]{3}) to ([A-Z]{3})")]
    private static partial Regex BaseChange();

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? Text(string? value) =>
        value is null ? null : value.Length <= MaxTextLength ? value : value[..(MaxTextLength - 1)] + "…";

    private static string? Percent(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p.ToString(CultureInfo.InvariantCulture) + " %" : value;

    private static string? Money(string? value, string currency, ConfigurationSnapshot snapshot) =>
        ParseAmount(value) is decimal amount ? MoneyFormat.Format(amount, currency, snapshot) : value;

    private static decimal? ParseAmount(string? value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? amount : null;

    private static string? StatusLabel(string? code, ConfigurationSnapshot snapshot) =>
        code is null ? null : snapshot.FindStatus(code)?.Label ?? code;

    private static int? ParseId(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static List<int> IdsOf(IEnumerable<FieldChange> changes, string field) =>
        changes.Where(c => c.Field == field).SelectMany(c => new[] { c.Old, c.New }).Select(ParseId).OfType<int>().Distinct().ToList();

    /// <summary>The amounts, currencies and base currency in effect at a point of the history.</summary>
    private sealed class MoneyState(string baseCurrency)
    {
        public (decimal? Amount, string? Currency) Budget { get; set; }

        public (decimal? Amount, string? Currency) Revenue { get; set; }

        public string BaseCurrency { get; private set; } = baseCurrency;

        public MoneyState Copy() => new(BaseCurrency) { Budget = Budget, Revenue = Revenue };

        /// <summary>From the state after an entry to the state before it.</summary>
        public void StepBack(Dictionary<string, FieldChange> fields, AuditAction action)
        {
            if (action == AuditAction.Created)
            {
                // Nothing before; the entry's new values are the state after it (an older trail may lack the later entries).
                Budget = (Value(fields, "BudgetAmount", Budget.Amount, useNew: true), Text(fields, "BudgetCurrency", Budget.Currency, useNew: true));
                Revenue = (Value(fields, "CloseRevenueAmount", Revenue.Amount, useNew: true), Text(fields, "CloseRevenueCurrency", Revenue.Currency, useNew: true));
                return;
            }

            Budget = (Value(fields, "BudgetAmount", Budget.Amount, useNew: false), Text(fields, "BudgetCurrency", Budget.Currency, useNew: false));
            Revenue = (Value(fields, "CloseRevenueAmount", Revenue.Amount, useNew: false), Text(fields, "CloseRevenueCurrency", Revenue.Currency, useNew: false));
            if (fields.TryGetValue(Data.Revaluation.AuditField, out var reason) && reason.New is { } text && BaseChange().Match(text) is { Success: true } match)
            {
                BaseCurrency = match.Groups[1].Value;
            }
        }

        private static decimal? Value(Dictionary<string, FieldChange> fields, string field, decimal? current, bool useNew) =>
            fields.TryGetValue(field, out var change) ? ParseAmount(useNew ? change.New : change.Old) : current;

        private static string? Text(Dictionary<string, FieldChange> fields, string field, string? current, bool useNew) =>
            fields.TryGetValue(field, out var change) ? (useNew ? change.New : change.Old) : current;
    }
}
