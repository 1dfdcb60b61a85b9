using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Oro.Opportunities.Data;

/// <summary>Stores DateTime values as UTC and reads them back with Kind = Utc on every provider.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
