// Tab completion for export files (Import-DirectoryExport -Path): folders, and the .csv and .json
// files PowerShell's own completion offers, without the files an export cannot be.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace SyncMatch.Commands;

/// <summary>Completes the paths of export files.</summary>
public sealed class ExportFileCompleter : IArgumentCompleter
{
    private static readonly string[] Extensions = { ".csv", ".json" };

    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        // PowerShell's file completion (relative to $PWD, provider paths, quoting), filtered.
        return CompletionCompleters.CompleteFilename(wordToComplete ?? "")
            .Where(result => result.ResultType == CompletionResultType.ProviderContainer
                || Extensions.Any(extension => result.ListItemText.EndsWith(extension, StringComparison.OrdinalIgnoreCase)));
    }
}
