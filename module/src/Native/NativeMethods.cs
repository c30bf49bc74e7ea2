// Folder Native/: everything that touches the native library (P/Invoke, loading and the version
// handshake, handles, buffers, native errors). It imports only Text/; everything else stands on it.
//
// P/Invoke declarations for include/syncmatch.h, and nothing else. Every string crosses as UTF-8
// bytes with a length; no default string marshalling (it is ANSI on Windows).
using System;
using System.Runtime.InteropServices;

namespace SyncMatch.Native;

/// <summary>SyncMatchStatus: stable values, mirrored from the header.</summary>
internal enum NativeStatus : uint
{
    Ok = 0,
    NullArgument = 1,
    InvalidUtf8 = 2,
    BufferTooSmall = 3,
    InvalidArgument = 4,
    Panic = 5,
    InvalidState = 6,
    InternalError = 7,

    AnchorEmpty = 100,
    AnchorInvalidGuid = 101,
    AnchorInvalidImmutableId = 102,
    AnchorNotGuid = 103,
    AnchorInvalidOctetString = 104,
    AnchorInvalidLdapFilter = 105,
    AnchorInvalidConnectorDn = 106,
    AnchorWrongByteCount = 107,
    AnchorTypeName = 108,
    AnchorUnrecognized = 109,
    AnchorMissing = 110,
    AnchorCustomInvalid = 111,
    ExportUnreadable = 200,
    ExportEmpty = 201,
    ExportTruncated = 202,
    ExportMissingColumn = 203,
    ExportTypeNameColumn = 204,
    ExportMalformed = 205,
    ExportTooLarge = 206,
    ExportEncoding = 207,
    ExportDuplicateColumn = 208,
    ExportRaggedRow = 209,
    MappingColumnsUnusable = 210,
    ExportPartialPage = 211,
    ExportNotAFile = 212,
    ExportChanged = 213,
    JournalEmpty = 300,
    JournalNotAJournal = 301,
    JournalCorrupt = 302,
    JournalInconsistent = 303,
}

/// <summary>SyncMatchSlotKind.</summary>
internal enum SlotKind : uint
{
    Absent = 0,
    Bytes = 1,
    Utf8Text = 2,
    Utf8JoinedList = 3,
}

/// <summary>SyncMatchExportRole: what a hard-match plan reads an export's rows as.</summary>
internal enum ExportRole : uint
{
    CloudUsers = 0,
    DeletedCloudUsers = 1,
    OnPremisesUsers = 2,
    OwnRows = 3,
    MappingRows = 4,
}

/// <summary>SyncMatchInputSide: what an input was read as, for its warnings.</summary>
internal enum InputSide : uint
{
    OnPremises = 0,
    OnPremisesWithAnchors = 1,
    Cloud = 2,
    HardMatchCloud = 3,
    Deleted = 4,
    CloudUpnUpdatesBlocked = 5,
}

/// <summary>SyncMatchPlanSettings.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativePlanSettings
{
    public uint AnchorAttribute;
    public uint Direction;
    public uint AllowReplace;
    public uint BlockHardMatchTakeover;
}

/// <summary>SyncMatchReadOptions: what the caller says of an export before it is read.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeReadOptions
{
    public byte* Encoding;
    public nuint EncodingLength;
    public uint Delimiter;
    public uint AllowPartialPage;
}

/// <summary>SyncMatchReadProgress: bytes read and parsed, written atomically while a read runs.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeReadProgress
{
    public ulong Read;
    public ulong Parsed;
    public ulong Total;
}

/// <summary>SyncMatchSlot: a run of bytes inside the batch's data buffer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeSlot
{
    public SlotKind Kind;
    public nuint Offset;
    public nuint Len;
}

/// <summary>SyncMatchCell: one value of one field (its number in the schema description).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeCell
{
    public uint Field;
    public NativeSlot Value;
}

/// <summary>SyncMatchRows: a batch of rows of cells, row i ending at RowEnds[i].</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeRows
{
    public byte* Data;
    public nuint DataLen;
    public NativeCell* Cells;
    public nuint CellCount;
    public nuint* RowEnds;
    public nuint RowCount;
}

/// <summary>SyncMatchSeen: which fields a whole input had, a bit per field number.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeSeen
{
    public ulong Rows;
    public ulong Present;
    public ulong Valued;
}

/// <summary>SyncMatchPredictionSettings: the tenant's switches, non-zero for on.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativePredictionSettings
{
    public uint SoftMatchOnUpn;
    public uint BlockSoftMatch;
    public uint BlockHardMatchTakeover;
    /// <summary>A SourceAnchorAttribute value, or <see cref="CustomAnchorAttribute"/>.</summary>
    public uint AnchorAttribute;
    /// <summary>Non-zero when SynchronizeUpnForManagedUsersEnabled is known to be off.</summary>
    public uint UpnUpdatesBlocked;

    /// <summary>SYNC_MATCH_ANCHOR_ATTRIBUTE_CUSTOM: the custom attribute's value travels in the CustomAnchor field.</summary>
    public const uint CustomAnchorAttribute = 3;
}

/// <summary>SyncMatchAnchorText: every spelling, ASCII, each field exactly full.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeAnchorText
{
    public const int ImmutableIdLength = 24;
    public const int OctetStringLength = 47;
    public const int LdapFilterLength = 48;
    public const int ConnectorDnLength = 53;

    public fixed byte ImmutableId[ImmutableIdLength];
    public fixed byte OctetString[OctetStringLength];
    public fixed byte LdapFilter[LdapFilterLength];
    public fixed byte ConnectorDn[ConnectorDnLength];
}

internal static unsafe class NativeMethods
{
    /// <summary>The native file's base name, apart from the managed SyncMatch.dll.</summary>
    internal const string LibraryName = "syncmatch_native";

    /// <summary>The ABI this assembly was built against: read from include/syncmatch.h at build time (SyncMatch.csproj), never written here.</summary>
    internal static readonly uint AbiVersion = uint.Parse(
        System.Linq.Enumerable.Single(
            System.Reflection.CustomAttributeExtensions.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>(typeof(NativeMethods).Assembly),
            attribute => attribute.Key == "SyncMatchAbiVersion").Value!,
        System.Globalization.CultureInfo.InvariantCulture);

    internal const int AnchorLength = 16;
    internal const int ImmutableIdLength = 24;

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_version(byte** outVersion, nuint* outVersionLength, uint* outAbiVersion);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_last_panic_message(IntPtr* outError);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_abi_describe(IntPtr* outDescription);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_schema_describe(IntPtr* outDescription);

    /// <summary>syncmatch_input_warnings for objects seen (no export).</summary>
    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_input_warnings(
        uint side, NativeSeen* seen, IntPtr export, byte* parameter, nuint parameterLength, IntPtr* outWarnings);

    /// <summary>syncmatch_input_warnings for an export's columns.</summary>
    [DllImport(LibraryName, EntryPoint = "syncmatch_input_warnings", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_input_warnings_export(
        uint side, NativeSeen* seen, ExportHandle export, byte* parameter, nuint parameterLength, IntPtr* outWarnings);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_anchor_resolve_rows(
        NativeRows* rows, uint attribute, uint spelling, byte* outAnchors, nuint outAnchorsLength,
        uint* outSpellings, nuint outSpellingsLength, uint* outSources, nuint outSourcesLength, IntPtr* outFailures);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_anchor_format(byte* anchor, NativeAnchorText* outText);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_anchor_immutable_ids(
        byte* anchors, nuint anchorsLength, byte* outChars, nuint outCharsLength);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_error_message(
        IntPtr error, byte** outMessage, nuint* outMessageLength, uint* outStatus);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern void syncmatch_error_free(IntPtr error);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_buffer_data(IntPtr buffer, byte** outData, nuint* outLength);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern void syncmatch_buffer_free(IntPtr buffer);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_address_parse(
        byte* data, nuint dataLength, NativeSlot* values, nuint count, IntPtr* outParsed);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_deployment_new(byte* json, nuint jsonLength, out DeploymentHandle outDeployment, IntPtr* outError);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_deployment_anchor_problem(DeploymentHandle deployment, uint anchorAttribute, IntPtr* outProblem);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_deployment_given_columns(DeploymentHandle deployment, IntPtr* outJson);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_set_deployment(PredictionHandle prediction, DeploymentHandle deployment);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_readiness_set_deployment(ReadinessHandle session, DeploymentHandle deployment);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_plan_set_deployment(PlanHandle plan, DeploymentHandle deployment);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern void syncmatch_deployment_free(IntPtr deployment);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_readiness_new(
        byte* data, nuint dataLength, NativeSlot* verifiedDomains, nuint domainCount, uint anchorAttribute, out ReadinessHandle outSession);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_readiness_check(
        ReadinessHandle session, NativeRows* rows, IntPtr* outFindings, IntPtr* outFailures);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_readiness_check_export(
        ReadinessHandle session, ExportHandle export, nuint start, nuint count, byte* anchorColumn, nuint anchorColumnLength, IntPtr* outFindings, IntPtr* outFailures);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_readiness_finish(ReadinessHandle session, IntPtr* outFindings);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern void syncmatch_readiness_free(IntPtr session);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_new(
        NativePredictionSettings* settings, byte* data, nuint dataLength, NativeSlot* verifiedDomains, nuint verifiedCount,
        NativeSlot* privileged, nuint privilegedCount, out PredictionHandle outPrediction);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_reserve_cloud(PredictionHandle prediction, nuint count);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_add_cloud(PredictionHandle prediction, NativeRows* rows, uint deleted, IntPtr* outFailures);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_add_users(PredictionHandle prediction, NativeRows* rows, IntPtr* outFailures);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_add_export(
        PredictionHandle prediction, ExportHandle export, byte* anchorColumn, nuint anchorColumnLength, nuint start, nuint count, IntPtr* outFailures);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_add_cloud_export(PredictionHandle prediction, ExportHandle export, uint deleted, IntPtr* outFailures);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_finish(PredictionHandle prediction, uint includeCloudOnly, nuint* outCount);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_records(PredictionHandle prediction, nuint start, nuint count, uint includeCloudOnly, IntPtr* outRecords);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern void syncmatch_prediction_free(IntPtr prediction);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_export_read(byte* path, nuint pathLength, NativeReadOptions* options, NativeReadProgress* progress, out ExportHandle outExport, IntPtr* outError);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_export_from_json(byte* json, nuint jsonLength, byte* source, nuint sourceLength, out ExportHandle outExport, IntPtr* outError);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_file_read(byte* path, nuint pathLength, IntPtr* outBytes, IntPtr* outError);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_mapping_columns(byte* data, nuint dataLength, NativeSlot* names, nuint count, IntPtr* outRenames, IntPtr* outError);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_journal_read(byte* text, nuint textLength, IntPtr* outEvidence, IntPtr* outError);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_export_describe(ExportHandle export, IntPtr* outDescription);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_export_column(ExportHandle export, byte* name, nuint nameLength, IntPtr* outError);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_export_anchors(ExportHandle export, uint attribute, nuint start, nuint count, byte* outAnchors, nuint outAnchorsLength, uint* outSources, nuint outSourcesLength, IntPtr* outFailures);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern void syncmatch_export_free(IntPtr export);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_plan_new(
        NativePlanSettings* settings, byte* data, nuint dataLength, NativeSlot* privileged, nuint privilegedCount,
        NativeSlot* federated, nuint federatedCount, NativeSlot* verified, nuint verifiedCount, out PlanHandle outPlan);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_plan_add_cloud(PlanHandle plan, NativeRows* rows, uint deleted, IntPtr* outFailures);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_plan_add_on_prem(PlanHandle plan, NativeRows* rows, uint ownRows, IntPtr* outFailures);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_plan_add_rows(PlanHandle plan, NativeRows* rows, IntPtr* outFailures);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_plan_add_export(
        PlanHandle plan, ExportHandle export, uint role, byte* anchorColumn, nuint anchorColumnLength, IntPtr* outFailures);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_plan_finish(PlanHandle plan, nuint* outCount);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_plan_items(PlanHandle plan, nuint start, nuint count, IntPtr* outItems);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern void syncmatch_plan_free(IntPtr plan);
}
