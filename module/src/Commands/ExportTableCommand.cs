// What the table exporters share (Export-SyncMatchCsv, Export-SyncMatchExcel): the file, taken
// literally, the objects from the pipeline, -NoClobber and the path it resolves to.
using System.IO;
using System.Management.Automation;

namespace SyncMatch.Commands;

/// <summary>The parameters and checks of a cmdlet that writes pipeline objects as a table file.</summary>
public abstract class ExportTableCommand : PSCmdlet
{
    /// <summary>The file to write, taken literally (no wildcards: [ and ] are part of the name); -LiteralPath names it too.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [Alias("LiteralPath")]
    public string Path { get; set; } = "";

    /// <summary>What to write: Test-SyncReadiness findings, Test-SoftMatch results, New-HardMatchPlan items, or any objects.</summary>
    // Mandatory without AllowNull: a $null is refused by the binder with an error, as by Export-Csv.
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Refuse to overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>The file <see cref="Path"/> names, or stops (FileExists) when -NoClobber keeps an existing one.</summary>
    private protected string TargetFile()
    {
        string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (NoClobber && File.Exists(path))
        {
            ThrowTerminatingError(new ErrorRecord(
                new IOException($"The file '{path}' already exists; -NoClobber keeps it."),
                "FileExists", ErrorCategory.ResourceExists, path));
        }
        return path;
    }
}
