namespace Oro.Opportunities.Domain.Auditing;

/// <summary>
/// Every save of a record of this type writes its field-level change history (spec §3.6) under
/// <see cref="Name"/>, whatever the path. Properties marked <see cref="NotAuditedAttribute"/> are left out.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AuditedAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>A value derived from others (a base-currency amount, the primary e-mail copied from the list): not history worth showing.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;
