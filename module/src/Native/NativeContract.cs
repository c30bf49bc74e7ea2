// The native library's description of its ABI (syncmatch_abi_describe), for the test that holds
// this assembly's declarations to it. Nothing in the module's normal work calls it.
using System;

namespace SyncMatch.Native;

internal static class NativeContract
{
    /// <summary>The description as JSON: abiVersion, structs (name, size, [field, offset] pairs), names (JSON enums).</summary>
    internal static unsafe string Describe()
    {
        NativeLibraryLoader.EnsureLoaded();
        IntPtr buffer;
        NativeException.ThrowIfFailed(NativeMethods.syncmatch_abi_describe(&buffer), nameof(NativeMethods.syncmatch_abi_describe));
        return NativeText.Take(buffer, nameof(NativeMethods.syncmatch_abi_describe))!;
    }
}
