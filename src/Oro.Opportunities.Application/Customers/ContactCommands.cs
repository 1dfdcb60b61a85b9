using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.Domain.Customers;

// CA1862: these comparisons run in SQL; EF Core translates ToLower() but not the StringComparison overloads.
#pragma warning disable CA1862

namespace Oro.Opportunities.Application.Customers;

/// <summary>Creating, editing and deleting contacts, through the shared owned-record use case.</summary>
public sealed class ContactCommands(OwnedRecords<Contact> records)
{
    public Task<Contact> CreateAsync(ContactInput input, CancellationToken cancellationToken = default) =>
        records.CreateAsync(input.OwnerId, async (access, owner, now) =>
        {
            var contact = new Contact(input.Person.Name, owner, now);
            input.Person.ApplyDetails(contact);
            contact.AccountId = await ResolveAccountAsync(access, input, current: null, cancellationToken);
            return contact;
        }, cancellationToken);

    /// <summary>Applies the edit form; <paramref name="version"/> is the token the form was built with.</summary>
    public Task<Contact> UpdateAsync(int id, long version, ContactInput input, CancellationToken cancellationToken = default) =>
        records.UpdateAsync(id, version, input.OwnerId, async (access, contact) =>
        {
            contact.ChangeName(input.Person.Name);
            input.Person.ApplyDetails(contact);
            contact.AccountId = await ResolveAccountAsync(access, input, contact.AccountId, cancellationToken);
        }, cancellationToken);

    /// <summary>Deletes a contact; opportunities that named it keep existing without a contact.</summary>
    public Task DeleteAsync(int id, CancellationToken cancellationToken = default) =>
        records.DeleteAsync(id, cancellationToken: cancellationToken);

    /// <summary>
    /// The picked account (id and name agree), else the one account the user may see with the typed
    /// name. An empty field clears the account, except that a link to an account the user cannot
    /// see (so the form could not show it) is kept.
    /// </summary>
    private async Task<int?> ResolveAccountAsync(UserAccess access, ContactInput input, int? current, CancellationToken cancellationToken)
    {
        var db = records.Db;
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
}
