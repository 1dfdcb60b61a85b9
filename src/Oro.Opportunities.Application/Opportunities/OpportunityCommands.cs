using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Security;
using MoneyValue = Oro.Opportunities.Domain.Money.Money;

namespace Oro.Opportunities.Application.Opportunities;

/// <summary>
/// Every write to an opportunity: create, edit, status change (form, inline edit, board), delete
/// and the mass actions. Each checks the user's access and the concurrency token, and changes the
/// opportunity only through its domain methods (spec §3).
/// </summary>
public sealed class OpportunityCommands(AppDbContext db, AccessControl accessControl, ISystemConfiguration configuration, TimeProvider clock)
{
    public async Task<Opportunity> CreateAsync(OpportunityInput input, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        if (!access.CanCreate(SecuredEntity.Opportunity))
        {
            throw new ForbiddenException("You do not have permission to create opportunities.");
        }

        var snapshot = await configuration.GetAsync(cancellationToken);
        var rates = new SnapshotRates(snapshot);
        var now = Now;
        var ownerId = input.OwnerId ?? access.UserId;
        await EnsureCanAssignAsync(access, ownerId, cancellationToken);
        var status = (input.StatusId is int statusId ? snapshot.StatusById(statusId) : snapshot.DefaultStatus())
            ?? throw new DomainRuleException("Choose a status.", nameof(OpportunityInput.StatusId));

        await using var transaction = await BeginAsync(cancellationToken);
        var accountId = await ResolveAccountAsync(access, input, ownerId, now, cancellationToken);
        var contactId = await ResolveContactAsync(access, input, ownerId, accountId, now, cancellationToken);
        var opportunity = Opportunity.Create(
            input.Name, ownerId, accountId, status, rates, now,
            input.Probability, Money(input.BudgetAmount, input.BudgetCurrency, snapshot, nameof(OpportunityInput.BudgetAmount)), input.CloseDate,
            new ClosingData(input.CloseDate, Money(input.CloseRevenueAmount, input.CloseRevenueCurrency, snapshot, nameof(OpportunityInput.CloseRevenueAmount)), input.CloseReasonCode));
        opportunity.ChangeContact(contactId);
        opportunity.Describe(input.CustomerNeed, input.ProposedSolution, input.Notes);
        if (!status.IsClosed)
        {
            if (input.CloseRevenueAmount is not null)
            {
                opportunity.SetCloseRevenue(Money(input.CloseRevenueAmount, input.CloseRevenueCurrency, snapshot, nameof(OpportunityInput.CloseRevenueAmount)), rates);
            }

            opportunity.SetCloseReason(input.CloseReasonCode, status);
        }

        db.Opportunities.Add(opportunity);
        await db.SaveChangesAsync(cancellationToken);
        await CommitAsync(transaction, cancellationToken);
        return opportunity;
    }

    /// <summary>Applies the edit form. <paramref name="version"/> is the token the form was built with.</summary>
    public async Task<Opportunity> UpdateAsync(int id, long version, OpportunityInput input, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var opportunity = await LoadForEditAsync(access, id, version, cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var rates = new SnapshotRates(snapshot);
        var now = Now;
        var from = snapshot.StatusById(opportunity.StatusId)!;
        var to = (input.StatusId is int statusId ? snapshot.StatusById(statusId) : from)
            ?? throw new DomainRuleException("Choose a status.", nameof(OpportunityInput.StatusId));

        await using var transaction = await BeginAsync(cancellationToken);
        var ownerId = input.OwnerId ?? opportunity.OwnerId;
        if (ownerId != opportunity.OwnerId)
        {
            await EnsureCanAssignAsync(access, ownerId, cancellationToken);
            opportunity.AssignOwner(ownerId);
        }

        var accountId = await ResolveAccountAsync(access, input, ownerId, now, cancellationToken, opportunity.AccountId);
        opportunity.ChangeAccount(accountId);
        opportunity.ChangeContact(await ResolveContactAsync(access, input, ownerId, accountId, now, cancellationToken));
        opportunity.Rename(input.Name);
        opportunity.Describe(input.CustomerNeed, input.ProposedSolution, input.Notes);
        opportunity.SetBudget(Money(input.BudgetAmount, input.BudgetCurrency, snapshot, nameof(OpportunityInput.BudgetAmount)), rates);

        var previousProbability = opportunity.Probability;
        var closeRevenue = Money(input.CloseRevenueAmount, input.CloseRevenueCurrency, snapshot, nameof(OpportunityInput.CloseRevenueAmount));
        if (to.Id != from.Id)
        {
            // The status rule decides the closing data; reopening clears it whatever the form still shows.
            opportunity.ChangeStatus(from, to, rates, now, new ClosingData(input.CloseDate, closeRevenue, input.CloseReasonCode));
            if (!to.IsClosed)
            {
                opportunity.SetCloseDate(input.CloseDate, to);
                if (!from.IsClosed)
                {
                    opportunity.SetCloseRevenue(closeRevenue, rates);
                    opportunity.SetCloseReason(input.CloseReasonCode, to);
                }
            }
        }
        else
        {
            opportunity.SetCloseDate(input.CloseDate, to);
            if (to.Kind != Domain.Statuses.StatusKind.Lost)
            {
                // A lost deal's revenue is 0 by rule; anything else is the user's to edit.
                opportunity.SetCloseRevenue(closeRevenue, rates);
            }

            opportunity.SetCloseReason(input.CloseReasonCode, to);
        }

        // A probability the user left as it was lets the status rule decide; a changed one is a manual value.
        if (input.Probability != previousProbability)
        {
            opportunity.SetProbability(input.Probability, to);
        }

        await SaveAsync(opportunity, now, cancellationToken);
        await CommitAsync(transaction, cancellationToken);
        return opportunity;
    }

    /// <summary>The one status-change path of the grid's inline edit, the board and mass updates.</summary>
    public async Task<Opportunity> ChangeStatusAsync(int id, long? version, int statusId, ClosingData? closing, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var opportunity = await LoadForEditAsync(access, id, version, cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var from = snapshot.StatusById(opportunity.StatusId)!;
        var to = snapshot.StatusById(statusId) ?? throw new DomainRuleException("That status does not exist.", "StatusId");
        var now = Now;
        opportunity.ChangeStatus(from, to, new SnapshotRates(snapshot), now, closing);
        await SaveAsync(opportunity, now, cancellationToken);
        return opportunity;
    }

    /// <summary>Inline edit of one grid cell (spec §4): name, status, probability, budget, close date, close revenue, contact, owner.</summary>
    public async Task<Opportunity> UpdateFieldAsync(int id, long version, string field, string? value, string? currency, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var opportunity = await LoadForEditAsync(access, id, version, cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var rates = new SnapshotRates(snapshot);
        var status = snapshot.StatusById(opportunity.StatusId)!;
        var now = Now;
        switch (field)
        {
            case "name":
                opportunity.Rename(value ?? string.Empty);
                break;
            case "status":
                var to = snapshot.StatusByCodeOrLabel(value) ?? (int.TryParse(value, out var statusId) ? snapshot.StatusById(statusId) : null)
                    ?? throw new DomainRuleException("That status does not exist.", "Status");
                opportunity.ChangeStatus(status, to, rates, now);
                break;
            case "probability":
                opportunity.SetProbability(InlineValues.ParseProbability(value), status);
                break;
            case "budget":
                opportunity.SetBudget(Money(InlineValues.ParseAmount(value, "BudgetAmount"), currency ?? opportunity.BudgetCurrency, snapshot, "BudgetAmount"), rates);
                break;
            case "closeDate":
                opportunity.SetCloseDate(InlineValues.ParseDate(value), status);
                break;
            case "closeRevenue":
                if (status.Kind == Domain.Statuses.StatusKind.Lost)
                {
                    throw new DomainRuleException("A lost opportunity's close revenue is 0.", "CloseRevenueAmount");
                }

                opportunity.SetCloseRevenue(Money(InlineValues.ParseAmount(value, "CloseRevenueAmount"), currency ?? opportunity.CloseRevenueCurrency, snapshot, "CloseRevenueAmount"), rates);
                break;
            case "contact":
                int? contactId = string.IsNullOrWhiteSpace(value) ? null : int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                if (contactId is int cid && !await db.Contacts.Permitted(db, access).AnyAsync(c => c.Id == cid, cancellationToken))
                {
                    throw new DomainRuleException("That contact does not exist.", "ContactId");
                }

                opportunity.ChangeContact(contactId);
                break;
            case "owner":
                var ownerId = int.Parse(value ?? "0", System.Globalization.CultureInfo.InvariantCulture);
                await EnsureCanAssignAsync(access, ownerId, cancellationToken);
                opportunity.AssignOwner(ownerId);
                break;
            default:
                throw new DomainRuleException($"'{field}' cannot be edited in the grid.");
        }

        await SaveAsync(opportunity, now, cancellationToken);
        return opportunity;
    }

    public async Task DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var opportunity = await db.Opportunities.Permitted(db, access, PermissionAction.Delete).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (opportunity is null)
        {
            await db.Opportunities.ThrowMissingOrForbiddenAsync(db, access, id, PermissionAction.Delete, cancellationToken);
        }

        db.Opportunities.Remove(opportunity!);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Applies one action to many opportunities, each through the same rules and permissions as a
    /// single edit. Failures are reported per record; the others are saved.
    /// </summary>
    public async Task<MassActionResult> MassAsync(IReadOnlyCollection<int> ids, Func<int, Task> action, CancellationToken cancellationToken = default)
    {
        var failures = new List<MassActionFailure>();
        var succeeded = 0;
        foreach (var id in ids.Distinct())
        {
            try
            {
                await action(id);
                succeeded++;
            }
            catch (Exception ex) when (ex is DomainRuleException or NotFoundException or ForbiddenException or ConcurrencyConflictException)
            {
                failures.Add(new MassActionFailure(id, ex is NotFoundException ? "Not found." : ex.Message));
                db.ChangeTracker.Clear();
            }
        }

        return new MassActionResult(succeeded, failures);
    }

    public Task<MassActionResult> MassDeleteAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken = default) =>
        MassAsync(ids, id => DeleteAsync(id, cancellationToken), cancellationToken);

    public Task<MassActionResult> MassAssignOwnerAsync(IReadOnlyCollection<int> ids, int ownerId, CancellationToken cancellationToken = default) =>
        MassAsync(ids, async id =>
        {
            var version = await CurrentVersionAsync(id, cancellationToken);
            await UpdateFieldAsync(id, version, "owner", ownerId.ToString(System.Globalization.CultureInfo.InvariantCulture), null, cancellationToken);
        }, cancellationToken);

    public Task<MassActionResult> MassChangeStatusAsync(IReadOnlyCollection<int> ids, int statusId, ClosingData? closing, CancellationToken cancellationToken = default) =>
        MassAsync(ids, id => ChangeStatusAsync(id, null, statusId, closing, cancellationToken), cancellationToken);

    /// <summary>
    /// Told of a single-record save inside its transaction, under the revision it produced, before it
    /// commits, and then whether it committed (the board keeps its column totals this way).
    /// </summary>
    public ICommitObserver? CommitObserver { get; set; }

    /// <summary>The opportunities data revision that the last save of this request produced, when known exactly.</summary>
    public long? LastRevision { get; private set; }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<long> CurrentVersionAsync(int id, CancellationToken cancellationToken) =>
        await db.Opportunities.AsNoTracking().Where(o => o.Id == id).Select(o => (long?)o.Version).FirstOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException();

    private async Task<Opportunity> LoadForEditAsync(UserAccess access, int id, long? version, CancellationToken cancellationToken)
    {
        var opportunity = await db.Opportunities.Permitted(db, access, PermissionAction.Edit).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (opportunity is null)
        {
            await db.Opportunities.ThrowMissingOrForbiddenAsync(db, access, id, PermissionAction.Edit, cancellationToken);
        }

        if (version is long expected && opportunity!.Version != expected)
        {
            throw new ConcurrencyConflictException();
        }

        // The token the user saw is what the database must still hold when the update runs.
        db.Entry(opportunity!).Property(o => o.Version).OriginalValue = version ?? opportunity!.Version;
        return opportunity!;
    }

    private async Task SaveAsync(Opportunity opportunity, DateTime now, CancellationToken cancellationToken)
    {
        opportunity.Touch(now);
        try
        {
            // One transaction for the change, its audit entry and the data-revision bump: one commit,
            // one turn of the database's write lock.
            await using var transaction = await BeginAsync(cancellationToken);
            var changed = db.ChangeTracker.HasChanges();
            await db.SaveChangesAsync(cancellationToken);

            // Read while this transaction still holds the write: the revision this change produced.
            // (The state just before it is that revision minus one; see LiveBoardTotals.) A save that
            // changed nothing produced no revision.
            LastRevision = transaction is null || !changed ? null : await DataRevisions.ReadAsync(db, Domain.Configuration.DataRevision.Opportunities, cancellationToken);
            var observer = LastRevision is null ? null : CommitObserver;
            var committed = false;
            try
            {
                if (observer is not null)
                {
                    await observer.BeforeCommitAsync(LastRevision!.Value, cancellationToken);
                }

                await CommitAsync(transaction, cancellationToken);
                committed = true;
            }
            finally
            {
                observer?.Completed(LastRevision!.Value, committed);
            }
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException(ConcurrencyConflictException.OpportunityMessage, ex);
        }
    }

    private async Task EnsureCanAssignAsync(UserAccess access, int ownerId, CancellationToken cancellationToken)
    {
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == ownerId && u.IsEnabled).Select(u => new { u.Id, u.TeamId }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new DomainRuleException("Choose an active user as owner.", nameof(OpportunityInput.OwnerId));
        if (owner.Id == access.UserId)
        {
            return;
        }

        if (!AccessRules.Allows(access.Level(SecuredEntity.Opportunity, PermissionAction.Assign), access.UserId, access.TeamId, owner.Id, owner.TeamId))
        {
            throw new DomainRuleException("You can only assign opportunities to yourself" + (access.Level(SecuredEntity.Opportunity, PermissionAction.Assign) == AccessLevel.Team ? " or your team." : "."), nameof(OpportunityInput.OwnerId));
        }
    }

    private async Task<int> ResolveAccountAsync(UserAccess access, OpportunityInput input, int ownerId, DateTime now, CancellationToken cancellationToken, int? current = null)
    {
        if (input.AccountId is int accountId)
        {
            if (accountId == current || await db.Accounts.Permitted(db, access).AnyAsync(a => a.Id == accountId, cancellationToken))
            {
                return accountId;
            }

            throw new DomainRuleException("That account does not exist.", nameof(OpportunityInput.AccountId));
        }

        if (!string.IsNullOrWhiteSpace(input.NewAccountName))
        {
            if (!access.CanCreate(SecuredEntity.Account))
            {
                throw new DomainRuleException("You do not have permission to create accounts; choose an existing one.", nameof(OpportunityInput.AccountId));
            }

            var account = new Account(input.NewAccountName, ownerId, now);
            db.Accounts.Add(account);
            await db.SaveChangesAsync(cancellationToken);
            return account.Id;
        }

        throw new DomainRuleException("Choose an account or type the name of a new one.", nameof(OpportunityInput.AccountId));
    }

    private async Task<int?> ResolveContactAsync(UserAccess access, OpportunityInput input, int ownerId, int accountId, DateTime now, CancellationToken cancellationToken)
    {
        if (input.ContactId is int contactId)
        {
            return await db.Contacts.Permitted(db, access).AnyAsync(c => c.Id == contactId, cancellationToken)
                ? contactId
                : throw new DomainRuleException("That contact does not exist.", nameof(OpportunityInput.ContactId));
        }

        if (string.IsNullOrWhiteSpace(input.NewContactName))
        {
            return null;
        }

        if (!access.CanCreate(SecuredEntity.Contact))
        {
            throw new DomainRuleException("You do not have permission to create contacts; choose an existing one.", nameof(OpportunityInput.ContactId));
        }

        var parts = input.NewContactName.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var contact = new Contact(parts.Length > 1 ? parts[0] : string.Empty, parts.Length > 1 ? parts[1] : parts[0], ownerId, now) { AccountId = accountId };
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(cancellationToken);
        return contact.Id;
    }

    private static MoneyValue? Money(decimal? amount, string? currency, ConfigurationSnapshot snapshot, string field)
    {
        if (amount is null)
        {
            return null;
        }

        var code = string.IsNullOrWhiteSpace(currency) ? snapshot.BaseCurrency : currency.Trim().ToUpperInvariant();
        if (!CurrencyCode.TryParse(code, out var parsed) || (code != snapshot.BaseCurrency && !snapshot.AllowedCurrencies.Contains(code)))
        {
            throw new DomainRuleException($"{code} is not an allowed currency.", field);
        }

        return new MoneyValue(amount.Value, parsed);
    }

    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> BeginAsync(CancellationToken cancellationToken) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginWriteTransactionAsync(cancellationToken) : null;

    private static async Task CommitAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }
}

/// <summary>See <see cref="OpportunityCommands.CommitObserver"/>.</summary>
public interface ICommitObserver
{
    Task BeforeCommitAsync(long revision, CancellationToken cancellationToken);

    void Completed(long revision, bool committed);
}

public sealed record MassActionFailure(int Id, string Reason);

public sealed record MassActionResult(int Succeeded, IReadOnlyList<MassActionFailure> Failures);
