using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Security;

// CA1862: these comparisons run in SQL; EF Core translates ToLower() but not the StringComparison overloads.
#pragma warning disable CA1862

namespace Oro.Opportunities.Application.Leads;

/// <summary>Where the prefilled account of a conversion comes from (spec §9).</summary>
public enum ConversionAccountSource
{
    /// <summary>The lead's own account.</summary>
    Lead,

    /// <summary>The account whose name equals the lead's company name (case-insensitive).</summary>
    CompanyName,

    /// <summary>No such account: a new one named after the company is created on save.</summary>
    New,

    /// <summary>Neither an account nor a company name: the user chooses.</summary>
    None,
}

/// <summary>The account a conversion starts from: an existing one (id and name) or the name of a new one.</summary>
public sealed record ConversionAccount(int? Id, string? Name, ConversionAccountSource Source);

/// <summary>The conversion form as it opens: the opportunity prefilled, and the contact — the lead's, or a new one built from the lead.</summary>
public sealed record ConversionDraft(
    int LeadId,
    long LeadVersion,
    string LeadName,
    OpportunityInput Opportunity,
    ConversionAccount Account,
    int? ContactId,
    string? ContactName,
    PersonInput? NewContact);

/// <summary>
/// What a conversion saves: the opportunity's fields (its account picked by id or named as a new one),
/// and either the existing contact (<see cref="OpportunityInput.ContactId"/>) or <see cref="NewContact"/>.
/// <see cref="LeadVersion"/> is the token the form was built with (null: the current one).
/// </summary>
public sealed record ConversionInput(OpportunityInput Opportunity, PersonInput? NewContact, long? LeadVersion = null);

public sealed record ConversionResult(int OpportunityId, int AccountId, int? ContactId);

/// <summary>The prefill rules of Convert to Opportunity (spec §9), free of any database so they are tested alone.</summary>
public static class ConversionRules
{
    /// <summary>
    /// The lead's account when it has one the user may see; else the account named like the lead's company
    /// (case-insensitive; the oldest when several are); else a new account of that name; else none.
    /// </summary>
    public static ConversionAccount Account(int? leadAccountId, string? leadAccountName, string? companyName, IEnumerable<(int Id, string Name)> visibleAccounts)
    {
        if (leadAccountId is int id && leadAccountName is not null)
        {
            return new ConversionAccount(id, leadAccountName, ConversionAccountSource.Lead);
        }

        var company = companyName?.Trim();
        if (string.IsNullOrEmpty(company))
        {
            return new ConversionAccount(null, null, ConversionAccountSource.None);
        }

        var match = visibleAccounts
            .Where(a => string.Equals(a.Name.Trim(), company, StringComparison.OrdinalIgnoreCase))
            .OrderBy(a => a.Id)
            .Select(a => (int?)a.Id)
            .FirstOrDefault();
        return match is int matched
            ? new ConversionAccount(matched, visibleAccounts.First(a => a.Id == matched).Name, ConversionAccountSource.CompanyName)
            : new ConversionAccount(null, company, ConversionAccountSource.New);
    }

    /// <summary>A new contact built from the lead: name parts, job title, every e-mail, phone and address with its primary flag.</summary>
    public static PersonInput Contact(LeadInput lead) => lead.Person with { };
}

/// <summary>
/// Convert to Opportunity (spec §9): <see cref="PrepareAsync"/> gives the prefilled form;
/// <see cref="ConvertAsync"/> saves, in one transaction, the account (when new), the contact (when new,
/// added to the account), the opportunity through the change pipeline (<see cref="OpportunityCommands"/>,
/// linking the lead), and the lead: its contact set and its status Qualified. The lead's concurrency
/// token is claimed first, so two conversions at once create one opportunity; the other is refused and
/// leaves nothing behind. Pages and the lead workflow's Qualify transition call the same code.
/// </summary>
public sealed class LeadConversion(
    AppDbContext db,
    AccessControl accessControl,
    ISystemConfiguration configuration,
    OwnedRecords<Lead> leads,
    OwnedRecords<Account> accounts,
    OwnedRecords<Contact> contacts,
    OpportunityCommands opportunities)
{
    public const string AlreadyConvertedMessage = "This lead has already been converted to an opportunity.";

    public const string ConvertedMeanwhileMessage =
        "This lead was converted or changed by someone else in the meantime. Nothing was saved; open the lead to see where it stands.";

    public async Task<ConversionDraft> PrepareAsync(int leadId, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var snapshot = await EnsureEnabledAsync(cancellationToken);
        var lead = await leads.LoadAsync(access, leadId, null, PermissionAction.Edit, cancellationToken);
        await EnsureNotConvertedAsync(lead, cancellationToken);
        var input = LeadQueries.ToInput(lead);
        var visibleAccounts = db.Accounts.AsNoTracking().Permitted(db, access);

        string? leadAccountName = null;
        if (lead.AccountId is int accountId)
        {
            leadAccountName = await visibleAccounts.Where(a => a.Id == accountId).Select(a => a.Name).FirstOrDefaultAsync(cancellationToken);
        }

        var company = lead.CompanyName?.Trim().ToLowerInvariant();
        var sameNamed = leadAccountName is null && !string.IsNullOrEmpty(company)
            ? await visibleAccounts.Where(a => a.Name.ToLower() == company).OrderBy(a => a.Id).Take(5).Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken)
            : [];
        var account = ConversionRules.Account(lead.AccountId, leadAccountName, lead.CompanyName, sameNamed.Select(a => (a.Id, a.Name)));

        string? contactName = null;
        if (lead.ContactId is int contactId)
        {
            contactName = await db.Contacts.AsNoTracking().Permitted(db, access).Where(c => c.Id == contactId)
                .Select(c => (c.FirstName + " " + c.LastName).Trim()).FirstOrDefaultAsync(cancellationToken);
        }

        var status = snapshot.DefaultStatus();
        var opportunity = new OpportunityInput
        {
            Name = lead.Name,
            OwnerId = access.UserId,
            AccountId = account.Id,
            NewAccountName = account.Id is null ? account.Name : null,
            ContactId = contactName is null ? null : lead.ContactId,
            StatusId = status.Id,
            Probability = status.DefaultProbability,
            BudgetCurrency = snapshot.BaseCurrency,
            CloseRevenueCurrency = snapshot.BaseCurrency,
            Notes = lead.Notes,
            LeadId = lead.Id,
        };
        return new ConversionDraft(
            lead.Id, lead.Version, lead.Name, opportunity, account,
            contactName is null ? null : lead.ContactId, contactName,
            contactName is null ? ConversionRules.Contact(input) : null);
    }

    public async Task<ConversionResult> ConvertAsync(int leadId, ConversionInput input, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        await EnsureEnabledAsync(cancellationToken);
        if (!access.CanCreate(SecuredEntity.Opportunity))
        {
            throw new ForbiddenException("You do not have permission to create opportunities.");
        }

        var owned = db.Database.CurrentTransaction is null;
        await using var transaction = owned ? await db.Database.BeginWriteTransactionAsync(cancellationToken) : null;
        try
        {
            var lead = await leads.LoadAsync(access, leadId, input.LeadVersion, PermissionAction.Edit, cancellationToken);
            await EnsureNotConvertedAsync(lead, cancellationToken);

            // Claim the lead first: a second conversion of it waits here (its row is locked) and is then
            // refused by the concurrency token, before it has written anything.
            lead.Touch(leads.Now);
            await leads.SaveAsync(cancellationToken);

            var accountId = await AccountAsync(access, input.Opportunity, cancellationToken);
            var contactId = await ContactAsync(access, input, accountId, cancellationToken);
            var opportunity = await opportunities.CreateAsync(
                input.Opportunity with { AccountId = accountId, NewAccountName = null, ContactId = contactId, NewContactName = null, LeadId = lead.Id },
                cancellationToken);

            lead.Apply(new LeadChange { Status = LeadStatusChange.Qualify, ContactId = contactId, AccountId = lead.AccountId ?? accountId });

            lead.Touch(leads.Now);
            await leads.SaveAsync(cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return new ConversionResult(opportunity.Id, accountId, contactId);
        }
        catch (ConcurrencyConflictException ex) when (ex.Message != OpportunitySaveStep.ConfigurationChangedMessage)
        {
            throw new ConcurrencyConflictException(ConvertedMeanwhileMessage, ex);
        }
        finally
        {
            if (owned)
            {
                // Whatever was refused was rolled back with the transaction; the tracked rows are stale.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The picked account (one the user may see), or a new account named in the form, owned by the converting user.</summary>
    private async Task<int> AccountAsync(UserAccess access, OpportunityInput opportunity, CancellationToken cancellationToken)
    {
        if (opportunity.AccountId is int picked)
        {
            return await db.Accounts.Permitted(db, access).AnyAsync(a => a.Id == picked, cancellationToken)
                ? picked
                : throw new DomainRuleException("That account does not exist.", nameof(OpportunityInput.AccountId));
        }

        var name = opportunity.NewAccountName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw new DomainRuleException("Choose an account or type the name of a new one.", nameof(OpportunityInput.AccountId));
        }

        if (!access.CanCreate(SecuredEntity.Account))
        {
            throw new DomainRuleException("You do not have permission to create accounts; choose an existing one.", nameof(OpportunityInput.AccountId));
        }

        var account = await accounts.CreateAsync(access.UserId, (_, owner, now) => Task.FromResult(new Account(name, owner, now)), cancellationToken);
        return account.Id;
    }

    /// <summary>
    /// The new contact (owned by the converting user, in the account), or the picked existing one — added
    /// to the account when it has none and the user may edit it.
    /// </summary>
    private async Task<int?> ContactAsync(UserAccess access, ConversionInput input, int accountId, CancellationToken cancellationToken)
    {
        if (input.NewContact is { } person)
        {
            if (!access.CanCreate(SecuredEntity.Contact))
            {
                throw new DomainRuleException("You do not have permission to create contacts.", "NewContact");
            }

            var contact = await contacts.CreateAsync(access.UserId, (_, owner, now) =>
            {
                var created = new Contact(person.Name, owner, now) { AccountId = accountId };
                person.ApplyDetails(created);
                return Task.FromResult(created);
            }, cancellationToken);
            return contact.Id;
        }

        if (input.Opportunity.ContactId is not int contactId)
        {
            return null;
        }

        var existing = await db.Contacts.Permitted(db, access).FirstOrDefaultAsync(c => c.Id == contactId, cancellationToken)
            ?? throw new DomainRuleException("That contact does not exist.", nameof(OpportunityInput.ContactId));
        if (existing.AccountId is null
            && await db.Contacts.Permitted(db, access, PermissionAction.Edit).AnyAsync(c => c.Id == contactId, cancellationToken))
        {
            existing.AccountId = accountId;
            existing.Touch(leads.Now);
            await contacts.SaveAsync(cancellationToken);
        }

        return contactId;
    }

    private async Task<ConfigurationSnapshot> EnsureEnabledAsync(CancellationToken cancellationToken)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        return snapshot.LeadEnabled && snapshot.OpportunityEnabled
            ? snapshot
            : throw new NotFoundException("Converting leads needs both leads and opportunities switched on in System Configuration.");
    }

    private async Task EnsureNotConvertedAsync(Lead lead, CancellationToken cancellationToken)
    {
        if (lead.StatusCode == LeadStatus.Qualified || await db.Opportunities.AnyAsync(o => o.LeadId == lead.Id, cancellationToken))
        {
            throw new DomainRuleException(AlreadyConvertedMessage);
        }
    }
}
