using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Customers;

namespace Oro.Opportunities.Application.Customers;

/// <summary>Creating, editing and deleting accounts, through the shared owned-record use case.</summary>
public sealed class AccountCommands(OwnedRecords<Account> records)
{
    public Task<Account> CreateAsync(AccountInput input, CancellationToken cancellationToken = default) =>
        records.CreateAsync(input.OwnerId, (_, owner, now) => Task.FromResult(new Account(input.Name, owner, now)), cancellationToken);

    /// <summary>Applies the edit form; <paramref name="version"/> is the token the form was built with.</summary>
    public Task<Account> UpdateAsync(int id, long version, AccountInput input, CancellationToken cancellationToken = default) =>
        records.UpdateAsync(id, version, input.OwnerId, (_, account) =>
        {
            account.Rename(input.Name);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// Deletes an account that no opportunity belongs to (deals are the customer's history and
    /// must not lose their account). Its contacts stay, without an account.
    /// </summary>
    public Task DeleteAsync(int id, CancellationToken cancellationToken = default) =>
        records.DeleteAsync(
            id,
            check: async account =>
            {
                // Counted over every opportunity, seen or not: the refusal must not depend on who asks.
                if (await records.Db.Opportunities.AnyAsync(o => o.AccountId == id, cancellationToken))
                {
                    throw new DomainRuleException(HasOpportunitiesMessage(account.Name));
                }
            },
            // An opportunity was added between the check and the delete; the foreign key refused it.
            refusal: (account, ex) => new DomainRuleException(HasOpportunitiesMessage(account.Name), ex),
            cancellationToken: cancellationToken);

    private static string HasOpportunitiesMessage(string name) =>
        $"The account \"{name}\" cannot be deleted while opportunities belong to it. Move or delete its opportunities first.";
}
