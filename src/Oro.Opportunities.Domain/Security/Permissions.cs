namespace Oro.Opportunities.Domain.Security;

/// <summary>The record types that carry per-role access levels (spec §11).</summary>
public enum SecuredEntity
{
    Opportunity = 0,
    Account = 1,
    Contact = 2,
    Lead = 3,
}

/// <summary>The actions a role grants per entity.</summary>
public enum PermissionAction
{
    View = 0,
    Create = 1,
    Edit = 2,
    Delete = 3,
    Assign = 4,
}

/// <summary>How far an action reaches: nothing, the user's own records, the team's, or all.</summary>
public enum AccessLevel
{
    None = 0,
    Own = 1,
    Team = 2,
    All = 3,
}

/// <summary>Permissions that are not tied to a record.</summary>
public enum Capability
{
    Import = 0,
    Export = 1,
    SystemConfiguration = 2,
    ManageUsers = 3,
    ManageWorkflows = 4,
}
