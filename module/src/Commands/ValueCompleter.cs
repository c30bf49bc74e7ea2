// Tab completion from a fixed list of values, each with its tip: the settings whose named values
// are known and whose other values (an attribute's LDAP name) are accepted as typed.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace SyncMatch.Commands;

/// <summary>Completes a parameter from a fixed list of values.</summary>
public abstract class ValueCompleter : IArgumentCompleter
{
    /// <summary>The values offered, in order, each with its tip.</summary>
    private protected abstract IReadOnlyList<(string Value, string Tip)> Values { get; }

    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string typed = (wordToComplete ?? "").Trim('\'', '"');
        return Values
            .Where(value => value.Value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(value => new CompletionResult(value.Value, value.Value, CompletionResultType.ParameterValue, value.Tip));
    }
}
