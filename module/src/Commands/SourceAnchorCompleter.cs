// Tab completion for -SourceAnchorAttribute: the three GUID settings, then the custom attributes
// deployments commonly choose (any other LDAP name is accepted as typed).
using System.Collections.Generic;

namespace SyncMatch.Commands;

/// <summary>Completes -SourceAnchorAttribute.</summary>
public sealed class SourceAnchorCompleter : ValueCompleter
{
    private static readonly (string Value, string Tip)[] Settings =
    {
        ("Auto", "mS-DS-ConsistencyGuid when populated, else objectGUID (the default since Entra Connect 1.1.524)"),
        ("ConsistencyGuid", "mS-DS-ConsistencyGuid only"),
        ("ObjectGUID", "objectGUID only (DirSync upgrades, older installations)"),
        ("employeeID", "a custom source anchor: its value is sent as it is"),
        ("employeeNumber", "a custom source anchor: its value is sent as it is"),
    };

    private protected override IReadOnlyList<(string Value, string Tip)> Values => Settings;
}
