using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Leads;

/// <summary>The cells of one row of a lead file (<see cref="LeadCsv"/>), checked for form only.</summary>
public sealed class LeadImportRow : ImportRecordRow
{
    private LeadImportRow(int row, long byteOffset)
        : base(row, byteOffset)
    {
    }

    public Cell<int?> Id { get; private set; }

    /// <summary>Every text column the file has, by column name (absent columns are not in it).</summary>
    public Dictionary<string, Cell<string?>> Texts { get; } = new(StringComparer.Ordinal);

    public Cell<string?> this[string column] => Texts.GetValueOrDefault(column);

    public bool HasAny(IEnumerable<string> columns) => columns.Any(Texts.ContainsKey);

    public static LeadImportRow Read(CsvReader reader, ImportColumnMap map, bool malformed)
    {
        var row = new LeadImportRow(checked((int)reader.RowNumber + 1), reader.ByteOffset);
        if (!row.CheckRecord(reader, map, LeadCsv.Import.Known, malformed))
        {
            return row;
        }

        row.Id = row.WholeNumber(reader, map, LeadCsv.Id, "Enter the lead's Id as a whole number, or leave it empty.");
        foreach (var column in LeadCsv.Import.Known)
        {
            if (column != LeadCsv.Id && map.Has(column))
            {
                row.Texts[column] = row.Text(reader, map, column);
            }
        }

        return row;
    }
}

/// <summary>
/// Leads (spec §9): Oro's lead columns. A row with an Id updates that lead (one the user may edit),
/// otherwise — or by name, when asked — a new lead is created. Owners by username, the account by name
/// and the contact by first and last name (created when missing, as the opportunity import does),
/// status and source by code or label; the numbered e-mail, phone and address groups fill the lists.
/// A row that breaks a rule changes nothing. Records are saved through the context, so the audit
/// interceptor writes their history, inside the runner's chunk transaction.
/// </summary>
public sealed class LeadImportTarget : IImportTarget
{
    public string Kind => ImportKinds.Leads;

    public ImportColumns Columns => LeadCsv.Import;

    public async Task<IImportChunkWriter> StartAsync(ImportRunContext context, CancellationToken cancellationToken)
    {
        var users = await context.Db.Users.AsNoTracking().Select(u => new ImportUser(u.Id, u.UserName!, u.TeamId, u.IsEnabled)).ToListAsync(cancellationToken);
        return new Writer(context, users);
    }

    private sealed class Writer(ImportRunContext context, IReadOnlyList<ImportUser> users) : IImportChunkWriter
    {
        private readonly Dictionary<int, ImportUser> usersById = users.ToDictionary(u => u.Id);
        private readonly Dictionary<string, ImportUser> usersByName =
            users.GroupBy(u => u.UserName, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

        private AppDbContext Db => context.Db;

        private ImportRunContext Context => context;

        public ImportRecordRow Read(CsvReader reader, ImportColumnMap map, bool malformed) => LeadImportRow.Read(reader, map, malformed);

        public async Task<ChunkCounts> WriteAsync(IReadOnlyList<ImportRecordRow> records, CancellationToken cancellationToken)
        {
            var rows = records.Cast<LeadImportRow>().Where(r => r.IsValid).ToList();
            var chunk = await Chunk.LoadAsync(this, rows, cancellationToken);
            var now = context.Clock().UtcNow;
            foreach (var row in rows)
            {
                var before = chunk.Existing(row) is { } lead ? Db.Entry(lead).CurrentValues.Clone() : null;
                try
                {
                    Plan(row, chunk, now);
                }
                catch (RowRejectedException)
                {
                    // The row's errors are recorded; nothing of it is planned.
                }
                catch (DomainRuleException ex)
                {
                    row.Fail(ColumnOf(ex.Field), null, ex.Message);
                }

                if (!row.IsValid && before is not null)
                {
                    // A refused row leaves the record exactly as it was.
                    Db.Entry(chunk.Existing(row)!).CurrentValues.SetValues(before);
                }
            }

            // New accounts, then new contacts (in their accounts), then the leads that refer to them.
            Db.Accounts.AddRange(chunk.NewAccounts.Values.Where(p => p.Used).Select(p => p.Account));
            await Db.SaveChangesAsync(cancellationToken);
            foreach (var contact in chunk.NewContacts.Values.Where(p => p.Used))
            {
                contact.Contact.AccountId = contact.AccountId ?? contact.NewAccount?.Account.Id;
                Db.Contacts.Add(contact.Contact);
            }

            await Db.SaveChangesAsync(cancellationToken);
            foreach (var planned in chunk.Planned.Where(p => p.Row.IsValid))
            {
                // The links follow once new accounts and contacts have their ids.
                var linked = planned.Lead.Apply(new LeadChange
                {
                    AccountId = planned.AccountId ?? planned.NewAccount?.Account.Id ?? planned.Lead.AccountId,
                    ContactId = planned.ContactId ?? planned.NewContact?.Contact.Id ?? planned.Lead.ContactId,
                });
                if (linked && !planned.IsNew && !planned.Changed)
                {
                    planned.Lead.Touch(now);
                    planned.Changed = true;
                }

                if (planned.IsNew)
                {
                    Db.Set<Lead>().Add(planned.Lead);
                }
            }

            try
            {
                await Db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException ex)
            {
                // Someone edited one of these leads meanwhile: the runner rolls the chunk back and plans it again.
                throw new Common.ConcurrencyConflictException("A lead of this chunk was changed meanwhile.", ex);
            }

            // A row that changed nothing is neither created nor updated: the job shows it as unchanged.
            var valid = chunk.Planned.Where(p => p.Row.IsValid).ToList();
            return new ChunkCounts(valid.Count(p => p.IsNew), valid.Count(p => !p.IsNew && p.Changed));
        }

        private void Plan(LeadImportRow row, Chunk chunk, DateTime now)
        {
            var access = context.Access;
            var lead = chunk.Existing(row);
            var isNew = lead is null;
            if (isNew && !access.CanCreate(SecuredEntity.Lead))
            {
                Fail(row, null, null, "You do not have permission to create leads.");
            }

            if (lead is not null && !access.Can(SecuredEntity.Lead, PermissionAction.Edit, lead.OwnerId, usersById.GetValueOrDefault(lead.OwnerId)?.TeamId))
            {
                Fail(row, LeadCsv.Id, row.Id.Raw, $"You do not have permission to edit lead {lead.Id} (\"{lead.Name}\").");
            }

            var owner = Owner(row, lead?.OwnerId);
            var status = row[LeadCsv.Status] is { Present: true, Value: { } statusText } ? LeadStatus.Parse(statusText) : null;
            if (row[LeadCsv.Status] is { Present: true, Value: { } badStatus } && status is null)
            {
                row.Fail(LeadCsv.Status, badStatus, $"\"{badStatus.Trim()}\" is not a lead status. Use new, qualified or canceled.");
            }

            var source = Source(row, lead);
            var employees = Employees(row, lead);
            var (emails, phones, addresses) = Lists(row, lead);
            if (!row.IsValid)
            {
                throw new RowRejectedException();
            }

            var accountChoice = AccountOf(row, chunk, owner, now);
            var contactChoice = ContactOf(row, chunk, owner, accountChoice, now);
            if (!row.IsValid)
            {
                throw new RowRejectedException();
            }

            // One change for the whole row: every cell is checked before any is assigned.
            var change = new LeadChange
            {
                Name = (isNew ? row[LeadCsv.Name].Value : Keep(row, LeadCsv.Name, lead!.Name)) ?? string.Empty,
                PersonName = new PersonName(
                    Keep(row, LeadCsv.NamePrefix, lead?.NamePrefix), Keep(row, LeadCsv.FirstName, lead?.FirstName), Keep(row, LeadCsv.MiddleName, lead?.MiddleName),
                    Keep(row, LeadCsv.LastName, lead?.LastName), Keep(row, LeadCsv.NameSuffix, lead?.NameSuffix)),
                JobTitle = Keep(row, LeadCsv.JobTitle, lead?.JobTitle),
                CompanyName = Keep(row, LeadCsv.CompanyName, lead?.CompanyName),
                Website = Keep(row, LeadCsv.Website, lead?.Website),
                NumberOfEmployees = employees,
                Industry = Keep(row, LeadCsv.Industry, lead?.Industry),
                SourceCode = source,
                Notes = Keep(row, LeadCsv.Notes, lead?.Notes),
                Twitter = Keep(row, LeadCsv.Twitter, lead?.Twitter),
                LinkedIn = Keep(row, LeadCsv.LinkedIn, lead?.LinkedIn),
                Emails = emails,
                Phones = phones,
                Addresses = addresses,
                Status = status is null ? null : LeadStatusChange.As(status),
            };
            // A row that changes nothing leaves the lead as it is (no new Updated date, no version): it is "unchanged".
            var changed = isNew;
            if (lead is null)
            {
                lead = Lead.Create(change, owner, now);
            }
            else
            {
                changed = lead.Apply(change);
                if (owner != lead.OwnerId)
                {
                    lead.AssignOwner(owner);
                    changed = true;
                }
            }

            if (!isNew && changed)
            {
                lead.Touch(now);
            }

            chunk.Planned.Add(new PlannedLead(row, lead, isNew, accountChoice.Id, accountChoice.Pending, contactChoice.Id, contactChoice.Pending) { Changed = changed });
            if (accountChoice.Pending is { } newAccount)
            {
                newAccount.Used = true;
            }

            if (contactChoice.Pending is { } newContact)
            {
                newContact.Used = true;
                if (newContact.NewAccount is { } contactAccount)
                {
                    contactAccount.Used = true;
                }
            }

            if (isNew && context.MatchByName)
            {
                chunk.NewByName.TryAdd(lead.Name, lead);
            }
        }

        private int Owner(LeadImportRow row, int? current)
        {
            var userName = row[LeadCsv.Owner].Value?.Trim();
            if (userName is null)
            {
                return current ?? context.UserId;
            }

            if (!usersByName.TryGetValue(userName, out var owner) || !owner.IsEnabled)
            {
                row.Fail(LeadCsv.Owner, userName, $"There is no active user with the username \"{userName}\".");
                return current ?? context.UserId;
            }

            var access = context.Access;
            if (owner.Id != context.UserId && owner.Id != current
                && !AccessRules.Allows(access.Level(SecuredEntity.Lead, PermissionAction.Assign), context.UserId, access.TeamId, owner.Id, owner.TeamId))
            {
                row.Fail(LeadCsv.Owner, userName, "You do not have permission to assign leads to other users; leave the owner empty or use your own username.");
            }

            return owner.Id;
        }

        private string? Source(LeadImportRow row, Lead? lead)
        {
            var cell = row[LeadCsv.Source];
            if (!cell.Present)
            {
                return lead?.SourceCode;
            }

            if (cell.Value?.Trim() is not { } text)
            {
                return null;
            }

            var sources = context.Snapshot.LeadSources;
            var source = sources.FirstOrDefault(s => string.Equals(s.Code, text, StringComparison.OrdinalIgnoreCase))
                ?? sources.FirstOrDefault(s => string.Equals(s.Label, text, StringComparison.OrdinalIgnoreCase));
            if (source is null && text != lead?.SourceCode)
            {
                row.Fail(LeadCsv.Source, text, $"\"{text}\" is not a lead source. Use one of: {string.Join(", ", sources.Select(s => s.Code))} (or their labels); an administrator can add sources in System Configuration → Lead.");
            }

            return source?.Code ?? text;
        }

        private static int? Employees(LeadImportRow row, Lead? lead)
        {
            var cell = row[LeadCsv.NumberOfEmployees];
            if (!cell.Present)
            {
                return lead?.NumberOfEmployees;
            }

            if (cell.Value?.Trim() is not { } text)
            {
                return null;
            }

            if (int.TryParse(text, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture, out var employees) && employees is >= 0 and <= Lead.MaxEmployees)
            {
                return employees;
            }

            row.Fail(LeadCsv.NumberOfEmployees, text, $"The number of employees is a whole number from 0 to {Lead.MaxEmployees:N0}.");
            return null;
        }

        /// <summary>The lists from the numbered groups the file has (a list whose columns it lacks keeps its entries).</summary>
        private static (EmailList, PhoneList, AddressList) Lists(LeadImportRow row, Lead? lead)
        {
            var max = PrimaryList<EmailAddress>.MaxItems;
            var emails = lead?.Emails ?? EmailList.Empty;
            var emailColumns = Enumerable.Range(1, max).Select(LeadCsv.Email).ToList();
            if (row.HasAny(emailColumns))
            {
                emails = Guarded(row, LeadCsv.Email(1), () => EmailList.Of([.. emailColumns.Select(c => row[c].Value)]), EmailList.Empty);
            }

            var phones = lead?.Phones ?? PhoneList.Empty;
            var phoneColumns = Enumerable.Range(1, max).Select(LeadCsv.Phone).ToList();
            if (row.HasAny(phoneColumns))
            {
                phones = Guarded(row, LeadCsv.Phone(1), () => PhoneList.Of([.. phoneColumns.Select(c => row[c].Value)]), PhoneList.Empty);
            }

            var addresses = lead?.Addresses ?? AddressList.Empty;
            if (row.HasAny(Enumerable.Range(1, max).SelectMany(n => LeadCsv.AddressParts.Select(p => LeadCsv.Address(n, p)))))
            {
                var entries = new List<PostalAddress>();
                for (var n = 1; n <= max; n++)
                {
                    string? Part(string part) => row[LeadCsv.Address(n, part)].Value;
                    if (LeadCsv.AddressParts.All(p => Part(p) is null))
                    {
                        continue;
                    }

                    entries.Add(new PostalAddress
                    {
                        Label = Part("Label"), Organization = Part("Organization"), NamePrefix = Part("Name prefix"), FirstName = Part("First name"),
                        MiddleName = Part("Middle name"), LastName = Part("Last name"), NameSuffix = Part("Name suffix"), Street = Part("Street"),
                        Street2 = Part("Street 2"), PostalCode = Part("Zip/Postal Code"), City = Part("City"), Region = Part("State"),
                        RegionCode = Part("State Combined code"), Country = Part("Country ISO2 code"),
                    });
                }

                addresses = Guarded(row, LeadCsv.Address(1, "Street"), () => AddressList.Of(entries), AddressList.Empty);
            }

            return (emails, phones, addresses);
        }

        private static T Guarded<T>(LeadImportRow row, string column, Func<T> build, T fallback)
        {
            try
            {
                return build();
            }
            catch (DomainRuleException ex)
            {
                row.Fail(column, null, ex.Message);
                return fallback;
            }
        }

        private Choice<PendingAccount> AccountOf(LeadImportRow row, Chunk chunk, int owner, DateTime now)
        {
            var cell = row[LeadCsv.Account];
            var name = cell.Value?.Trim();
            if (!cell.Present || name is null)
            {
                return new Choice<PendingAccount>(null, null, Keep: !cell.Present);
            }

            if (chunk.Accounts.TryGetValue(name, out var id))
            {
                return new Choice<PendingAccount>(id, null, false);
            }

            if (chunk.NewAccounts.TryGetValue(name, out var pending))
            {
                return new Choice<PendingAccount>(null, pending, false);
            }

            if (!context.Access.CanCreate(SecuredEntity.Account))
            {
                row.Fail(LeadCsv.Account, name, $"There is no account \"{name}\" and you do not have permission to create accounts.");
                return new Choice<PendingAccount>(null, null, true);
            }

            var created = new PendingAccount(new Account(name, owner, now));
            chunk.NewAccounts[name] = created;
            return new Choice<PendingAccount>(null, created, false);
        }

        private Choice<PendingContact> ContactOf(LeadImportRow row, Chunk chunk, int owner, Choice<PendingAccount> account, DateTime now)
        {
            var firstCell = row[LeadCsv.ContactFirstName];
            var lastCell = row[LeadCsv.ContactLastName];
            if (!firstCell.Present && !lastCell.Present)
            {
                return new Choice<PendingContact>(null, null, true);
            }

            var first = firstCell.Value?.Trim() ?? string.Empty;
            var last = lastCell.Value?.Trim() ?? string.Empty;
            if (first.Length + last.Length == 0)
            {
                return new Choice<PendingContact>(null, null, false);
            }

            if (chunk.Contacts[(first, last)].OrderBy(c => c.AccountId == account.Id ? 0 : 1).ThenBy(c => c.Id).FirstOrDefault() is { } found)
            {
                return new Choice<PendingContact>(found.Id, null, false);
            }

            var key = (first, last, account.Id, account.Pending);
            if (chunk.NewContacts.TryGetValue(key, out var pending))
            {
                return new Choice<PendingContact>(null, pending, false);
            }

            if (!context.Access.CanCreate(SecuredEntity.Contact))
            {
                row.Fail(LeadCsv.ContactLastName, $"{first} {last}".Trim(), $"There is no contact \"{$"{first} {last}".Trim()}\" and you do not have permission to create contacts.");
                return new Choice<PendingContact>(null, null, true);
            }

            var created = new PendingContact(new Contact(first, last, owner, now), account.Id, account.Pending);
            chunk.NewContacts[key] = created;
            return new Choice<PendingContact>(null, created, false);
        }

        private static string? Keep(LeadImportRow row, string column, string? current) =>
            row[column] is { Present: true } cell ? cell.Value : current;

        private static string? ColumnOf(string? field) => field switch
        {
            nameof(Lead.Name) => LeadCsv.Name,
            nameof(Lead.CompanyName) => LeadCsv.CompanyName,
            nameof(Lead.Website) => LeadCsv.Website,
            nameof(Lead.Industry) => LeadCsv.Industry,
            nameof(Lead.Notes) => LeadCsv.Notes,
            nameof(Lead.Twitter) => LeadCsv.Twitter,
            nameof(Lead.LinkedIn) => LeadCsv.LinkedIn,
            nameof(Lead.NamePrefix) => LeadCsv.NamePrefix,
            nameof(Lead.FirstName) => LeadCsv.FirstName,
            nameof(Lead.MiddleName) => LeadCsv.MiddleName,
            nameof(Lead.LastName) => LeadCsv.LastName,
            nameof(Lead.NameSuffix) => LeadCsv.NameSuffix,
            nameof(Lead.JobTitle) => LeadCsv.JobTitle,
            nameof(Lead.StatusCode) => LeadCsv.Status,
            nameof(Lead.SourceCode) => LeadCsv.Source,
            _ => null,
        };

        private static void Fail(LeadImportRow row, string? column, string? value, string message)
        {
            row.Fail(column, value, message);
            throw new RowRejectedException();
        }

        private sealed record Choice<T>(int? Id, T? Pending, bool Keep)
            where T : class;

        private sealed record PlannedLead(LeadImportRow Row, Lead Lead, bool IsNew, int? AccountId, PendingAccount? NewAccount, int? ContactId, PendingContact? NewContact)
        {
            /// <summary>The row changes the lead (a new one always does).</summary>
            public bool Changed { get; set; }
        }

        private sealed record ContactInfo(int Id, string FirstName, string LastName, int? AccountId);

        /// <summary>What one chunk's rows refer to, read in a few queries, and what the chunk plans.</summary>
        private sealed class Chunk
        {
            public Dictionary<int, Lead> ById { get; } = [];

            public Dictionary<string, Lead> ByName { get; } = new(StringComparer.Ordinal);

            public Dictionary<string, Lead> NewByName { get; } = new(StringComparer.Ordinal);

            public Dictionary<string, int> Accounts { get; } = new(StringComparer.OrdinalIgnoreCase);

            public ILookup<(string, string), ContactInfo> Contacts { get; private set; } = Array.Empty<ContactInfo>().ToLookup(c => (c.FirstName, c.LastName));

            public Dictionary<string, PendingAccount> NewAccounts { get; } = new(StringComparer.OrdinalIgnoreCase);

            public Dictionary<(string, string, int?, PendingAccount?), PendingContact> NewContacts { get; } = [];

            public List<PlannedLead> Planned { get; } = [];

            private bool matchByName;

            public Lead? Existing(LeadImportRow row)
            {
                if (row.Id.Value is int id)
                {
                    // An Id the user may not see is one that does not exist: the row creates a lead (nothing is revealed).
                    return ById.GetValueOrDefault(id);
                }

                var name = row[LeadCsv.Name].Value?.Trim();
                return matchByName && name is not null ? NewByName.GetValueOrDefault(name) ?? ByName.GetValueOrDefault(name) : null;
            }

            public static async Task<Chunk> LoadAsync(Writer writer, List<LeadImportRow> rows, CancellationToken cancellationToken)
            {
                var db = writer.Db;
                var access = writer.Context.Access;
                var chunk = new Chunk { matchByName = writer.Context.MatchByName };
                var visible = db.Set<Lead>().Permitted(db, access);
                var ids = rows.Select(r => r.Id.Value).OfType<int>().Distinct().ToList();
                if (ids.Count > 0)
                {
                    foreach (var lead in await visible.Where(l => EF.Parameter(ids).Contains(l.Id)).ToListAsync(cancellationToken))
                    {
                        chunk.ById[lead.Id] = lead;
                    }
                }

                var names = writer.Context.MatchByName ? rows.Where(r => r.Id.Value is null).Select(r => r[LeadCsv.Name].Value?.Trim()).OfType<string>().Distinct().ToList() : [];
                if (names.Count > 0)
                {
                    foreach (var lead in await visible.Where(l => EF.Parameter(names).Contains(l.Name)).OrderBy(l => l.Id).ToListAsync(cancellationToken))
                    {
                        chunk.ByName.TryAdd(lead.Name, lead);
                    }
                }

                var accountNames = rows.Select(r => r[LeadCsv.Account].Value?.Trim()).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (accountNames.Count > 0)
                {
                    foreach (var account in await db.Accounts.AsNoTracking().Permitted(db, access).Where(a => EF.Parameter(accountNames).Contains(a.Name)).OrderBy(a => a.Id)
                        .Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken))
                    {
                        chunk.Accounts.TryAdd(account.Name, account.Id);
                    }
                }

                var lastNames = rows.Where(r => r[LeadCsv.ContactFirstName].Value is not null || r[LeadCsv.ContactLastName].Value is not null)
                    .Select(r => r[LeadCsv.ContactLastName].Value?.Trim() ?? string.Empty).Distinct().ToList();
                if (lastNames.Count > 0)
                {
                    chunk.Contacts = (await db.Contacts.AsNoTracking().Permitted(db, access).Where(c => EF.Parameter(lastNames).Contains(c.LastName))
                        .Select(c => new ContactInfo(c.Id, c.FirstName, c.LastName, c.AccountId)).ToListAsync(cancellationToken))
                        .ToLookup(c => (c.FirstName, c.LastName));
                }

                return chunk;
            }
        }
    }
}
