using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Oro.Opportunities.Data;

/// <summary>
/// Money amounts: decimal(19,4) on PostgreSQL and SQL Server; on SQLite, which has no decimal
/// type, a scaled integer (amount × 10⁴) so that SQL sorts, filters and sums them (ADR-0003).
/// </summary>
public static class MoneyColumns
{
    public const int Precision = 19;
    public const int Scale = 4;
    private const string Annotation = "Oro:Money";
    private const decimal Factor = 10_000m;

    /// <summary>
    /// The largest amount every provider stores: SQLite's scaled integer holds long.MaxValue / 10⁴
    /// (numeric(19,4) holds a little more). Inputs and filters are bounded by it, so no conversion overflows.
    /// </summary>
    public const decimal MaxAmount = Domain.Money.Money.MaxAmount;

    public static PropertyBuilder<decimal?> IsMoney(this PropertyBuilder<decimal?> property) =>
        property.HasPrecision(Precision, Scale).HasAnnotation(Annotation, true);

    public static PropertyBuilder<decimal> IsMoney(this PropertyBuilder<decimal> property) =>
        property.HasPrecision(Precision, Scale).HasAnnotation(Annotation, true);

    /// <summary>On SQLite, gives every money column the scaled-integer conversion.</summary>
    public static void ApplySqliteConversion(ModelBuilder builder)
    {
        var converter = new ValueConverter<decimal, long>(
            v => (long)decimal.Round(v * Factor, 0, MidpointRounding.ToEven),
            v => v / Factor);
        foreach (var property in builder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()))
        {
            if (property.FindAnnotation(Annotation) is not null)
            {
                property.SetValueConverter(converter);
                property.SetProviderClrType(typeof(long));
            }
        }
    }

    public static bool IsMoneyProperty(IReadOnlyProperty property) => property.FindAnnotation(Annotation) is not null;
}
