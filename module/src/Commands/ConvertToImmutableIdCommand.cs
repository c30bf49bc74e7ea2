// ConvertTo-ImmutableId: the immutableId (Base64 source anchor) of GUIDs, byte arrays and
// directory users, from the pipeline one at a time or from an array in batches.
using System;
using System.Management.Automation;
using SyncMatch.Anchors;
using SyncMatch.Native;

namespace SyncMatch.Commands;

/// <summary>Converts objectGUIDs / mS-DS-ConsistencyGuids to Entra ID immutableIds.</summary>
[Cmdlet(VerbsData.ConvertTo, "ImmutableId", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(string), typeof(PSObject))]
public sealed class ConvertToImmutableIdCommand : SyncMatchCmdlet
{
    /// <summary>Parameter set for pipeline input.</summary>
    public const string InputObjectSet = "InputObject";

    /// <summary>Parameter set for an array in one call.</summary>
    public const string GuidSet = "Guid";

    // Large enough that the boundary crossing is noise, small enough to report progress.
    private const int ChunkSize = 65536;

    private readonly AnchorBatch batch = new();

    /// <summary>A [guid], GUID text, a 16-byte array, or a directory user (Get-ADUser output, a CSV row).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [AllowNull]
    [AllowEmptyString]
    public PSObject? InputObject { get; set; }

    /// <summary>Many values converted in one call.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = GuidSet)]
    [AllowEmptyCollection]
    [AllowNull]
    public object?[] Guid { get; set; } = Array.Empty<object?>();

    /// <summary>Where a user's anchor is read from; Auto prefers mS-DS-ConsistencyGuid, as Entra Connect does.</summary>
    [Parameter]
    public SourceAnchorAttribute SourceAnchorAttribute { get; set; } = SourceAnchorAttribute.Auto;

    /// <summary>Returns each input with an ImmutableId note property instead of the bare string.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            batch.Clear();
            batch.Add(AnchorSource.Read(InputObject));
            Convert(new object?[] { InputObject }, 0);
            return;
        }

        object?[] values = AnchorValues.Collapse(Guid);
        bool showProgress = values.Length > ChunkSize;
        var progress = new ProgressRecord(1, "ConvertTo-ImmutableId", "Converting source anchors");
        for (int start = 0; start < values.Length; start += ChunkSize)
        {
            int end = Math.Min(values.Length, start + ChunkSize);
            batch.Clear();
            for (int i = start; i < end; i++)
            {
                batch.Add(AnchorSource.Read(values[i]));
            }
            Convert(values, start);
            if (showProgress)
            {
                progress.PercentComplete = (int)(100L * end / values.Length);
                progress.StatusDescription = $"{end:N0} of {values.Length:N0}";
                WriteProgress(progress);
            }
        }
        if (showProgress)
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    /// <summary>Resolves the batch and writes one result or one error per input, in order.</summary>
    private void Convert(object?[] targets, int offset)
    {
        batch.Resolve(SourceAnchorAttribute, spelling: null);
        string?[] ids = batch.ImmutableIds();
        for (int i = 0; i < ids.Length; i++)
        {
            object? target = targets[offset + i];
            if (ids[i] is { } id)
            {
                WriteObject(PassThru ? AnchorValues.WithImmutableId(target, id) : id);
            }
            else
            {
                WriteInputError(batch.Explain(i, SourceAnchorAttribute, spelling: null), target);
            }
        }
    }
}
