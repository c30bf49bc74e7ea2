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
        // No value at all ($null, or an empty list) is one EmptySourceAnchor error, as in either form.
        string?[] immutableIds = ImmutableId is { Length: > 0 } given ? given : new string?[] { null };
        foreach (string? immutableId in immutableIds)
        {
            batch.Clear();
            batch.AddInput(immutableId);
            if (batch.Refusal(0) is { } refusal)
            {
                WriteInputError(refusal, immutableId);
                continue;
            }
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
