// ConvertFrom-ImmutableId: the objectGUID an Entra ID immutableId stands for.
using System.Management.Automation;
using SyncMatch.Anchors;
using SyncMatch.Native;

namespace SyncMatch.Commands;

/// <summary>Converts Entra ID immutableIds back to the on-premises objectGUID.</summary>
[Cmdlet(VerbsData.ConvertFrom, "ImmutableId")]
[OutputType(typeof(System.Guid), typeof(PSObject))]
public sealed class ConvertFromImmutableIdCommand : SyncMatchCmdlet
{
    // Made once the native library is known to load (BeginProcessing): it reads the schema.
    private AnchorBatch batch = null!;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        batch = new AnchorBatch();
    }

    /// <summary>The immutableId(s); binds OnPremisesImmutableId (Get-MgUser) and ImmutableId (Get-MsolUser) by name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("OnPremisesImmutableId")]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    public string?[]? ImmutableId { get; set; }

    /// <summary>The object piped in (a cloud user), kept with -PassThru; binds beside ImmutableId.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Returns each input object with an ObjectGuid note property instead of the bare GUID.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        // No value at all ($null, or an empty list) is one EmptySourceAnchor error, as in either form.
        string?[] immutableIds = ImmutableId is { Length: > 0 } given ? given : new string?[] { null };
        foreach (string? immutableId in immutableIds)
        {
            batch.Clear();
            batch.AddInput(immutableId);
            try
            {
                System.Guid guid = batch.ResolveOne(SourceAnchorAttribute.Auto, AnchorSpelling.ImmutableId).Anchor;
                WriteObject(PassThru ? WithObjectGuid(immutableId, guid) : guid);
            }
            catch (System.Exception failure) when (failure is NativeException or Directory.InputRejectedException)
            {
                WriteInputError(failure, immutableId);
            }
        }
    }

    /// <summary>
    /// The piped object (a cloud user) with its ObjectGuid added (replaced if it had one); a bare
    /// immutableId becomes an object with both.
    /// </summary>
    private PSObject WithObjectGuid(string? immutableId, System.Guid guid)
    {
        PSObject target;
        if (InputObject is { } piped && piped.BaseObject is not string)
        {
            target = piped;
        }
        else
        {
            target = new PSObject();
            target.Properties.Add(new PSNoteProperty("ImmutableId", immutableId));
        }
        if (target.Properties["ObjectGuid"] is PSNoteProperty existing)
        {
            existing.Value = guid;
        }
        else
        {
            target.Properties.Add(new PSNoteProperty("ObjectGuid", guid));
        }
        return target;
    }
}
