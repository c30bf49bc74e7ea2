// Which properties a whole input had: how a property nobody selected (Get-ADUser without
// -Properties, Get-MgUser without -Property) is told apart from values nobody has. What that
// means, and the warning that says so, is the core's (syncmatch_input_warnings): this only counts.
using System;
using System.Collections.Generic;
using System.Text;
using SyncMatch.Native;

namespace SyncMatch.Directory;

internal sealed class InputCompleteness
{
    private ulong everPresent;
    private ulong everValued;

    /// <summary>How many objects were recorded.</summary>
    internal long Count { get; private set; }

    /// <summary>Records one object: the fields it had a property for, and those it had a value for.</summary>
    internal void Record(ulong present, ulong valued)
    {
        Count++;
        everPresent |= present;
        everValued |= valued;
    }

    /// <summary>No recorded object had a value for the field numbered <paramref name="field"/>.</summary>
    internal bool NeverValued(int field) => Count > 0 && (everValued & (1UL << field)) == 0;

    /// <summary>The warnings these objects earn, read as <paramref name="side"/> (<paramref name="parameter"/> names them).</summary>
    internal unsafe List<string> Warnings(InputSide side, string parameter)
    {
        var seen = new NativeSeen { Rows = (ulong)Count, Present = everPresent, Valued = everValued };
        byte[] name = Encoding.UTF8.GetBytes(parameter);
        IntPtr buffer;
        fixed (byte* namePointer = name)
        {
            NativeException.ThrowIfFailed(
                NativeMethods.syncmatch_input_warnings((uint)side, &seen, IntPtr.Zero, namePointer, (nuint)name.Length, &buffer),
                nameof(NativeMethods.syncmatch_input_warnings));
        }
        return NativeJson.Take(buffer, DirectoryJsonContext.Default.ListString, nameof(NativeMethods.syncmatch_input_warnings));
    }

    /// <summary>The warnings an export's columns earn, read as <paramref name="side"/>.</summary>
    internal static unsafe List<string> Warnings(DirectoryExport export, InputSide side, string parameter)
    {
        byte[] name = Encoding.UTF8.GetBytes(parameter);
        IntPtr buffer;
        fixed (byte* namePointer = name)
        {
            NativeException.ThrowIfFailed(
                NativeMethods.syncmatch_input_warnings_export((uint)side, null, export.Handle, namePointer, (nuint)name.Length, &buffer),
                nameof(NativeMethods.syncmatch_input_warnings));
        }
        return NativeJson.Take(buffer, DirectoryJsonContext.Default.ListString, nameof(NativeMethods.syncmatch_input_warnings));
    }
}
