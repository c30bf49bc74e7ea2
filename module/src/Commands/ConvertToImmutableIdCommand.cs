// ConvertTo-ImmutableId: the immutableId (Base64 source anchor) of GUIDs, byte arrays and
// directory users, from the pipeline or from an array, converted a chunk per native call.
using System;
using System.Collections.Generic;
using System.Management.Automation;
using SyncMatch.Anchors;

namespace SyncMatch.Commands;

/// <summary>Converts objectGUIDs / mS-DS-ConsistencyGuids to Entra ID immutableIds.</summary>
[Cmdlet(VerbsData.ConvertTo, "ImmutableId", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(string), typeof(PSObject), typeof(string[]))]
public sealed class ConvertToImmutableIdCommand : SyncMatchCmdlet
{
    /// <summary>Parameter set for pipeline input.</summary>
    public const string InputObjectSet = "InputObject";

    /// <summary>Parameter set for an array in one call.</summary>
    public const string GuidSet = "Guid";

    // Large enough that the boundary crossing is noise; small enough that the per-chunk arrays
    // stay off the large object heap, which costs garbage collections at millions of items.
    private const int ChunkSize = 4096;

    // Progress for arrays this large; smaller ones finish before a bar would be seen.
    private const int ProgressThreshold = 100_000;

    // A chunk is also written when an input arrives this long after the oldest one pending. There
    // is no timer on the pipeline thread, so what this bounds is the age of a chunk when the next
    // input comes: input that stops coming (a slow AD query between pages) waits for the next
    // input or the end of the pipeline. The first input of a run is written at once, so a single
    // user, or the head of a slow query, is never held.
    private const long FlushIntervalMilliseconds = 200;

    // Made once the native library is known to load (BeginProcessing): it reads the schema.
    private AnchorBatch batch = null!;
    private readonly List<object?> pendingTargets = new(ChunkSize);
    private long firstPendingTime;
    private bool wroteFirst;
    private bool fromPipeline;

    /// <summary>A [guid], GUID text, a 16-byte array, or a directory user (Get-ADUser output, a CSV row).</summary>
    // Not Mandatory and no Allow* attributes: each costs the binder time on every pipeline item,
    // and without them $null still binds (and is reported as an empty anchor).
    [Parameter(ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public PSObject? InputObject { get; set; }

    /// <summary>
    /// Many values converted in one call: a list of values, or one value. Typed object, not
    /// object[], so a byte[] arrives whole: ([byte[]]@()) is one empty anchor (an error, as in the
    /// pipeline), while @() is no anchors at all (nothing to do, no output).
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = GuidSet)]
    [AllowEmptyCollection]
    [AllowNull]
    public object? Guid { get; set; }

    /// <summary>Where a user's anchor is read from; Auto prefers mS-DS-ConsistencyGuid, as Entra Connect does.</summary>
    [Parameter]
    public SourceAnchorAttribute SourceAnchorAttribute { get; set; } = SourceAnchorAttribute.Auto;

    /// <summary>Returns each input with an ImmutableId note property instead of the bare string.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>With -Guid: one array aligned with the input ($null where an input failed) instead of a stream.</summary>
    [Parameter(ParameterSetName = GuidSet)]
    public SwitchParameter NoEnumerate { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        batch = new AnchorBatch();
        // Read once: PSCmdlet.ParameterSetName is not free, and this runs per pipeline item.
        fromPipeline = ParameterSetName == InputObjectSet;
        if (fromPipeline)
        {
            RequireInput(nameof(InputObject), "GUIDs or directory users");
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (fromPipeline)
        {
            // Buffered into chunks: one native call and one enumerated write per chunk, because
            // PowerShell's per-object cost dominates at millions of items. Order is kept.
            foreach (object? item in InputItems(InputObject))
            {
                if ((item is PSObject wrapped ? wrapped.BaseObject : item) is DirectoryExport export)
                {
                    // The rows before it first, then every row of the export, read in the core.
                    FlushPending();
                    ConvertExport(export);
                    continue;
                }
                if (pendingTargets.Count == 0)
                {
                    firstPendingTime = Environment.TickCount64;
                }
                batch.AddInput(item);
                pendingTargets.Add(item);
                if (!wroteFirst || pendingTargets.Count >= ChunkSize || Environment.TickCount64 - firstPendingTime > FlushIntervalMilliseconds)
                {
                    FlushPending();
                }
            }
            return;
        }

        object?[] values = AnchorValues.Collapse(Guid);
        object?[]? aligned = NoEnumerate ? new object?[values.Length] : null;
        bool showProgress = values.Length > ProgressThreshold;
        var progress = new ProgressRecord(1, "ConvertTo-ImmutableId", "Converting source anchors");
        for (int start = 0; start < values.Length; start += ChunkSize)
        {
            int end = Math.Min(values.Length, start + ChunkSize);
            batch.Clear();
            for (int i = start; i < end; i++)
            {
                batch.AddInput(values[i]);
            }
            ConvertBatch(new ArraySegment<object?>(values, start, end - start), aligned is null ? Span<object?>.Empty : aligned.AsSpan(start, end - start));
            if (showProgress && (end / ChunkSize % 16 == 0 || end == values.Length))
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
        if (aligned is not null)
        {
            WriteObject(aligned, enumerateCollection: false);
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing() => FlushPending();

    /// <summary>
    /// The immutableIds of an export's rows, in row order; a row that has none is an error naming
    /// the file and the line. -PassThru needs an object per row, which an export does not make.
    /// </summary>
    private void ConvertExport(DirectoryExport export)
    {
        if (PassThru)
        {
            WriteError(new ErrorRecord(
                new PSArgumentException($"{export.Path}: -PassThru returns each input object with its ImmutableId, and an export makes no object per row. Pipe its rows as objects (Import-Csv), or leave -PassThru out."),
                "PassThruExport", ErrorCategory.InvalidArgument, export));
            return;
        }
        var progress = new ProgressRecord(1, "ConvertTo-ImmutableId", $"Converting the rows of {export.Path}");
        foreach ((int start, string?[] ids, List<Native.NativeFailure> failures) in ExportAnchors.ImmutableIds(export, SourceAnchorAttribute, ChunkSize * 16))
        {
            int written = 0;
            foreach (Native.NativeFailure failure in failures)
            {
                int at = checked((int)failure.Index) - start;
                WriteObject(new ArraySegment<string?>(ids, written, at - written), enumerateCollection: true);
                WriteError(failure.ToException().ToErrorRecord(export));
                written = at + 1;
            }
            WriteObject(new ArraySegment<string?>(ids, written, ids.Length - written), enumerateCollection: true);
            if (export.RowCount > ProgressThreshold)
            {
                progress.PercentComplete = (int)(100L * (start + ids.Length) / export.RowCount);
                WriteProgress(progress);
            }
        }
        if (export.RowCount > ProgressThreshold)
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    private void FlushPending()
    {
        if (pendingTargets.Count == 0)
        {
            return;
        }
        wroteFirst = true;
        ConvertBatch(pendingTargets, aligned: Span<object?>.Empty);
        batch.Clear();
        pendingTargets.Clear();
    }

    /// <summary>
    /// Resolves the batch and gives each input one result or one error, in order: into
    /// <paramref name="aligned"/> when given, else written as runs of results between errors.
    /// </summary>
    private void ConvertBatch(IList<object?> targets, Span<object?> aligned)
    {
        batch.Resolve(SourceAnchorAttribute, spelling: null);
        string?[] ids = batch.ImmutableIds();
        var results = new object?[ids.Length];
        int runStart = 0;
        for (int i = 0; i <= ids.Length; i++)
        {
            if (i < ids.Length && ids[i] is { } id)
            {
                // The cast matters: PSObject converts implicitly from string, which would wrap every id.
                results[i] = PassThru ? AnchorValues.WithImmutableId(targets[i], id) : (object)id;
                continue;
            }
            if (aligned.IsEmpty && i > runStart)
            {
                WriteObject(new ArraySegment<object?>(results, runStart, i - runStart), enumerateCollection: true);
            }
            if (i < ids.Length)
            {
                WriteInputError(batch.Explain(i), targets[i]);
            }
            runStart = i + 1;
        }
        if (!aligned.IsEmpty)
        {
            results.AsSpan().CopyTo(aligned);
        }
    }
}
