using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Domain.Statuses;
using MoneyValue = Oro.Opportunities.Domain.Money.Money;

namespace Oro.Opportunities.Application.ImportExport;

/// <summary>
/// Plans one chunk of an import in memory: looks up what the chunk's rows refer to (existing records by
/// Id, External id or name, accounts, contacts), resolves owners, statuses, currencies and close
/// reasons, and applies each row through the opportunity's own rules (spec §3). What it plans, the
/// importer writes (see <see cref="OpportunityImportTarget"/>).
/// </summary>
internal sealed class ChunkPlanner(
    AppDbContext db, UserAccess access, ConfigurationSnapshot snapshot, Workflows.WorkflowRestrictions restrictions,
    IReadOnlyList<ImportUser> users, int userId, bool matchByName, Func<UserTime> clock)
{
    /// <summary>The chunk's change context: the configuration and the workflow restrictions of its records.</summary>
    private ChangeContext? context;

    private readonly SnapshotRates rates = new(snapshot);
    private readonly List<string> notices = [];

    /// <summary>What the rows planned so far did not do but did not fail on (a lead that does not exist); taken by the importer.</summary>
    public IReadOnlyList<string> TakeNotices()
    {
        var taken = notices.ToList();
        notices.Clear();
        return taken;
    }

    /// <summary>The configuration the rows are applied with (see <see cref="OpportunitySaveStep"/>).</summary>
    public long ConfigurationRevision => snapshot.Revision;
    private readonly Dictionary<int, ImportUser> usersById = users.ToDictionary(u => u.Id);
    private readonly Dictionary<string, ImportUser> usersByName =
        users.GroupBy(u => u.UserName, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Resolves and applies every row of the chunk in memory. A row that breaks a rule is left
    /// exactly as it was (its changes are undone) and reported; the valid rows are planned.
    /// </summary>
    public async Task<ChunkPlan> PlanAsync(List<ImportRow> rows, CancellationToken cancellationToken)
    {
        var plan = new ChunkPlan();
        var lookups = await LoadLookupsAsync(rows, cancellationToken);
        var now = clock();
        context = await restrictions.ContextAsync(db, snapshot, now, lookups.ById.Keys, cancellationToken: cancellationToken);
        foreach (var row in rows.Where(r => r.IsValid))
        {
            try
            {
                Apply(row, lookups, plan, now);
            }
            catch (RowRejectedException)
            {
                // The row's errors are recorded; nothing of it is planned.
            }
        }

        return plan;
    }

    private async Task<ChunkLookups> LoadLookupsAsync(List<ImportRow> rows, CancellationToken cancellationToken)
    {
        var valid = rows.Where(r => r.IsValid).ToList();
        var ids = valid.Select(r => r.Id.Value).OfType<int>().Distinct().ToList();
        var externalIds = valid.Select(r => r.ExternalId.Value?.Trim()).OfType<string>().Distinct().ToList();
        var names = matchByName ? valid.Select(r => r.Name.Value?.Trim()).OfType<string>().Distinct().ToList() : [];
        var accountNames = valid.Select(r => r.Account.Value?.Trim()).OfType<string>().Distinct().ToList();
        var lastNames = valid.Where(r => r.ContactFirstName.Value is not null || r.ContactLastName.Value is not null)
            .Select(r => r.ContactLastName.Value?.Trim() ?? string.Empty).Distinct().ToList();

        var lookups = new ChunkLookups();
        var tracked = new List<Opportunity>();
        if (ids.Count > 0)
        {
            tracked.AddRange(await db.Opportunities.Where(o => EF.Parameter(ids).Contains(o.Id)).ToListAsync(cancellationToken));
        }

        if (externalIds.Count > 0)
        {
            tracked.AddRange(await db.Opportunities.Where(o => o.ExternalId != null && EF.Parameter(externalIds).Contains(o.ExternalId)).ToListAsync(cancellationToken));
        }

        if (names.Count > 0)
        {
            tracked.AddRange(await db.Opportunities.Where(o => EF.Parameter(names).Contains(o.Name)).OrderBy(o => o.Id).ToListAsync(cancellationToken));
        }

        foreach (var opportunity in tracked.DistinctBy(o => o.Id))
        {
            lookups.ById[opportunity.Id] = opportunity;
            if (opportunity.ExternalId is { } externalId)
            {
                lookups.ByExternalId[externalId] = opportunity;
            }

            if (matchByName && CanSee(opportunity.OwnerId))
            {
                if (!lookups.ByName.TryGetValue(opportunity.Name, out var named))
                {
                    lookups.ByName[opportunity.Name] = named = [];
                }

                named.Add(opportunity);
            }
        }

        if (accountNames.Count > 0)
        {
            var accounts = await db.Accounts.AsNoTracking().Permitted(db, access)
                .Where(a => EF.Parameter(accountNames).Contains(a.Name))
                .OrderBy(a => a.Id)
                .Select(a => new { a.Id, a.Name })
                .ToListAsync(cancellationToken);
            foreach (var account in accounts)
            {
                lookups.Accounts.TryAdd(account.Name, account.Id);
            }
        }

        var leadNames = snapshot.LeadEnabled ? valid.Select(r => r.Lead.Value?.Trim()).OfType<string>().Distinct().ToList() : [];
        if (leadNames.Count > 0)
        {
            var leads = await db.Set<Domain.Leads.Lead>().AsNoTracking().Permitted(db, access)
                .Where(l => EF.Parameter(leadNames).Contains(l.Name))
                .OrderBy(l => l.Id)
                .Select(l => new { l.Id, l.Name })
                .ToListAsync(cancellationToken);
            foreach (var lead in leads)
            {
                lookups.Leads.TryAdd(lead.Name, lead.Id);
            }
        }

        if (lastNames.Count > 0)
        {
            lookups.Contacts = (await db.Contacts.AsNoTracking().Permitted(db, access)
                .Where(c => EF.Parameter(lastNames).Contains(c.LastName))
                .OrderBy(c => c.Id)
                .Select(c => new ContactInfo(c.Id, c.FirstName, c.LastName, c.AccountId))
                .ToListAsync(cancellationToken))
                .ToLookup(c => (c.FirstName, c.LastName));
        }

        return lookups;
    }

    private bool CanSee(int ownerId) =>
        access.Can(SecuredEntity.Opportunity, PermissionAction.View, ownerId, usersById.GetValueOrDefault(ownerId)?.TeamId);

    /// <summary>Applies one row: finds the record it updates (or creates one) and goes through the domain rules.</summary>
    private void Apply(ImportRow row, ChunkLookups lookups, ChunkPlan plan, UserTime now)
    {
        var existing = Match(row, lookups, plan);
        var owner = ResolveOwner(row, existing?.Opportunity.OwnerId);
        var status = ResolveStatus(row, existing);
        var closeReason = ResolveCloseReason(row);
        var budget = Money(row, row.BudgetAmount, row.BudgetCurrency, OpportunityCsv.BudgetCurrency);
        var closeRevenue = Money(row, row.CloseRevenue, row.CloseRevenueCurrency, OpportunityCsv.CloseRevenueCurrency);
        if (!row.IsValid)
        {
            throw new RowRejectedException();
        }

        var account = ResolveAccount(row, lookups, plan, owner, existing);
        var contact = ResolveContact(row, lookups, plan, owner, account);
        var lead = ResolveLead(row, lookups);
        if (!row.IsValid)
        {
            throw new RowRejectedException();
        }

        if (existing is null)
        {
            Create(row, lookups, plan, owner, status!, closeReason, budget, closeRevenue, account, contact, lead, now);
        }
        else
        {
            Update(row, lookups, plan, existing, owner, status!, closeReason, budget, closeRevenue, account, contact, lead, now);
        }
    }

    private PlannedItem? Match(ImportRow row, ChunkLookups lookups, ChunkPlan plan)
    {
        PlannedItem? Planned(Opportunity opportunity) =>
            plan.ByOpportunity.TryGetValue(opportunity, out var item) ? item : null;

        Opportunity? found = null;
        if (row.Id.Value is int id)
        {
            // An Id the user may not see is treated as one that does not exist: the row falls through
            // to its External id or creates a record, exactly as for a missing Id (no record is revealed).
            if (lookups.ById.TryGetValue(id, out var byId) && CanSee(byId.OwnerId))
            {
                found = byId;
            }
        }

        var externalId = row.ExternalId.Value?.Trim();
        if (found is null && externalId is not null)
        {
            if (plan.NewByExternalId.TryGetValue(externalId, out var planned))
            {
                return planned;
            }

            // An External id the user may not see is treated as a missing one: the row goes on as a new
            // record, through the same checks in the same order, and only where a new record would be
            // written does it meet the unique External id (the answer any taken External id gets).
            if (lookups.ByExternalId.TryGetValue(externalId, out var byExternal) && CanSee(byExternal.OwnerId))
            {
                found = byExternal;
            }
        }

        var name = row.Name.Value?.Trim();
        if (found is null && matchByName && name is not null && externalId is null)
        {
            if (plan.NewByName.TryGetValue(name, out var planned))
            {
                return planned;
            }

            if (lookups.ByName.TryGetValue(name, out var named))
            {
                // One name, several records: which one the row means is a guess, and a wrong guess
                // overwrites someone's deal. The row is refused and says how to point at one.
                if (named.Count > 1)
                {
                    var ids = string.Join(", ", named.Take(5).Select(o => o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))) + (named.Count > 5 ? ", …" : string.Empty);
                    Reject(row, OpportunityCsv.Name, row.Name.Raw,
                        $"{named.Count} opportunities you can see are named \"{name}\" (ids {ids}), so matching by name cannot tell which one to update. Put the opportunity's Id (or External id) in this row.");
                }

                found = named[0];
            }
        }

        if (found is null)
        {
            return null;
        }

        if (Planned(found) is { } item)
        {
            return item;
        }

        if (!access.Can(SecuredEntity.Opportunity, PermissionAction.Edit, found.OwnerId, usersById.GetValueOrDefault(found.OwnerId)?.TeamId))
        {
            Reject(row, row.Id.Value is not null ? OpportunityCsv.Id : OpportunityCsv.ExternalId, row.Id.Raw ?? row.ExternalId.Raw,
                $"You do not have permission to edit opportunity {found.Id} (\"{found.Name}\").");
        }

        var existing = new PlannedItem(found, isNew: false);
        return existing;
    }

    private int ResolveOwner(ImportRow row, int? currentOwner)
    {
        var userName = row.Owner.Value?.Trim();
        if (userName is null)
        {
            return currentOwner ?? userId;
        }

        if (!usersByName.TryGetValue(userName, out var owner) || !owner.IsEnabled)
        {
            row.Fail(OpportunityCsv.Owner, row.Owner.Raw, $"There is no active user with the username \"{userName}\".");
            return currentOwner ?? userId;
        }

        if (owner.Id != userId && owner.Id != currentOwner
            && !AccessRules.Allows(access.Level(SecuredEntity.Opportunity, PermissionAction.Assign), userId, access.TeamId, owner.Id, owner.TeamId))
        {
            row.Fail(OpportunityCsv.Owner, row.Owner.Raw, "You do not have permission to assign opportunities to other users; leave the owner empty or use your own username.");
        }

        return owner.Id;
    }

    private StatusRef? ResolveStatus(ImportRow row, PlannedItem? existing)
    {
        if (row.Status.Value is { } text)
        {
            var status = snapshot.StatusByCodeOrLabel(text);
            if (status is null)
            {
                row.Fail(OpportunityCsv.Status, row.Status.Raw, $"\"{text.Trim()}\" is not a status. Use one of: {string.Join(", ", snapshot.Statuses.Select(s => s.Code))} (or their labels).");
            }

            return status;
        }

        return existing is null ? snapshot.DefaultStatus() : snapshot.StatusById(existing.Opportunity.StatusId);
    }

    private static string? ResolveCloseReason(ImportRow row)
    {
        if (row.CloseReason.Value is not { } text)
        {
            return null;
        }

        var value = text.Trim();
        string[] codes = [CloseReason.WonCode, CloseReason.OutsoldCode, CloseReason.CancelledCode];
        var code = codes.FirstOrDefault(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase));
        if (code is null)
        {
            row.Fail(OpportunityCsv.CloseReason, row.CloseReason.Raw, $"\"{value}\" is not a close reason. Use won, outsold or cancelled.");
        }

        return code;
    }

    private MoneyValue? Money(ImportRow row, Cell<decimal?> amount, Cell<string?> currency, string currencyColumn)
    {
        if (amount.Value is not decimal value)
        {
            return null;
        }

        var code = currency.Value?.Trim().ToUpperInvariant() ?? snapshot.BaseCurrency;
        if (!CurrencyCode.TryParse(code, out var parsed))
        {
            row.Fail(currencyColumn, currency.Raw, $"\"{code}\" is not an ISO 4217 currency code (such as USD or EUR).");
            return null;
        }

        if (rates.RateToBase(parsed.Value, null) is null)
        {
            row.Fail(currencyColumn, currency.Raw, $"{parsed.Value} is not an allowed currency. An administrator can allow it in System Configuration → Currency.");
            return null;
        }

        return new MoneyValue(value, parsed);
    }

    private AccountChoice ResolveAccount(ImportRow row, ChunkLookups lookups, ChunkPlan plan, int ownerId, PlannedItem? existing)
    {
        var name = row.Account.Value?.Trim();
        if (name is null)
        {
            if (existing is null)
            {
                row.Fail(OpportunityCsv.Account, row.Account.Raw, row.Account.Present
                    ? "Enter the account name; a new opportunity needs an account."
                    : $"The file has no \"{OpportunityCsv.Account}\" column; a new opportunity needs an account.");
            }

            return new AccountChoice(existing?.Opportunity.AccountId, null);
        }

        if (lookups.Accounts.TryGetValue(name, out var accountId))
        {
            return new AccountChoice(accountId, null);
        }

        if (plan.NewAccounts.TryGetValue(name, out var pending))
        {
            return new AccountChoice(null, pending);
        }

        if (!access.CanCreate(SecuredEntity.Account))
        {
            row.Fail(OpportunityCsv.Account, row.Account.Raw, $"There is no account \"{name}\" and you do not have permission to create accounts.");
            return new AccountChoice(null, null);
        }

        try
        {
            // Created as Oro does when the name is not found, owned by the row's owner.
            var created = new PendingAccount(new Account(name, ownerId, clock().UtcNow));
            plan.NewAccounts[name] = created;
            return new AccountChoice(null, created);
        }
        catch (DomainRuleException ex)
        {
            row.Fail(OpportunityCsv.Account, row.Account.Raw, ex.Message);
            return new AccountChoice(null, null);
        }
    }

    /// <summary>
    /// "Lead Lead name" links the lead of that name the user may see (spec §5); an empty cell, or leads
    /// switched off, leaves the link as it is; an unknown name is a notice, not an error (see <see cref="TakeNotices"/>).
    /// </summary>
    private FieldValue<int?>? ResolveLead(ImportRow row, ChunkLookups lookups)
    {
        if (!snapshot.LeadEnabled || row.Lead.Value?.Trim() is not { } name)
        {
            return null;
        }

        if (lookups.Leads.TryGetValue(name, out var leadId))
        {
            return new FieldValue<int?>(leadId);
        }

        // Oro's own export names leads this application may not have: the row goes on without one, and the job says so.
        notices.Add($"Row {row.Row}: there is no lead named \"{name}\"; the opportunity was imported without a lead.");
        return null;
    }

    private ContactChoice ResolveContact(ImportRow row, ChunkLookups lookups, ChunkPlan plan, int ownerId, AccountChoice account)
    {
        if (!row.ContactFirstName.Present && !row.ContactLastName.Present)
        {
            return new ContactChoice(Keep: true, null, null);
        }

        var first = row.ContactFirstName.Value?.Trim() ?? string.Empty;
        var last = row.ContactLastName.Value?.Trim() ?? string.Empty;
        if (first.Length + last.Length == 0)
        {
            return new ContactChoice(Keep: false, null, null);
        }

        var candidates = lookups.Contacts[(first, last)].ToList();
        if (candidates.Count > 0)
        {
            var sameAccount = account.Id is int accountId ? candidates.FirstOrDefault(c => c.AccountId == accountId) : null;
            return new ContactChoice(Keep: false, (sameAccount ?? candidates[0]).Id, null);
        }

        var key = (first, last, account.Id, account.Pending);
        if (plan.NewContacts.TryGetValue(key, out var pending))
        {
            return new ContactChoice(Keep: false, null, pending);
        }

        if (!access.CanCreate(SecuredEntity.Contact))
        {
            row.Fail(last.Length > 0 ? OpportunityCsv.ContactLastName : OpportunityCsv.ContactFirstName, last.Length > 0 ? last : first,
                $"There is no contact \"{$"{first} {last}".Trim()}\" and you do not have permission to create contacts.");
            return new ContactChoice(Keep: true, null, null);
        }

        try
        {
            // A contact that does not exist yet is created with the row's owner and account, as the form does for a typed name.
            var created = new PendingContact(new Contact(first, last, ownerId, clock().UtcNow), account.Id, account.Pending);
            plan.NewContacts[key] = created;
            return new ContactChoice(Keep: false, null, created);
        }
        catch (DomainRuleException ex)
        {
            row.Fail(ex.Field == nameof(Contact.FirstName) ? OpportunityCsv.ContactFirstName : OpportunityCsv.ContactLastName, last.Length > 0 ? last : first, ex.Message);
            return new ContactChoice(Keep: true, null, null);
        }
    }

    private void Create(
        ImportRow row, ChunkLookups lookups, ChunkPlan plan, int ownerId, StatusRef status, string? closeReason,
        MoneyValue? budget, MoneyValue? closeRevenue, AccountChoice account, ContactChoice contact, FieldValue<int?>? lead, UserTime now)
    {
        if (!access.CanCreate(SecuredEntity.Opportunity))
        {
            Reject(row, null, null, "You do not have permission to create opportunities.");
        }

        var externalId = row.ExternalId.Value?.Trim();
        if (externalId is not null && lookups.ByExternalId.ContainsKey(externalId))
        {
            Reject(row, OpportunityCsv.ExternalId, row.ExternalId.Raw, ExternalIdTaken(externalId));
        }

        // A new account or contact gets its id when the importer inserts it; it is set then, by a change of its own.
        var change = ToChange(row, ownerId, status, closeReason, budget, closeRevenue, account, contact) with { ExternalId = new(externalId), LeadId = lead };
        var opportunity = Guard(row, () => Opportunity.Create(change, context!));
        var item = new PlannedItem(opportunity, isNew: true) { NewAccount = account.Pending, NewContact = contact.Pending };
        Use(item);
        plan.Add(item);
        plan.Created++;
        if (externalId is not null)
        {
            plan.NewByExternalId[externalId] = item;
        }
        else if (matchByName)
        {
            plan.NewByName.TryAdd(opportunity.Name, item);
        }
    }

    private void Update(
        ImportRow row, ChunkLookups lookups, ChunkPlan plan, PlannedItem item, int ownerId, StatusRef to, string? closeReason,
        MoneyValue? budget, MoneyValue? closeRevenue, AccountChoice account, ContactChoice contact, FieldValue<int?>? lead, UserTime now)
    {
        var change = ToChange(row, ownerId, row.Status.Present ? to : null, closeReason, budget, closeRevenue, account, contact)
            with { ExternalId = ExternalIdChange(row, lookups, plan, item), LeadId = lead };

        // The change is applied whole or not at all: a refused row leaves the record as it was.
        Guard(row, () => item.Opportunity.Apply(change, context!));
        if (account.Pending is not null)
        {
            item.NewAccount = account.Pending;
        }
        else if (account.Id is not null)
        {
            item.NewAccount = null;
        }

        if (!contact.Keep)
        {
            item.NewContact = contact.Pending;
        }

        Use(item);
        plan.Add(item);
        plan.Updated++;
    }

    /// <summary>
    /// The row as a change: the columns the file has, absent ones unchanged. An empty probability
    /// follows the status (spec §3.1), as on the form.
    /// </summary>
    private static OpportunityChange ToChange(
        ImportRow row, int ownerId, StatusRef? status, string? closeReason, MoneyValue? budget, MoneyValue? closeRevenue, AccountChoice account, ContactChoice contact) => new()
    {
        Name = Present(row.Name.Present, row.Name.Raw ?? string.Empty),
        OwnerId = ownerId,
        AccountId = account.Id is int accountId ? accountId : null,
        ContactId = contact.Keep || contact.Pending is not null ? null : new(contact.Id),
        Status = status is null ? null : new(status),
        Probability = Present(row.Probability.Present, row.Probability.Value),
        Budget = Present(row.BudgetAmount.Present, budget),
        CloseDate = Present(row.CloseDate.Present, row.CloseDate.Value),
        CloseRevenue = Present(row.CloseRevenue.Present, closeRevenue),
        CloseReason = Present(row.CloseReason.Present, closeReason),
        CustomerNeed = Present(row.CustomerNeed.Present, row.CustomerNeed.Value),
        ProposedSolution = Present(row.ProposedSolution.Present, row.ProposedSolution.Value),
        Notes = Present(row.Notes.Present, row.Notes.Value),
    };

    private static string ExternalIdTaken(string externalId) => $"The external id {externalId} is already used by another opportunity.";

    private static FieldValue<T>? Present<T>(bool present, T value) => present ? new FieldValue<T>(value) : null;

    /// <summary>An External id in the file is stored on a record that has none (or another), unless a different record uses it.</summary>
    private static FieldValue<string?>? ExternalIdChange(ImportRow row, ChunkLookups lookups, ChunkPlan plan, PlannedItem item)
    {
        var externalId = row.ExternalId.Value?.Trim();
        if (externalId is null || externalId == item.Opportunity.ExternalId)
        {
            return null;
        }

        if ((lookups.ByExternalId.TryGetValue(externalId, out var other) && other != item.Opportunity)
            || (plan.NewByExternalId.TryGetValue(externalId, out var planned) && planned != item))
        {
            Reject(row, OpportunityCsv.ExternalId, row.ExternalId.Raw, ExternalIdTaken(externalId));
        }

        return externalId;
    }

    /// <summary>Points a planned opportunity at the account and contact the chunk created for it, now that they have ids.</summary>
    public void LinkCreated(PlannedItem item, DateTime now)
    {
        if (item.NewAccount is not null || item.NewContact is not null)
        {
            item.Opportunity.Apply(
                new OpportunityChange
                {
                    AccountId = item.NewAccount is { } account ? account.Id : null,
                    ContactId = item.NewContact is { } contact ? new(contact.Id) : null,
                },
                context! with { Now = now });
        }
    }

    private static void Use(PlannedItem item)
    {
        if (item.NewAccount is { } account)
        {
            account.Used = true;
        }

        if (item.NewContact is { } contact)
        {
            contact.Used = true;
            if (contact.NewAccount is { } contactAccount)
            {
                contactAccount.Used = true;
            }
        }
    }

    private static T Guard<T>(ImportRow row, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (DomainRuleException ex)
        {
            var (column, value) = ColumnOf(row, ex.Field);
            Reject(row, column, value, ex.Message);
            throw;
        }
    }

    private static (string? Column, string? Value) ColumnOf(ImportRow row, string? field) => field switch
    {
        nameof(Opportunity.Name) => (OpportunityCsv.Name, row.Name.Raw),
        nameof(Opportunity.CloseDate) => (OpportunityCsv.CloseDate, row.CloseDate.Raw),
        nameof(Opportunity.Probability) => (OpportunityCsv.Probability, row.Probability.Raw),
        nameof(Opportunity.BudgetAmount) => (OpportunityCsv.BudgetAmount, row.BudgetAmount.Raw),
        nameof(Opportunity.CloseRevenueAmount) => (OpportunityCsv.CloseRevenue, row.CloseRevenue.Raw),
        nameof(Opportunity.CloseReasonCode) => (OpportunityCsv.CloseReason, row.CloseReason.Raw),
        nameof(Opportunity.ExternalId) => (OpportunityCsv.ExternalId, row.ExternalId.Raw),
        nameof(Opportunity.CustomerNeed) => (OpportunityCsv.CustomerNeed, row.CustomerNeed.Raw),
        nameof(Opportunity.ProposedSolution) => (OpportunityCsv.ProposedSolution, row.ProposedSolution.Raw),
        nameof(Opportunity.Notes) => (OpportunityCsv.Notes, row.Notes.Raw),
        "StatusId" or "Status" => (OpportunityCsv.Status, row.Status.Raw),
        _ => (null, null),
    };

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Reject(ImportRow row, string? column, string? value, string message)
    {
        row.Fail(column, value, message);
        throw new RowRejectedException();
    }


    private sealed record ContactInfo(int Id, string FirstName, string LastName, int? AccountId);

    private sealed record AccountChoice(int? Id, PendingAccount? Pending);

    private sealed record ContactChoice(bool Keep, int? Id, PendingContact? Pending);

    private sealed class ChunkLookups
    {
        public Dictionary<int, Opportunity> ById { get; } = [];

        public Dictionary<string, Opportunity> ByExternalId { get; } = new(StringComparer.Ordinal);

        /// <summary>The visible records with each name (several when a name is ambiguous).</summary>
        public Dictionary<string, List<Opportunity>> ByName { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Accounts { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Leads { get; } = new(StringComparer.Ordinal);

        public ILookup<(string, string), ContactInfo> Contacts { get; set; } = Array.Empty<ContactInfo>().ToLookup(c => (c.FirstName, c.LastName));
    }
}
