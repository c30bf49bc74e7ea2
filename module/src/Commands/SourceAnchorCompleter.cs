// Tab completion for -SourceAnchorAttribute: the three GUID settings, then the custom attributes
// deployments commonly choose (any other LDAP name is accepted as typed).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace SyncMatch.Commands;

/// <summary>Completes -SourceAnchorAttribute.</summary>
public sealed class SourceAnchorCompleter : IArgumentCompleter
{
    private static readonly (string Value, string Tip)[] Values =
    {
        ("Auto", "mS-DS-ConsistencyGuid when populated, else objectGUID (the default since Entra Connect 1.1.524)"),
        ("ConsistencyGuid", "mS-DS-ConsistencyGuid only"),
        ("ObjectGUID", "objectGUID only (DirSync upgrades, older installations)"),
        ("employeeID", "a custom source anchor: its value is sent as it is"),
        ("employeeNumber", "a custom source anchor: its value is sent as it is"),
    };

    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string typed = (wordToComplete ?? "").Trim('\'', '"');
        return Values
            .Where(value => value.Value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(value => new CompletionResult(value.Value, value.Value, CompletionResultType.ParameterValue, value.Tip));
    }
}
