// ConvertFrom-ImmutableId: the objectGUID an Entra ID immutableId stands for.
using System.Management.Automation;
using SyncMatch.Anchors;
using SyncMatch.Native;

namespace SyncMatch.Commands;

/// <summary>Converts Entra ID immutableIds back to the on-premises objectGUID.</summary>
[Cmdlet(VerbsData.ConvertFrom, "ImmutableId")]
[OutputType(typeof(System.Guid))]
public sealed class ConvertFromImmutableIdCommand : SyncMatchCmdlet
{
    private readonly AnchorBatch batch = new();

    /// <summary>The immutableId(s); binds OnPremisesImmutableId (Get-MgUser) and ImmutableId (Get-MsolUser) by name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("OnPremisesImmutableId")]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    public string?[]? ImmutableId { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (string? immutableId in ImmutableId ?? new string?[] { null })
        {
            batch.Clear();
            batch.Add(AnchorSource.ForValue(immutableId));
            try
            {
                WriteObject(batch.ResolveOne(0, SourceAnchorAttribute.Auto, AnchorSpelling.ImmutableId).Anchor);
            }
            catch (NativeException failure)
            {
                WriteInputError(failure, immutableId);
            }
        }
    }
}
