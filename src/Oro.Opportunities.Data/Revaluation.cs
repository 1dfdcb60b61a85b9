using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.Configuration;

namespace Oro.Opportunities.Data;

/// <summary>Who asked for a re-valuation and why; the reason is written into every audit entry it makes.</summary>
public sealed record RevaluationContext(int? UserId, DateTime At, string Reason);

/// <summary>How far a large re-valuation has come (rows of the opportunities table examined, of all).</summary>
public sealed record RevaluationProgress(string Phase, long Done, long Total);

/// <summary>
/// Re-values stored base-currency amounts with set-based SQL (spec §7), in the caller's transaction:
/// <list type="bullet">
/// <item><see cref="RateAddedAsync"/>: a rate row was added for one currency at one date; exactly the
/// amounts that rate now applies to change (closed deals whose ClosedAt falls in its period, open
/// deals when it is the current rate).</item>
/// <item><see cref="AllAsync"/>: every amount of every deal, each with the rate that applies to it
/// (after a base-currency change).</item>
/// </list>
/// The rule is the domain's: base = Round(amount × rate, 4, MidpointRounding.AwayFromZero), the rate
/// in effect at ClosedAt (closed) or now (open); the rate in effect at t is the currency's row with
/// the greatest EffectiveFrom ≤ t (ties: greatest id), before the first row the earliest row. Every
/// changed deal gets an audit entry (Opportunity, Updated) with the base fields' old and new values
/// and a "Revaluation" field saying why, and its concurrency token goes up, so an edit built on the
/// old values is refused instead of writing them back.
/// </summary>
/// <remarks>
/// PostgreSQL and SQL Server multiply and round exact decimals (ROUND on numeric rounds half away
/// from zero). SQLite has no decimal type: amounts are scaled integers and rates text, and double
/// arithmetic is not exact (0.03 × 1.005 must give 0.0302; in doubles 300 × 1.005 is
/// 301.49999999999997). On SQLite the product is computed by a function registered on the
/// connection that does the decimal arithmetic in .NET.
/// </remarks>
public static class Revaluation
{
    public const string AuditField = "Revaluation";
    private const string Stage = "oro_revaluation";
    private const int ChunkSize = 50_000;
    private static readonly DateTime FarFuture = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    private static readonly (string Amount, string Currency, string Base)[] Columns =
    [
        ("BudgetAmount", "BudgetCurrency", "BaseBudgetAmount"),
        ("CloseRevenueAmount", "CloseRevenueCurrency", "BaseCloseRevenue"),
    ];

    /// <summary>
    /// Re-values the amounts a newly added rate row applies to. <paramref name="rateId"/> must be the
    /// row just added (the greatest id of its currency and date).
    /// </summary>
    /// <returns>The number of deals whose base values changed.</returns>
    public static async Task<int> RateAddedAsync(AppDbContext db, string baseCurrency, long rateId, RevaluationContext context, CancellationToken cancellationToken = default)
    {
        var row = await db.CurrencyRates.AsNoTracking().SingleAsync(r => r.Id == rateId, cancellationToken);
        var others = db.CurrencyRates.AsNoTracking()
            .Where(r => r.CurrencyCode == row.CurrencyCode && r.BaseCurrencyCode == baseCurrency && r.Id != row.Id);
        var isEarliest = !await others.AnyAsync(r => r.EffectiveFrom < row.EffectiveFrom, cancellationToken);
        var next = await others.Where(r => r.EffectiveFrom > row.EffectiveFrom)
            .OrderBy(r => r.EffectiveFrom).Select(r => (DateTime?)r.EffectiveFrom).FirstOrDefaultAsync(cancellationToken);

        // The period the rate applies to: from its date (or from the beginning, when it is the
        // earliest rate) to the next rate's date; open deals when no later rate exists.
        var sql = new SqlDialect(db);
        var parameters = new List<object?>
        {
            row.CurrencyCode,                          // {0}
            isEarliest ? DateTime.UnixEpoch.AddYears(-1000) : row.EffectiveFrom, // {1}
            next ?? FarFuture,                         // {2}
            next is null,                              // {3}
            sql.RateParameter(row.RateToBase),         // {4}
        };
        var newValues = Columns.Select(c =>
            $"CASE WHEN {sql.Q(c.Amount)} IS NOT NULL AND {sql.Q(c.Currency)} = {{0}} " +
            $"AND (({sql.Q("ClosedAt")} IS NULL AND {sql.True("{3}")}) OR ({sql.Q("ClosedAt")} >= {{1}} AND {sql.Q("ClosedAt")} < {{2}})) " +
            $"THEN {sql.Multiply(sql.Q(c.Amount), "{4}")} ELSE {sql.Q(c.Base)} END").ToArray();
        var filter = $"({sql.Q("BudgetCurrency")} = {{0}} OR {sql.Q("CloseRevenueCurrency")} = {{0}})";
        return await RunAsync(db, sql, newValues, filter, parameters, context, progress: null, cancellationToken);
    }

    /// <summary>Re-values every amount of every deal with the rate that applies to it.</summary>
    /// <returns>The number of deals whose base values changed.</returns>
    public static async Task<int> AllAsync(AppDbContext db, string baseCurrency, RevaluationContext context, IProgress<RevaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var sql = new SqlDialect(db);
        var parameters = new List<object?> { baseCurrency, FarFuture };
        string Lookup(string currency, string direction, string condition) =>
            $"(SELECT {sql.Top1()} r.{sql.Q("RateToBase")} FROM {sql.Q("CurrencyRates")} r " +
            $"WHERE r.{sql.Q("CurrencyCode")} = {sql.Q(currency)} AND r.{sql.Q("BaseCurrencyCode")} = {{0}}{condition} " +
            $"ORDER BY r.{sql.Q("EffectiveFrom")} {direction}, r.{sql.Q("Id")} DESC{sql.Limit1()})";
        var newValues = Columns.Select(c =>
        {
            var inEffect = Lookup(c.Currency, "DESC", $" AND r.{sql.Q("EffectiveFrom")} <= COALESCE({sql.Q("ClosedAt")}, {{1}})");
            var earliest = Lookup(c.Currency, "ASC", string.Empty);
            return $"CASE WHEN {sql.Q(c.Amount)} IS NULL THEN NULL WHEN {sql.Q(c.Currency)} = {{0}} THEN {sql.Q(c.Amount)} " +
                   $"ELSE COALESCE({sql.Multiply(sql.Q(c.Amount), $"COALESCE({inEffect}, {earliest})")}, {sql.Q(c.Base)}) END";
        }).ToArray();
        return await RunAsync(db, sql, newValues, filter: null, parameters, context, progress, cancellationToken);
    }

    private static async Task<int> RunAsync(
        AppDbContext db, SqlDialect sql, string[] newValues, string? filter, List<object?> parameters,
        RevaluationContext context, IProgress<RevaluationProgress>? progress, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Begin a transaction before a re-valuation: the values, their audit and the rates commit together.");
        }

        var t = sql.StageName;
        sql.RegisterFunctions();
        await db.Database.ExecuteSqlRawAsync(sql.DropStage(), cancellationToken);
        await db.Database.ExecuteSqlRawAsync(sql.CreateStage(), cancellationToken);

        // 1. The new values of the deals that change, computed in chunks of ids (progress).
        var (minId, maxId) = await IdRangeAsync(db, cancellationToken);
        var total = Math.Max(0, maxId - minId + 1);
        var idFrom = parameters.Count;
        var stageSql =
            $"INSERT INTO {t} ({sql.Q("Id")}, OldBudget, NewBudget, OldRevenue, NewRevenue) " +
            $"SELECT {sql.Q("Id")}, {sql.Q("BaseBudgetAmount")}, {newValues[0]}, {sql.Q("BaseCloseRevenue")}, {newValues[1]} " +
            $"FROM {sql.Q("Opportunities")} WHERE {sql.Q("Id")} >= {{{idFrom}}} AND {sql.Q("Id")} < {{{idFrom + 1}}}" +
            (filter is null ? string.Empty : " AND " + filter);
        var filterChanged = $"DELETE FROM {t} WHERE {sql.Same("OldBudget", "NewBudget")} AND {sql.Same("OldRevenue", "NewRevenue")}";
        for (var from = minId; from <= maxId; from += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await db.Database.ExecuteSqlRawAsync(stageSql, Args(db, [.. parameters, from, Math.Min(from + ChunkSize, maxId + 1)]), cancellationToken);
            progress?.Report(new RevaluationProgress("Computing the new values", Math.Min(from + ChunkSize, maxId + 1) - minId, total));
        }

        await db.Database.ExecuteSqlRawAsync(filterChanged, cancellationToken);

        // 2. One audit entry per changed deal, 3. the values and the concurrency token.
        progress?.Report(new RevaluationProgress("Writing the audit trail", total, total));
        var reason = JsonSerializer.Serialize(context.Reason);
        await db.Database.ExecuteSqlRawAsync(sql.InsertAudit(reason), Args(db, [context.UserId, context.At]), cancellationToken);
        progress?.Report(new RevaluationProgress("Storing the new values", total, total));
        var changed = await db.Database.ExecuteSqlRawAsync(sql.UpdateFromStage(), cancellationToken);
        await db.Database.ExecuteSqlRawAsync(sql.DropStage(), cancellationToken);
        if (changed > 0)
        {
            await DataRevisions.BumpAsync(db, DataRevision.Opportunities, cancellationToken);
        }

        return changed;
    }

    private static object[] Args(AppDbContext db, IEnumerable<object?> values) => values.Select(v => v ?? NullParameter(db)).ToArray();

    /// <summary>EF Core maps no type for a null raw-SQL argument; a provider parameter carries it.</summary>
    private static System.Data.Common.DbParameter NullParameter(AppDbContext db)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        var parameter = command.CreateParameter();
        parameter.Value = DBNull.Value;
        return parameter;
    }

    private static async Task<(long Min, long Max)> IdRangeAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var range = await db.Opportunities.AsNoTracking().GroupBy(_ => 1)
            .Select(g => new { Min = g.Min(o => o.Id), Max = g.Max(o => o.Id) })
            .FirstOrDefaultAsync(cancellationToken);
        return range is null ? (1, 0) : (range.Min, range.Max);
    }

    /// <summary>Base = Round(amount × rate, 4, AwayFromZero), exactly as the domain computes it.</summary>
    public static decimal ToBase(decimal amount, decimal rate) =>
        decimal.Round(amount * rate, Domain.Money.Money.Scale, MidpointRounding.AwayFromZero);

    /// <summary>The SQL of each provider for the few places where they differ.</summary>
    private sealed class SqlDialect(AppDbContext db)
    {
        private readonly bool sqlite = db.Database.IsSqlite();
        private readonly bool postgres = db.Database.IsNpgsql();

        public string StageName => sqlite ? "temp." + Stage : postgres ? Stage : "#" + Stage;

        public string Q(string name) => postgres || sqlite ? $"\"{name}\"" : $"[{name}]";

        public string True(string parameter) => postgres ? parameter : $"{parameter} = 1";

        public string Top1() => sqlite || postgres ? string.Empty : "TOP 1";

        public string Limit1() => sqlite || postgres ? " LIMIT 1" : string.Empty;

        public object RateParameter(decimal rate) => sqlite ? rate.ToString(CultureInfo.InvariantCulture) : rate;

        /// <summary>Round(amount × rate, 4) half away from zero, exact on every provider.</summary>
        public string Multiply(string amount, string rate) =>
            sqlite ? $"oro_to_base({amount}, {rate})"
            : postgres ? $"ROUND({amount} * {rate}, 4)"
            // decimal(15,4) × decimal(22,10) keeps all 14 decimals (precision 38); wider operands
            // would make SQL Server cut the scale to 12 before rounding.
            : $"ROUND(CAST({amount} AS decimal(15,4)) * CAST({rate} AS decimal(22,10)), 4)";

        public string Same(string a, string b) =>
            sqlite ? $"{a} IS {b}" : postgres ? $"{a} IS NOT DISTINCT FROM {b}" : $"(({a} = {b}) OR ({a} IS NULL AND {b} IS NULL))";

        public string DropStage() => sqlite || postgres ? $"DROP TABLE IF EXISTS {StageName}" : $"DROP TABLE IF EXISTS {StageName}";

        public string CreateStage()
        {
            var money = sqlite ? "INTEGER" : "decimal(19,4)";
            var id = sqlite ? "INTEGER PRIMARY KEY" : "int PRIMARY KEY";
            var temp = sqlite || postgres ? "CREATE TEMP TABLE" : "CREATE TABLE";
            var name = sqlite ? Stage : StageName;
            return $"{temp} {name} ({Q("Id")} {id}, OldBudget {money}, NewBudget {money}, OldRevenue {money}, NewRevenue {money})";
        }

        public string InsertAudit(string reasonJson)
        {
            string Text(string column) => sqlite ? $"oro_money_text({column})" : postgres ? $"trim_scale({column})::text" : $"FORMAT({column}, '0.####', 'en-US')";
            string Json(string column) => $"COALESCE('\"' {Cat} {Text(column)} {Cat} '\"', 'null')";
            string Change(string field, string old, string @new) =>
                $"CASE WHEN {Same(old, @new)} THEN '' ELSE ',{{{{\"Field\":\"{field}\",\"Old\":' {Cat} {Json(old)} {Cat} ',\"New\":' {Cat} {Json(@new)} {Cat} '}}}}' END";
            var reason = reasonJson.Replace("'", "''", StringComparison.Ordinal).Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
            var json = $"'[{{{{\"Field\":\"{AuditField}\",\"Old\":null,\"New\":{reason}}}}}' {Cat} {Change("BaseBudgetAmount", "OldBudget", "NewBudget")} {Cat} {Change("BaseCloseRevenue", "OldRevenue", "NewRevenue")} {Cat} ']'";
            return $"INSERT INTO {Q("AuditEntries")} ({Q("EntityType")}, {Q("EntityId")}, {Q("Action")}, {Q("UserId")}, {Q("At")}, {Q("ChangesJson")}) " +
                   $"SELECT 'Opportunity', {Q("Id")}, 'Updated', {{0}}, {{1}}, {json} FROM {StageName}";
        }

        public string UpdateFromStage() =>
            sqlite || postgres
                ? $"UPDATE {Q("Opportunities")} SET {Q("BaseBudgetAmount")} = s.NewBudget, {Q("BaseCloseRevenue")} = s.NewRevenue, {Q("Version")} = {Q("Opportunities")}.{Q("Version")} + 1 " +
                  $"FROM {StageName} s WHERE {Q("Opportunities")}.{Q("Id")} = s.{Q("Id")}"
                : $"UPDATE o SET o.[BaseBudgetAmount] = s.NewBudget, o.[BaseCloseRevenue] = s.NewRevenue, o.[Version] = o.[Version] + 1 " +
                  $"FROM [Opportunities] o JOIN {StageName} s ON o.[Id] = s.[Id]";

        /// <summary>On SQLite, the exact decimal product and the audit's number format, as functions of this connection.</summary>
        public void RegisterFunctions()
        {
            if (db.Database.GetDbConnection() is not SqliteConnection connection)
            {
                return;
            }

            connection.CreateFunction<long?, string?, long?>("oro_to_base", (scaledAmount, rate) =>
                scaledAmount is long amount && rate is not null
                    ? (long)(ToBase(amount / 10_000m, decimal.Parse(rate, NumberStyles.Float, CultureInfo.InvariantCulture)) * 10_000m)
                    : null, isDeterministic: true);
            connection.CreateFunction<long?, string?>("oro_money_text", scaled =>
                scaled is long value ? Auditing.AuditInterceptor.Format(value / 10_000m) : null, isDeterministic: true);
        }

        private string Cat => sqlite || postgres ? "||" : "+";
    }
}
