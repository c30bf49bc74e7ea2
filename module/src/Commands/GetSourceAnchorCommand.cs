// Get-SourceAnchor: one anchor in every spelling, from whichever spelling the admin has at hand.
using System.Management.Automation;
using System.Text;
using SyncMatch.Anchors;
using SyncMatch.Directory;
using SyncMatch.Native;

namespace SyncMatch.Commands;

/// <summary>Shows a source anchor in every spelling: GUID, immutableId, bytes, octet string, LDAP filter, connector DN.</summary>
[Cmdlet(VerbsCommon.Get, "SourceAnchor")]
[OutputType(typeof(SourceAnchor))]
public sealed class GetSourceAnchorCommand : SyncMatchCmdlet
{
    // Made once the native library is known to load (BeginProcessing): it reads the schema.
    private AnchorBatch batch = null!;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        batch = new AnchorBatch();
    }

    /// <summary>Any spelling of an anchor, a [guid], a byte[], or a directory user.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyString]
    public PSObject? InputObject { get; set; }

    /// <summary>Reads text in this spelling instead of recognizing it by its shape.</summary>
    [Parameter]
    [ValidateSet(nameof(AnchorSpelling.Guid), nameof(AnchorSpelling.ImmutableId), nameof(AnchorSpelling.OctetString),
        nameof(AnchorSpelling.LdapFilter), nameof(AnchorSpelling.ConnectorDn), IgnoreCase = true)]
    public string? From { get; set; }

    /// <summary>Where a user's anchor is read from; Auto prefers mS-DS-ConsistencyGuid, as Entra Connect does.</summary>
    [Parameter]
    public SourceAnchorAttribute SourceAnchorAttribute { get; set; } = SourceAnchorAttribute.Auto;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        AnchorSpelling? spelling = From is null ? null : System.Enum.Parse<AnchorSpelling>(From, ignoreCase: true);
        foreach (object? item in InputItems(InputObject))
        {
            Describe(item, spelling);
        }
    }

    private void Describe(object? input, AnchorSpelling? spelling)
    {
        if ((input is PSObject wrapped ? wrapped.BaseObject : input) is DirectoryExport export)
        {
            DescribeExport(export);
            return;
        }
        batch.Clear();
        batch.AddInput(input);
        try
        {
            (System.Guid anchor, AnchorSpelling readAs, AnchorSource readFrom) = batch.ResolveOne(SourceAnchorAttribute, spelling);
            WriteObject(Describe(anchor, readAs, readFrom));
        }
        catch (System.Exception failure) when (failure is NativeException or InputRejectedException)
        {
            WriteInputError(failure, input);
        }
    }

    /// <summary>Every row's anchor, in row order (read in the core); a row without one is an error naming file and line.</summary>
    private void DescribeExport(DirectoryExport export)
    {
        foreach ((int start, (System.Guid, AnchorSource)?[] anchors, System.Collections.Generic.List<NativeFailure> failures) in ExportAnchors.Anchors(export, SourceAnchorAttribute, 4096))
        {
            for (int i = 0; i < anchors.Length; i++)
            {
                if (anchors[i] is ({ } anchor, { } readFrom))
                {
                    // Read from the row's anchor attributes, as for a directory object.
                    WriteObject(Describe(anchor, AnchorSpelling.Bytes, readFrom));
                }
                else if (failures.Find(failure => failure.Index - start == i) is { Message: not null } failure)
                {
                    WriteError(failure.ToException().ToErrorRecord(export));
                }
            }
        }
    }

    private static unsafe SourceAnchor Describe(System.Guid anchor, AnchorSpelling readAs, AnchorSource readFrom)
    {
        byte* bytes = stackalloc byte[NativeMethods.AnchorLength];
        anchor.TryWriteBytes(new System.Span<byte>(bytes, NativeMethods.AnchorLength));
        NativeAnchorText text;
        NativeException.ThrowIfFailed(NativeMethods.syncmatch_anchor_format(bytes, &text), nameof(NativeMethods.syncmatch_anchor_format));
        return new SourceAnchor(
            anchor,
            Encoding.ASCII.GetString(text.ImmutableId, NativeAnchorText.ImmutableIdLength),
            Encoding.ASCII.GetString(text.OctetString, NativeAnchorText.OctetStringLength),
            Encoding.ASCII.GetString(text.LdapFilter, NativeAnchorText.LdapFilterLength),
            Encoding.ASCII.GetString(text.ConnectorDn, NativeAnchorText.ConnectorDnLength),
            readAs,
            readFrom);
    }
}
