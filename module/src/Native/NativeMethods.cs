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
    ExportUnreadable = 200,
    ExportEmpty = 201,
    ExportTruncated = 202,
    ExportMissingColumn = 203,
    ExportTypeNameColumn = 204,
    ExportMalformed = 205,
    ExportTooLarge = 206,
}

/// <summary>SyncMatchSlotKind.</summary>
internal enum SlotKind : uint
{
    Absent = 0,
    Bytes = 1,
    Utf8Text = 2,
    Utf8JoinedList = 3,
}

/// <summary>SyncMatchInputShape.</summary>
internal enum InputShape : uint
{
    Value = 0,
    User = 1,
}

/// <summary>SyncMatchOnPremKey: how a mapping row names its on-premises user.</summary>
internal enum OnPremKeyKind : uint
{
    Any = 0,
    SamAccountName = 1,
    DistinguishedName = 2,
    ObjectGuid = 3,
    UserPrincipalName = 4,
}

/// <summary>SyncMatchCloudKey: how a mapping row names its cloud user.</summary>
internal enum CloudKeyKind : uint
{
    Any = 0,
    Id = 1,
    UserPrincipalName = 2,
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

/// <summary>SyncMatchMappingRow: one row of the mapping.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeMappingRow
{
    public NativeSlot OnPremKey;
    public OnPremKeyKind OnPremKind;
    public NativeSlot CloudKey;
    public CloudKeyKind CloudKind;
    public NativeSlot ImmutableId;
    public NativeSlot Identity;
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

/// <summary>SyncMatchAnchorInput.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeAnchorInput
{
    public InputShape Shape;
    public NativeSlot Value;
    public NativeSlot ConsistencyGuid;
}

/// <summary>SyncMatchDirectoryObject: one object for the readiness check.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeDirectoryObject
{
    public NativeSlot DistinguishedName;
    public NativeSlot ObjectClass;
    public NativeSlot SamAccountName;
    public NativeSlot UserPrincipalName;
    public NativeSlot Mail;
    public NativeSlot MailNickname;
    public NativeSlot TargetAddress;
    public NativeSlot DisplayName;
    public NativeSlot GivenName;
    public NativeSlot Surname;
    public NativeSlot RecipientTypeDetails;
    public uint IsCriticalSystemObject;
    public nuint ProxyAddressesFirst;
    public nuint ProxyAddressesCount;
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

    /// <summary>SYNC_MATCH_ANCHOR_ATTRIBUTE_CUSTOM: the custom attribute's value travels in ConsistencyGuid.</summary>
    public const uint CustomAnchorAttribute = 3;
}

/// <summary>SyncMatchCloudUser: one cloud object.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeCloudUser
{
    public NativeSlot Id;
    public NativeSlot UserPrincipalName;
    public NativeSlot Mail;
    public NativeSlot ImmutableId;
    public NativeSlot ObjectType;
    public NativeSlot SecurityIdentifier;
    public NativeSlot DisplayName;
    /// <summary>0 unknown, 1 true, 2 false.</summary>
    public uint SyncEnabled;
    public uint LastDirSync;
    public uint Deleted;
    public NativeSlot ObjectIdentifier;
    public uint HasMailbox;
    public nuint ProxyAddressesFirst;
    public nuint ProxyAddressesCount;
}

/// <summary>SyncMatchOnPremUser: one on-premises user.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeOnPremUser
{
    public NativeDirectoryObject Object;
    public NativeSlot ObjectGuid;
    public NativeSlot ConsistencyGuid;
    public NativeSlot SecurityIdentifier;
    /// <summary>Present for an input refused before it crossed: the message (Object's DN slot names it).</summary>
    public NativeSlot Rejection;
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
    internal static extern NativeStatus syncmatch_anchor_resolve(
        byte* data, nuint dataLength, NativeAnchorInput* input, uint attribute, uint spelling,
        byte* outAnchor, uint* outSpelling, IntPtr* outError);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_anchor_resolve_batch(
        byte* data, nuint dataLength, NativeAnchorInput* inputs, nuint count, uint attribute, uint spelling,
        byte* outAnchors, nuint outAnchorsLength, uint* outStatuses, nuint outStatusesLength);

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
    internal static extern NativeStatus syncmatch_readiness_new(
        byte* data, nuint dataLength, NativeSlot* verifiedDomains, nuint domainCount, out NativeHandle outSession);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_readiness_check(
        NativeHandle session, byte* data, nuint dataLength, NativeDirectoryObject* objects, nuint count,
        NativeSlot* values, nuint valueCount, IntPtr* outFindings);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_readiness_finish(NativeHandle session, IntPtr* outFindings);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern void syncmatch_readiness_free(IntPtr session);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_new(
        NativePredictionSettings* settings, byte* data, nuint dataLength, NativeSlot* verifiedDomains, nuint verifiedCount,
        NativeSlot* privileged, nuint privilegedCount, out NativeHandle outPrediction);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_reserve_cloud(NativeHandle prediction, nuint count);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_add_cloud(
        NativeHandle prediction, byte* data, nuint dataLength, NativeCloudUser* users, nuint count, NativeSlot* values, nuint valueCount);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_add_users(
        NativeHandle prediction, byte* data, nuint dataLength, NativeOnPremUser* users, nuint count, NativeSlot* values, nuint valueCount);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_finish(NativeHandle prediction, uint includeCloudOnly, nuint* outCount);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_records(NativeHandle prediction, nuint start, nuint count, uint includeCloudOnly, IntPtr* outRecords);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern void syncmatch_prediction_free(IntPtr prediction);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_export_read_csv(byte* path, nuint pathLength, NativeReadProgress* progress, out NativeHandle outExport, IntPtr* outError);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_export_describe(NativeHandle export, IntPtr* outDescription);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_readiness_check_export(NativeHandle session, NativeHandle export, nuint start, nuint count, IntPtr* outFindings);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_add_export(NativeHandle prediction, NativeHandle export, byte* anchorColumn, nuint anchorColumnLength, nuint start, nuint count);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_export_column(NativeHandle export, byte* name, nuint nameLength, IntPtr* outError);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_export_anchors(NativeHandle export, uint attribute, nuint start, nuint count, byte* outAnchors, nuint outAnchorsLength, IntPtr* outFailures);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_prediction_add_cloud_export(NativeHandle prediction, NativeHandle export, uint deleted);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_plan_add_export(NativeHandle plan, NativeHandle export, byte* anchorColumn, nuint anchorColumnLength, uint deleted, IntPtr* outFailures);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern void syncmatch_export_free(IntPtr export);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_plan_new(
        NativePlanSettings* settings, byte* data, nuint dataLength, NativeSlot* privileged, nuint privilegedCount,
        NativeSlot* federated, nuint federatedCount, out NativeHandle outPlan);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_plan_add_cloud(
        NativeHandle plan, byte* data, nuint dataLength, NativeCloudUser* users, nuint count, NativeSlot* values, nuint valueCount);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_plan_add_on_prem(
        NativeHandle plan, byte* data, nuint dataLength, NativeOnPremUser* users, nuint count, NativeSlot* values, nuint valueCount, IntPtr* outFailures);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_plan_add_rows(
        NativeHandle plan, byte* data, nuint dataLength, NativeMappingRow* rows, nuint count);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_plan_finish(NativeHandle plan, nuint* outCount);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern NativeStatus syncmatch_plan_items(NativeHandle plan, nuint start, nuint count, IntPtr* outItems);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    internal static extern void syncmatch_plan_free(IntPtr plan);
}
