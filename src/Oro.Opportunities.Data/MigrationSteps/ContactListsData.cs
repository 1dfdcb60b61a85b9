using Microsoft.EntityFrameworkCore.Migrations;

namespace Oro.Opportunities.Data.MigrationSteps;

/// <summary>
/// The data step of the LeadsAndContactLists migration: a contact's e-mail and secondary e-mail
/// (and phone and secondary phone) become its list of e-mails (phones), the first one primary; a
/// secondary value alone becomes the primary one. Written once per provider's SQL and called from
/// each provider's migration between adding the list columns and dropping the old ones.
/// </summary>
public static class ContactListsData
{
    public static void MoveSecondaryValuesIntoLists(MigrationBuilder migration)
    {
        var sql = Dialect.For(migration);
        foreach (var (list, key, primary, secondary) in new[] { ("Emails", "email", "Email", "SecondaryEmail"), ("Phones", "phone", "Phone", "SecondaryPhone") })
        {
            var p = sql.Column(primary);
            var s = sql.Column(secondary);
            var secondaryKept = $"{s} IS NOT NULL AND ({p} IS NULL OR LOWER({s}) <> LOWER({p}))";
            var json = sql.Concat(
                "'['",
                $"CASE WHEN {p} IS NOT NULL THEN {sql.Concat($"'{{\"{key}\":'", sql.JsonString(p), "',\"primary\":true}'")} ELSE '' END",
                $"CASE WHEN {p} IS NOT NULL AND {secondaryKept} THEN ',' ELSE '' END",
                $"CASE WHEN {secondaryKept} THEN {sql.Concat($"'{{\"{key}\":'", sql.JsonString(s), $"CASE WHEN {p} IS NULL THEN ',\"primary\":true}}' ELSE ',\"primary\":false}}' END")} ELSE '' END",
                "']'");
            migration.Sql($"UPDATE {sql.Table("Contacts")} SET {sql.Column(list)} = {json}");
            migration.Sql($"UPDATE {sql.Table("Contacts")} SET {p} = {s} WHERE {p} IS NULL AND {s} IS NOT NULL");
        }
    }

    /// <summary>Down: the second entry of each list back into the secondary column (the primary one is still in its own column).</summary>
    public static void MoveListsIntoSecondaryValues(MigrationBuilder migration)
    {
        var sql = Dialect.For(migration);
        foreach (var (list, key, secondary) in new[] { ("Emails", "email", "SecondaryEmail"), ("Phones", "phone", "SecondaryPhone") })
        {
            migration.Sql($"UPDATE {sql.Table("Contacts")} SET {sql.Column(secondary)} = {sql.JsonText(sql.Column(list), 1, key)}");
        }
    }

    private sealed record Dialect(string Provider)
    {
        public static Dialect For(MigrationBuilder migration) => new(migration.ActiveProvider ?? string.Empty);

        private bool SqlServer => Provider.Contains("SqlServer", StringComparison.Ordinal);

        private bool Postgres => Provider.Contains("Npgsql", StringComparison.Ordinal);

        public string Table(string name) => Column(name);

        public string Column(string name) => SqlServer ? $"[{name}]" : $"\"{name}\"";

        public string Concat(params string[] parts) => string.Join(SqlServer ? " + " : " || ", parts);

        /// <summary>A text value as a JSON string literal, quotes and escapes included.</summary>
        public string JsonString(string value) =>
            SqlServer ? $"'\"' + STRING_ESCAPE({value}, 'json') + '\"'"
            : Postgres ? $"to_json({value})::text"
            : $"json_quote({value})";

        public string JsonText(string json, int index, string key) =>
            SqlServer ? $"JSON_VALUE({json}, '$[{index}].{key}')"
            : Postgres ? $"({json}::json -> {index} ->> '{key}')"
            : $"json_extract({json}, '$[{index}].{key}')";
    }
}
