using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Oro.Opportunities.Data.Bulk;

/// <summary>
/// Writes many rows of one entity type with prepared, multi-row parameterised INSERTs on the
/// context's connection, inside the transaction the caller has begun. Table and column names,
/// value conversions (money as a scaled integer on SQLite, UTC date-times, enums as text) and
/// parameter types all come from the EF model, so a row is stored exactly as SaveChanges would
/// store it. Nothing is tracked and no SaveChanges interceptor runs: rows written this way have
/// no audit history unless the caller writes it (the import does: <c>AuditedInsert</c>).
/// </summary>
public static class BulkInsert
{
    /// <summary>
    /// Inserts <paramref name="rows"/>. With <paramref name="explicitKey"/> the key column is written
    /// from it (so that other rows can reference the new ones); otherwise the database generates it.
    /// </summary>
    /// <returns>The number of rows written.</returns>
    public static async Task<int> InsertAsync<T>(
        this AppDbContext db, IEnumerable<T> rows, Func<T, int>? explicitKey = null, CancellationToken cancellationToken = default)
        where T : class
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Begin a transaction before a bulk insert: the rows are committed together.");
        var plan = Plan<T>.For(db, explicitKey is not null);
        var provider = Provider(db);
        var rowsPerStatement = RowsPerStatement(provider, plan.Columns.Length);

        await using var full = plan.CreateCommand(db, transaction, rowsPerStatement, provider);
        var batch = new List<T>(rowsPerStatement);
        var written = 0;
        foreach (var row in rows)
        {
            batch.Add(row);
            if (batch.Count == rowsPerStatement)
            {
                written += await plan.ExecuteAsync(full, batch, explicitKey, cancellationToken);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await using var rest = plan.CreateCommand(db, transaction, batch.Count, provider);
            written += await plan.ExecuteAsync(rest, batch, explicitKey, cancellationToken);
        }

        if (explicitKey is not null && provider == DatabaseProvider.PostgreSql && written > 0)
        {
            // Explicit keys do not move an identity column's sequence: move it past them.
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            var table = plan.QualifiedTableName;
            command.CommandText =
                $"SELECT setval(pg_get_serial_sequence('{table.Replace("'", "''", StringComparison.Ordinal)}', '{plan.KeyColumn}'), " +
                $"(SELECT MAX({plan.DelimitedKeyColumn}) FROM {table}))";
            await command.ExecuteScalarAsync(cancellationToken);
        }

        return written;
    }

    /// <summary>
    /// Inserts <paramref name="rows"/> with keys the database generates and returns those keys in the
    /// order of the rows (so that other rows, such as audit entries, can reference them).
    /// </summary>
    public static async Task<long[]> InsertReturningKeysAsync<T>(this AppDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken = default)
        where T : class
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Begin a transaction before a bulk insert: the rows are committed together.");
        var plan = Plan<T>.For(db, includeKey: false);
        var provider = Provider(db);
        var rowsPerStatement = RowsPerStatement(provider, plan.Columns.Length);
        var keys = new long[rows.Count];
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += rowsPerStatement)
            {
                var count = Math.Min(rowsPerStatement, rows.Count - start);
                var batch = new List<T>(count);
                for (var i = start; i < start + count; i++)
                {
                    batch.Add(rows[i]);
                }

                if (count == rowsPerStatement)
                {
                    full ??= plan.CreateCommand(db, transaction, rowsPerStatement, provider, returnKeys: true);
                    await plan.ExecuteReturningKeysAsync(full, batch, provider, keys.AsMemory(start, count), cancellationToken);
                }
                else
                {
                    await using var rest = plan.CreateCommand(db, transaction, count, provider, returnKeys: true);
                    await plan.ExecuteReturningKeysAsync(rest, batch, provider, keys.AsMemory(start, count), cancellationToken);
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }

        return keys;
    }

    /// <summary>The largest key of <typeparamref name="T"/>'s table (0 when empty), read inside the caller's transaction.</summary>
    public static async Task<int> MaxKeyAsync<T>(this AppDbContext db, CancellationToken cancellationToken = default)
        where T : class
    {
        var plan = Plan<T>.For(db, includeKey: true);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"SELECT MAX({plan.DelimitedKeyColumn}) FROM {plan.QualifiedTableName}";
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    private static DatabaseProvider Provider(AppDbContext db) =>
        db.Database.IsSqlite() ? DatabaseProvider.Sqlite
        : db.Database.IsNpgsql() ? DatabaseProvider.PostgreSql
        : DatabaseProvider.SqlServer;

    // SQLite has no round trips to save: one prepared single-row statement, executed again and again,
    // measured 2-3 times faster there than multi-row statements (whose parameters it binds by name
    // with a linear search). The servers take as many rows per statement as their parameter limits
    // allow (SQL Server: 2,100), to save round trips.
    private static int RowsPerStatement(DatabaseProvider provider, int columns) => provider switch
    {
        DatabaseProvider.Sqlite => 1,
        DatabaseProvider.SqlServer => Math.Max(1, 2_000 / columns),
        _ => Math.Max(1, Math.Min(1_000, 30_000 / columns)),
    };

    private sealed class Plan<T>
        where T : class
    {
        // One model per provider and context type, so a handful of plans at most.
        private static readonly Dictionary<(IModel Model, bool IncludeKey), Plan<T>> Cache = [];

        private Plan(IProperty[] columns, string table, IProperty key, ISqlGenerationHelper sql)
        {
            Columns = columns;
            Converters = columns.Select(c => c.GetTypeMapping().Converter).ToArray();
            Getters = columns.Select(c => c.GetGetter()).ToArray();
            QualifiedTableName = table;
            var storeObject = StoreObjectIdentifier.Create(key.DeclaringType, StoreObjectType.Table)!.Value;
            KeyColumn = key.GetColumnName(storeObject)!;
            DelimitedKeyColumn = sql.DelimitIdentifier(KeyColumn);
            Key = key;
            ColumnList = string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(storeObject)!)));
            Sql = sql;
        }

        public IProperty[] Columns { get; }

        public string QualifiedTableName { get; }

        public string KeyColumn { get; }

        public string DelimitedKeyColumn { get; }

        private IProperty Key { get; }

        private ValueConverter?[] Converters { get; }

        private IClrPropertyGetter[] Getters { get; }

        private string ColumnList { get; }

        private ISqlGenerationHelper Sql { get; }

        public static Plan<T> For(AppDbContext db, bool includeKey)
        {
            lock (Cache)
            {
                // The model differs per provider (money columns on SQLite), so plans are per model.
                var cacheKey = (db.Model, includeKey);
                if (Cache.TryGetValue(cacheKey, out var cached))
                {
                    return cached;
                }

                var entity = db.Model.FindEntityType(typeof(T))
                    ?? throw new InvalidOperationException($"{typeof(T).Name} is not part of the model.");
                var key = entity.FindPrimaryKey()?.Properties is [var single]
                    ? single
                    : throw new NotSupportedException($"{typeof(T).Name} needs a single-column key for a bulk insert.");
                var columns = entity.GetProperties()
                    .Where(p => includeKey || p != key || p.ValueGenerated == ValueGenerated.Never)
                    .ToArray();
                if (columns.FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
                {
                    throw new NotSupportedException($"{typeof(T).Name}.{shadow.Name} is a shadow property; a bulk insert reads CLR properties only.");
                }

                var sql = db.GetService<ISqlGenerationHelper>();
                var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
                var plan = new Plan<T>(columns, table, key, sql);
                Cache[cacheKey] = plan;
                return plan;
            }
        }

        public DbCommand CreateCommand(AppDbContext db, DbTransaction transaction, int rows, DatabaseProvider provider, bool returnKeys = false)
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder();
            var identityInsert = provider == DatabaseProvider.SqlServer && Columns.Contains(Key) && Key.ValueGenerated != ValueGenerated.Never;
            if (identityInsert)
            {
                text.Append("SET IDENTITY_INSERT ").Append(QualifiedTableName).Append(" ON;");
            }

            text.Append("INSERT INTO ").Append(QualifiedTableName).Append(" (").Append(ColumnList).Append(')');
            if (returnKeys && provider == DatabaseProvider.SqlServer)
            {
                text.Append(" OUTPUT INSERTED.").Append(DelimitedKeyColumn);
            }

            text.Append(" VALUES ");
            for (var row = 0; row < rows; row++)
            {
                text.Append(row == 0 ? "(" : ", (");
                for (var column = 0; column < Columns.Length; column++)
                {
                    var name = "p" + (row * Columns.Length + column).ToString(CultureInfo.InvariantCulture);
                    text.Append(column == 0 ? string.Empty : ", ").Append(Sql.GenerateParameterNamePlaceholder(name));
                    var property = Columns[column];
                    command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, Sql.GenerateParameterName(name), null, property.IsNullable));
                }

                text.Append(')');
            }

            if (returnKeys && provider == DatabaseProvider.PostgreSql)
            {
                text.Append(" RETURNING ").Append(DelimitedKeyColumn);
            }

            if (identityInsert)
            {
                text.Append("; SET IDENTITY_INSERT ").Append(QualifiedTableName).Append(" OFF;");
            }

            command.CommandText = text.ToString();
            return command;
        }

        public async Task<int> ExecuteAsync(DbCommand command, List<T> batch, Func<T, int>? explicitKey, CancellationToken cancellationToken)
        {
            Bind(command, batch, explicitKey);
            if (command is Microsoft.Data.Sqlite.SqliteCommand)
            {
                // Microsoft.Data.Sqlite runs commands synchronously anyway; its async methods only add a task per row.
                cancellationToken.ThrowIfCancellationRequested();
                command.ExecuteNonQuery();
            }
            else
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return batch.Count;
        }

        public async Task ExecuteReturningKeysAsync(DbCommand command, List<T> batch, DatabaseProvider provider, Memory<long> keys, CancellationToken cancellationToken)
        {
            Bind(command, batch, explicitKey: null);
            if (provider == DatabaseProvider.Sqlite)
            {
                // One row per statement: its key straight from the connection (a RETURNING clause would
                // need a data reader per row, which tripled the insert time).
                cancellationToken.ThrowIfCancellationRequested();
                command.ExecuteNonQuery();
                keys.Span[0] = SQLitePCL.raw.sqlite3_last_insert_rowid(((Microsoft.Data.Sqlite.SqliteConnection)command.Connection!).Handle);
                return;
            }

            var returned = new List<long>(batch.Count);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    returned.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
                }
            }

            // The database numbers the rows of one statement in the order of its VALUES (identity keys
            // only grow); RETURNING / OUTPUT order itself is not guaranteed, so sort.
            returned.Sort();
            returned.CopyTo(keys.Span);
        }

        private void Bind(DbCommand command, List<T> batch, Func<T, int>? explicitKey)
        {
            var index = 0;
            foreach (var row in batch)
            {
                for (var column = 0; column < Columns.Length; column++)
                {
                    object? value = explicitKey is not null && Columns[column] == Key ? explicitKey(row) : Getters[column].GetClrValue(row);
                    if (value is not null && Converters[column] is { } converter)
                    {
                        value = converter.ConvertToProvider(value);
                    }

                    command.Parameters[index++].Value = value ?? DBNull.Value;
                }
            }
        }
    }
}
