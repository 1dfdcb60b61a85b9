using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.Domain.Customers;

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

    private Task<int?> ResolveAccountAsync(UserAccess access, ContactInput input, int? current, CancellationToken cancellationToken) =>
        RecordPickers.AccountAsync(records.Db, access, input.AccountId, input.AccountName, current, nameof(ContactInput.AccountName), cancellationToken);
}
