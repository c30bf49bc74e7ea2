// A failure reported by the native library, with its status and the library's message.
using System.Management.Automation;
using System.Text;
using System;
using SyncMatch.Text;

namespace SyncMatch.Native;

internal sealed class NativeException : Exception, IContainsErrorRecord
{
    internal NativeException(NativeStatus status, string message)
        : base(message)
    {
        Status = status;
    }

    internal NativeStatus Status { get; }

    /// <summary>The stable error id a PowerShell user filters on.</summary>
    internal string ErrorId => Status switch
    {
        NativeStatus.AnchorEmpty => "EmptySourceAnchor",
        NativeStatus.AnchorInvalidGuid => "InvalidGuid",
        NativeStatus.AnchorInvalidImmutableId => "InvalidImmutableId",
        NativeStatus.AnchorNotGuid => "ImmutableIdNotGuid",
        NativeStatus.AnchorInvalidOctetString => "InvalidOctetString",
        NativeStatus.AnchorInvalidLdapFilter => "InvalidLdapFilter",
        NativeStatus.AnchorInvalidConnectorDn => "InvalidConnectorDn",
        NativeStatus.AnchorWrongByteCount => "InvalidAnchorLength",
        NativeStatus.AnchorTypeName => "TypeNameNotValue",
        NativeStatus.AnchorUnrecognized => "UnrecognizedSourceAnchor",
        NativeStatus.AnchorMissing => "MissingSourceAnchor",
        NativeStatus.AnchorCustomInvalid => "InvalidCustomSourceAnchor",
        NativeStatus.ExportUnreadable => "ExportUnreadable",
        NativeStatus.ExportEmpty => "EmptyExport",
        NativeStatus.ExportTruncated => "TruncatedExport",
        NativeStatus.ExportMissingColumn => "MissingExportColumn",
        NativeStatus.ExportTypeNameColumn => "TypeNameColumn",
        NativeStatus.ExportMalformed => "MalformedExport",
        NativeStatus.ExportTooLarge => "ExportTooLarge",
        NativeStatus.ExportEncoding => "ExportEncoding",
        NativeStatus.ExportDuplicateColumn => "DuplicateExportColumn",
        NativeStatus.ExportRaggedRow => "RaggedExportRow",
        NativeStatus.ExportPartialPage => "PartialGraphPage",
        NativeStatus.ExportNotAFile => "ExportNotAFile",
        NativeStatus.ExportChanged => "ExportChangedWhileRead",
        NativeStatus.MappingColumnsUnusable => "MappingColumnsUnusable",
        NativeStatus.JournalEmpty => "EmptyJournal",
        NativeStatus.JournalNotAJournal => "NotAJournal",
        NativeStatus.JournalCorrupt => "CorruptJournal",
        NativeStatus.JournalInconsistent => "InconsistentJournal",
        NativeStatus.InvalidUtf8 => "InvalidUtf8",
        NativeStatus.Panic => "NativePanic",
        _ => "NativeCallFailed",
    };

    internal ErrorCategory Category => Status switch
    {
        >= NativeStatus.AnchorEmpty and <= NativeStatus.AnchorCustomInvalid => ErrorCategory.InvalidArgument,
        NativeStatus.InvalidUtf8 => ErrorCategory.InvalidData,
        NativeStatus.ExportUnreadable => ErrorCategory.ReadError,
        NativeStatus.ExportNotAFile => ErrorCategory.InvalidArgument,
        NativeStatus.ExportChanged => ErrorCategory.ReadError,
        >= NativeStatus.ExportEmpty and <= NativeStatus.ExportPartialPage => ErrorCategory.InvalidData,
        >= NativeStatus.JournalEmpty and <= NativeStatus.JournalInconsistent => ErrorCategory.InvalidData,
        _ => ErrorCategory.NotSpecified,
    };

    internal ErrorRecord ToErrorRecord(object? target) => new(this, ErrorId, Category, target);

    /// <summary>A failure that escapes a cmdlet still reaches the user with its documented id.</summary>
    public ErrorRecord ErrorRecord => ToErrorRecord(null);

    /// <inheritdoc/>
    public override string Message => DisplayText.Escape(base.Message);

    /// <summary>Throws for a status that means the call itself went wrong (never a bad input).</summary>
    internal static void ThrowIfFailed(NativeStatus status, string function)
    {
        if (status != NativeStatus.Ok)
        {
            throw FromStatus(status, function);
        }
    }

    internal static NativeException FromStatus(NativeStatus status, string function) => status == NativeStatus.Panic
        ? new NativeException(status, $"SyncMatch's native library failed inside {function}: {LastPanicMessage()}. This is a bug; please report it with the input that caused it.")
        : new NativeException(status, $"{function} returned {status}.");

    /// <summary>
    /// One input of a batch that failed with <paramref name="status"/>: its own message, or for a
    /// panic the same id and wording for every input it hit.
    /// </summary>
    internal static NativeException ForInput(NativeStatus status, string message) => status == NativeStatus.Panic
        ? new(NativeStatus.Panic, $"SyncMatch's native library failed on this input: {message}. This is a bug; please report it with the input that caused it.")
        : new(status, message);

    /// <summary>The message of the panic that just failed a call on this thread.</summary>
    private static unsafe string LastPanicMessage()
    {
        IntPtr error;
        if (NativeMethods.syncmatch_last_panic_message(&error) != NativeStatus.Ok || error == IntPtr.Zero)
        {
            return "no message";
        }
        try
        {
            byte* text;
            nuint length;
            uint errorStatus;
            return NativeMethods.syncmatch_error_message(error, &text, &length, &errorStatus) == NativeStatus.Ok
                ? Encoding.UTF8.GetString(text, checked((int)length))
                : "no message";
        }
        finally
        {
            NativeMethods.syncmatch_error_free(error);
        }
    }

    /// <summary>Reads and frees a native error object.</summary>
    /// <summary>As <see cref="FromNativeError(NativeStatus, IntPtr, string)"/>, its message naming <paramref name="subject"/> first (the file it is about).</summary>
    internal static NativeException FromNativeError(string subject, NativeStatus status, IntPtr error, string function)
    {
        NativeException failed = FromNativeError(status, error, function);
        return new NativeException(failed.Status, $"{subject}: {failed.Message}");
    }

    internal static unsafe NativeException FromNativeError(NativeStatus status, IntPtr error, string function)
    {
        if (error == IntPtr.Zero)
        {
            return FromStatus(status, function);
        }
        try
        {
            byte* text;
            nuint length;
            uint errorStatus;
            if (NativeMethods.syncmatch_error_message(error, &text, &length, &errorStatus) != NativeStatus.Ok)
            {
                return FromStatus(status, function);
            }
            return new NativeException((NativeStatus)errorStatus, Encoding.UTF8.GetString(text, checked((int)length)));
        }
        finally
        {
            NativeMethods.syncmatch_error_free(error);
        }
    }
}
