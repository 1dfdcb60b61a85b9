using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Customers;

/// <summary>Creating, editing and deleting accounts, each checked against the user's access and the record's version.</summary>
public sealed class AccountCommands(AppDbContext db, AccessControl accessControl, CustomerOwners owners, TimeProvider clock)
{
    public const string ConflictMessage = "This account was changed by someone else. The form shows the current values; apply your changes again.";

    public async Task<Account> CreateAsync(AccountInput input, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        if (!access.CanCreate(SecuredEntity.Account))
        {
            throw new ForbiddenException("You do not have permission to create accounts.");
        }

        var ownerId = input.OwnerId ?? access.UserId;
        await owners.EnsureCanAssignAsync(access, SecuredEntity.Account, ownerId, nameof(AccountInput.OwnerId), cancellationToken);
        var account = new Account(input.Name, ownerId, Now);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(cancellationToken);
        return account;
    }

    /// <summary>Applies the edit form; <paramref name="version"/> is the token the form was built with.</summary>
    public async Task<Account> UpdateAsync(int id, long version, AccountInput input, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var account = await db.Accounts.Permitted(db, access, PermissionAction.Edit).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (account is null)
        {
            await db.Accounts.ThrowMissingOrForbiddenAsync(db, access, id, PermissionAction.Edit, cancellationToken);
        }

        if (account!.Version != version)
        {
            throw new ConcurrencyConflictException(ConflictMessage);
        }

        // The token the user saw is what the database must still hold when the update runs.
        db.Entry(account).Property(a => a.Version).OriginalValue = version;
        var ownerId = input.OwnerId ?? account.OwnerId;
        if (ownerId != account.OwnerId)
        {
            await owners.EnsureCanAssignAsync(access, SecuredEntity.Account, ownerId, nameof(AccountInput.OwnerId), cancellationToken);
            account.AssignOwner(ownerId);
        }

        account.Rename(input.Name);
        account.Touch(Now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException(ConflictMessage, ex);
        }

        return account;
    }

    /// <summary>
    /// Deletes an account that no opportunity belongs to (deals are the customer's history and
    /// must not lose their account). Its contacts stay, without an account.
    /// </summary>
    public async Task DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var account = await db.Accounts.Permitted(db, access, PermissionAction.Delete).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (account is null)
        {
            await db.Accounts.ThrowMissingOrForbiddenAsync(db, access, id, PermissionAction.Delete, cancellationToken);
        }

        // Counted over every opportunity, seen or not: the refusal must not depend on who asks.
        if (await db.Opportunities.AnyAsync(o => o.AccountId == id, cancellationToken))
        {
            throw new DomainRuleException(HasOpportunitiesMessage(account!.Name));
        }

        db.Accounts.Remove(account!);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException(ConflictMessage, ex);
        }
        catch (DbUpdateException ex)
        {
            // An opportunity was added between the check and the delete; the foreign key refused it.
            throw new DomainRuleException(HasOpportunitiesMessage(account!.Name), ex);
        }
    }

    private static string HasOpportunitiesMessage(string name) =>
        $"The account \"{name}\" cannot be deleted while opportunities belong to it. Move or delete its opportunities first.";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
