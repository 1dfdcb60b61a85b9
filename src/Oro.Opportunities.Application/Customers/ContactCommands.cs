using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Security;

// CA1862: these comparisons run in SQL; EF Core translates ToLower() but not the StringComparison overloads.
#pragma warning disable CA1862

namespace Oro.Opportunities.Application.Customers;

/// <summary>Creating, editing and deleting contacts, each checked against the user's access and the record's version.</summary>
public sealed class ContactCommands(AppDbContext db, AccessControl accessControl, CustomerOwners owners, TimeProvider clock)
{
    public const string ConflictMessage = "This contact was changed by someone else. The form shows the current values; apply your changes again.";

    public async Task<Contact> CreateAsync(ContactInput input, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        if (!access.CanCreate(SecuredEntity.Contact))
        {
            throw new ForbiddenException("You do not have permission to create contacts.");
        }

        var ownerId = input.OwnerId ?? access.UserId;
        await owners.EnsureCanAssignAsync(access, SecuredEntity.Contact, ownerId, nameof(ContactInput.OwnerId), cancellationToken);
        var contact = new Contact(input.FirstName ?? string.Empty, input.LastName ?? string.Empty, ownerId, Now);
        Apply(contact, input, await ResolveAccountAsync(access, input, current: null, cancellationToken));
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(cancellationToken);
        return contact;
    }

    /// <summary>Applies the edit form; <paramref name="version"/> is the token the form was built with.</summary>
    public async Task<Contact> UpdateAsync(int id, long version, ContactInput input, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var contact = await db.Contacts.Permitted(db, access, PermissionAction.Edit).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (contact is null)
        {
            await db.Contacts.ThrowMissingOrForbiddenAsync(db, access, id, PermissionAction.Edit, cancellationToken);
        }

        if (contact!.Version != version)
        {
            throw new ConcurrencyConflictException(ConflictMessage);
        }

        // The token the user saw is what the database must still hold when the update runs.
        db.Entry(contact).Property(c => c.Version).OriginalValue = version;
        var ownerId = input.OwnerId ?? contact.OwnerId;
        if (ownerId != contact.OwnerId)
        {
            await owners.EnsureCanAssignAsync(access, SecuredEntity.Contact, ownerId, nameof(ContactInput.OwnerId), cancellationToken);
            contact.AssignOwner(ownerId);
        }

        contact.ChangeName(input.FirstName ?? string.Empty, input.LastName ?? string.Empty);
        Apply(contact, input, await ResolveAccountAsync(access, input, contact.AccountId, cancellationToken));
        contact.Touch(Now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException(ConflictMessage, ex);
        }

        return contact;
    }

    /// <summary>Deletes a contact; opportunities that named it keep existing without a contact.</summary>
    public async Task DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var contact = await db.Contacts.Permitted(db, access, PermissionAction.Delete).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (contact is null)
        {
            await db.Contacts.ThrowMissingOrForbiddenAsync(db, access, id, PermissionAction.Delete, cancellationToken);
        }

        db.Contacts.Remove(contact!);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException(ConflictMessage, ex);
        }
    }

    private static void Apply(Contact contact, ContactInput input, int? accountId)
    {
        contact.JobTitle = Optional(input.JobTitle, Contact.JobTitleMaxLength, nameof(ContactInput.JobTitle));
        contact.Email = Optional(input.Email, Contact.EmailMaxLength, nameof(ContactInput.Email));
        contact.SecondaryEmail = Optional(input.SecondaryEmail, Contact.EmailMaxLength, nameof(ContactInput.SecondaryEmail));
        contact.Phone = Optional(input.Phone, Contact.PhoneMaxLength, nameof(ContactInput.Phone));
        contact.SecondaryPhone = Optional(input.SecondaryPhone, Contact.PhoneMaxLength, nameof(ContactInput.SecondaryPhone));
        contact.AccountId = accountId;
    }

    private static string? Optional(string? value, int maxLength, string field)
    {
        var trimmed = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return trimmed is { Length: var length } && length > maxLength
            ? throw new DomainRuleException($"Enter at most {maxLength} characters.", field)
            : trimmed;
    }

    /// <summary>
    /// The picked account (id and name agree), else the one account the user may see with the typed
    /// name. An empty field clears the account, except that a link to an account the user cannot
    /// see (so the form could not show it) is kept.
    /// </summary>
    private async Task<int?> ResolveAccountAsync(UserAccess access, ContactInput input, int? current, CancellationToken cancellationToken)
    {
        var visible = db.Accounts.AsNoTracking().Permitted(db, access);
        var name = input.AccountName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return input.AccountId is int kept && kept == current && !await visible.AnyAsync(a => a.Id == kept, cancellationToken)
                ? kept
                : null;
        }

        var lower = name.ToLowerInvariant();
        if (input.AccountId is int picked
            && await visible.AnyAsync(a => a.Id == picked && a.Name.ToLower() == lower, cancellationToken))
        {
            return picked;
        }

        var matches = await visible.Where(a => a.Name.ToLower() == lower).Select(a => a.Id).Take(2).ToListAsync(cancellationToken);
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new DomainRuleException($"There is no account named \"{name}\". Pick one from the list.", nameof(ContactInput.AccountName)),
            _ => throw new DomainRuleException($"Several accounts are named \"{name}\". Pick one from the list.", nameof(ContactInput.AccountName)),
        };
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
