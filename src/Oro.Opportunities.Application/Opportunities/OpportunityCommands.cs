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
/// Every write to an opportunity through a page: create, edit, inline edit, board drop, delete and
/// the mass actions. Each checks the user's access and the concurrency token, resolves what the
/// change refers to (accounts, contacts, owners), builds an <see cref="OpportunityChange"/> and
/// hands it to the aggregate's one change operation; <see cref="OpportunitySaveStep"/> saves it.
/// </summary>
public sealed class OpportunityCommands(
    AppDbContext db, AccessControl accessControl, ISystemConfiguration configuration, OpportunitySaveStep saveStep, Workflows.WorkflowRestrictions restrictions, UserClock clock)
{
    private static readonly OpportunityInputValidator InputValidator = new();

    public async Task<Opportunity> CreateAsync(OpportunityInput input, CancellationToken cancellationToken = default)
    {
        Validate(input);
        var access = await accessControl.GetAsync(cancellationToken);
        if (!access.CanCreate(SecuredEntity.Opportunity))
        {
            throw new ForbiddenException("You do not have permission to create opportunities.");
        }

        var snapshot = await configuration.GetAsync(cancellationToken);
        var context = await restrictions.ContextAsync(db, snapshot, await clock.NowAsync(cancellationToken), [], cancellationToken: cancellationToken);
        var ownerId = input.OwnerId ?? access.UserId;
        await EnsureCanAssignAsync(access, ownerId, cancellationToken);
        var status = (input.StatusId is int statusId ? snapshot.StatusById(statusId) : snapshot.DefaultStatus())
            ?? throw new DomainRuleException("Choose a status.", nameof(OpportunityInput.StatusId));

        await using var transaction = await BeginAsync(cancellationToken);
        var accountId = await ResolveAccountAsync(access, input, ownerId, context.Now, cancellationToken);
        var contactId = await ResolveContactAsync(access, input, ownerId, accountId, context.Now, cancellationToken);
        var opportunity = Opportunity.Create(ToChange(input, snapshot, ownerId, accountId, contactId, status), context);
        db.Opportunities.Add(opportunity);
        await saveStep.SaveAsync([opportunity], ChangeOrigin.Form, snapshot.Revision, cancellationToken);
        await CommitAsync(transaction, cancellationToken);
        return opportunity;
    }

    /// <summary>Applies the edit form. <paramref name="version"/> is the token the form was built with.</summary>
    public async Task<ChangeResult> UpdateAsync(int id, long version, OpportunityInput input, CancellationToken cancellationToken = default)
    {
        Validate(input);
        var access = await accessControl.GetAsync(cancellationToken);
        var opportunity = await LoadForEditAsync(access, id, version, cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var status = input.StatusId is int statusId
            ? snapshot.StatusById(statusId) ?? throw new DomainRuleException("Choose a status.", nameof(OpportunityInput.StatusId))
            : null;

        var now = await clock.NowAsync(cancellationToken);
        await using var transaction = await BeginAsync(cancellationToken);
        var ownerId = input.OwnerId ?? opportunity.OwnerId;
        if (ownerId != opportunity.OwnerId)
        {
            await EnsureCanAssignAsync(access, ownerId, cancellationToken);
        }

        var accountId = await ResolveAccountAsync(access, input, ownerId, now.UtcNow, cancellationToken, opportunity.AccountId);
        var contactId = await ResolveContactAsync(access, input, ownerId, accountId, now.UtcNow, cancellationToken);
        opportunity.Apply(ToChange(input, snapshot, ownerId, accountId, contactId, status), await restrictions.ContextAsync(db, snapshot, now, [id], cancellationToken: cancellationToken));
        var revision = await saveStep.SaveAsync([opportunity], ChangeOrigin.Form, snapshot.Revision, cancellationToken);
        await CommitAsync(transaction, cancellationToken);
        return new ChangeResult(opportunity, revision);
    }

    /// <summary>
    /// Applies a change built by a path (inline edit, board drop, mass action) to one opportunity the
    /// user may edit; a <paramref name="version"/> other than the stored one is a conflict.
    /// </summary>
    public Task<ChangeResult> ApplyAsync(int id, long? version, OpportunityChange change, ChangeOrigin origin, CancellationToken cancellationToken = default) =>
        ApplyAsync(id, version, _ => change, origin, null, cancellationToken);

    /// <summary>
    /// As above; <paramref name="alsoSave"/> adds what must be saved with the change in its one
    /// transaction (a workflow transition's step and history).
    /// </summary>
    public Task<ChangeResult> ApplyAsync(int id, long? version, OpportunityChange change, ChangeOrigin origin, Func<Task>? alsoSave, CancellationToken cancellationToken = default) =>
        ApplyAsync(id, version, _ => change, origin, alsoSave, cancellationToken);

    /// <summary>As above, for a change that depends on the loaded record (an inline amount keeps the deal's currency).</summary>
    private async Task<ChangeResult> ApplyAsync(int id, long? version, Func<Opportunity, OpportunityChange> build, ChangeOrigin origin, Func<Task>? alsoSave, CancellationToken cancellationToken)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var opportunity = await LoadForEditAsync(access, id, version, cancellationToken);
        var change = build(opportunity);
        if (change.OwnerId is { } owner && owner.Value != opportunity.OwnerId)
        {
            await EnsureCanAssignAsync(access, owner.Value, cancellationToken);
        }

        if (change.ContactId is { Value: int contactId } && contactId != opportunity.ContactId
            && !await db.Contacts.Permitted(db, access).AnyAsync(c => c.Id == contactId, cancellationToken))
        {
            throw new DomainRuleException("That contact does not exist.", "ContactId");
        }

        var snapshot = await configuration.GetAsync(cancellationToken);
        opportunity.Apply(change, await restrictions.ContextAsync(db, snapshot, await clock.NowAsync(cancellationToken), [id], origin.Workflow, cancellationToken));
        if (alsoSave is not null)
        {
            await alsoSave();
        }

        return new ChangeResult(opportunity, await saveStep.SaveAsync([opportunity], origin, snapshot.Revision, cancellationToken));
    }

    /// <summary>Inline edit of one grid cell (spec §4): name, status, probability, budget, close date, close revenue, contact, owner.</summary>
    public async Task<ChangeResult> UpdateFieldAsync(int id, long version, string field, string? value, string? currency, CancellationToken cancellationToken = default)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        OpportunityChange Build(Opportunity current) => field switch
        {
            "name" => new OpportunityChange { Name = value ?? string.Empty },
            "status" => new OpportunityChange
            {
                Status = snapshot.StatusByCodeOrLabel(value) ?? (int.TryParse(value, out var statusId) ? snapshot.StatusById(statusId) : null)
                    ?? throw new DomainRuleException("That status does not exist.", "Status"),
            },
            "probability" => new OpportunityChange { Probability = new(InlineValues.ParseProbability(value)) },
            "budget" => new OpportunityChange
            {
                Budget = new(snapshot.Money(InlineValues.ParseAmount(value, "BudgetAmount"), currency ?? current.BudgetCurrency, "BudgetAmount")),
            },
            "closeDate" => new OpportunityChange { CloseDate = new(InlineValues.ParseDate(value)) },
            "closeRevenue" => new OpportunityChange
            {
                CloseRevenue = new(snapshot.Money(InlineValues.ParseAmount(value, "CloseRevenueAmount"), currency ?? current.CloseRevenueCurrency, "CloseRevenueAmount")),
            },
            "contact" => new OpportunityChange { ContactId = new(InlineValues.ParseId(value, "ContactId")) },
            "owner" => new OpportunityChange { OwnerId = InlineValues.ParseId(value, "OwnerId") ?? throw new DomainRuleException("Choose an active user as owner.", "OwnerId") },
            _ => throw new DomainRuleException($"'{field}' cannot be edited in the grid."),
        };
        return await ApplyAsync(id, version, Build, ChangeOrigin.Inline, null, cancellationToken);
    }

    /// <summary>Deletes a deal; with <paramref name="version"/>, only the deal as the user saw it (a conflict otherwise).</summary>
    public async Task DeleteAsync(int id, long? version = null, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var opportunity = await db.Opportunities.Permitted(db, access, PermissionAction.Delete).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (opportunity is null)
        {
            await db.Opportunities.ThrowMissingOrForbiddenAsync(db, access, id, PermissionAction.Delete, cancellationToken);
        }

        if (version is long expected && opportunity!.Version != expected)
        {
            throw new ConcurrencyConflictException(ConcurrencyConflictException.OpportunityMessage);
        }

        db.Opportunities.Remove(opportunity!);
        await using var transaction = await BeginAsync(cancellationToken);

        // Its workflow steps go with it (a later record could otherwise be given the same id on SQLite); the history stays.
        await db.WorkflowItems.Where(i => i.Entity == Domain.Workflows.WorkflowEntities.Opportunity && i.EntityId == id).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await CommitAsync(transaction, cancellationToken);
    }

    /// <summary>
    /// Applies one action to many opportunities, each through the same rules and permissions as a
    /// single edit, with the version the user selected it at. Failures are reported per record; the others are saved.
    /// </summary>
    public Task<MassActionResult> MassAsync(IReadOnlyDictionary<int, long> targets, Func<int, long, Task> action, CancellationToken cancellationToken = default) =>
        MassActionResult.RunAsync(db, targets, action);

    public Task<MassActionResult> MassDeleteAsync(IReadOnlyDictionary<int, long> targets, CancellationToken cancellationToken = default) =>
        MassAsync(targets, (id, version) => DeleteAsync(id, version, cancellationToken), cancellationToken);

    public Task<MassActionResult> MassAssignOwnerAsync(IReadOnlyDictionary<int, long> targets, int ownerId, CancellationToken cancellationToken = default) =>
        MassAsync(targets, (id, version) => ApplyAsync(id, version, new OpportunityChange { OwnerId = ownerId }, ChangeOrigin.Mass, cancellationToken), cancellationToken);

    /// <summary>Moves many deals to one status; closing without a close date uses today (spec §3.3).</summary>
    public async Task<MassActionResult> MassChangeStatusAsync(IReadOnlyDictionary<int, long> targets, int statusId, DateOnly? closeDate, string? closeReason, CancellationToken cancellationToken = default)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        var status = snapshot.StatusById(statusId) ?? throw new DomainRuleException("That status does not exist.", "StatusId");
        var change = new OpportunityChange
        {
            Status = status,
            CloseDate = closeDate is null ? null : new(closeDate),
            CloseReason = string.IsNullOrWhiteSpace(closeReason) ? null : new(closeReason),
        };
        return await MassAsync(targets, (id, version) => ApplyAsync(id, version, change, ChangeOrigin.Mass, cancellationToken), cancellationToken);
    }

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

    /// <summary>The request's own checks (the same rules the form shows in the browser); the first failure refuses it.</summary>
    private static void Validate(OpportunityInput input)
    {
        if (InputValidator.Validate(input).Errors.FirstOrDefault() is { } failure)
        {
            throw new DomainRuleException(failure.ErrorMessage, failure.PropertyName == nameof(OpportunityInput.NewAccountName) ? nameof(OpportunityInput.AccountId) : failure.PropertyName);
        }
    }

    /// <summary>The form's values as a change: every field present; those the user left as they were count as unchanged.</summary>
    private static OpportunityChange ToChange(OpportunityInput input, ConfigurationSnapshot snapshot, int ownerId, int accountId, int? contactId, StatusRef? status) => new()
    {
        Name = input.Name,
        OwnerId = ownerId,
        AccountId = accountId,
        ContactId = new(contactId),
        Status = status is null ? null : new(status),
        Probability = new(input.Probability),
        Budget = new(snapshot.Money(input.BudgetAmount, input.BudgetCurrency, nameof(OpportunityInput.BudgetAmount))),
        CloseDate = new(input.CloseDate),
        CloseRevenue = new(snapshot.Money(input.CloseRevenueAmount, input.CloseRevenueCurrency, nameof(OpportunityInput.CloseRevenueAmount))),
        CloseReason = new(input.CloseReasonCode),
        CustomerNeed = new(input.CustomerNeed),
        ProposedSolution = new(input.ProposedSolution),
        Notes = new(input.Notes),
        LeadId = input.LeadId is int leadId ? new(leadId) : null,
    };

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

/// <summary>The saved opportunity and the data revision its save produced (null when it changed nothing).</summary>
public sealed record ChangeResult(Opportunity Opportunity, long? Revision);

public sealed record MassActionFailure(int Id, string Reason);

public sealed record MassActionResult(int Succeeded, IReadOnlyList<MassActionFailure> Failures)
{
    /// <summary>
    /// Runs <paramref name="action"/> for each record with the version the user selected it at, as a
    /// single edit would: a refused one (a record changed since is a conflict) is reported with its reason
    /// and its tracked changes dropped; the others are saved. Every mass action (opportunities, accounts,
    /// contacts, leads) goes through here.
    /// </summary>
    public static async Task<MassActionResult> RunAsync(AppDbContext db, IReadOnlyDictionary<int, long> targets, Func<int, long, Task> action)
    {
        var failures = new List<MassActionFailure>();
        var succeeded = 0;
        foreach (var (id, version) in targets)
        {
            try
            {
                await action(id, version);
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
}
