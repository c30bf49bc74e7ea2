// A native buffer holding UTF-8 text (a description, a reason), read and released in one place.
using System;
using System.Text;

namespace SyncMatch.Native;

internal static class NativeText
{
    /// <summary>The text of <paramref name="buffer"/>, which is released; null for a NULL buffer.</summary>
    internal static unsafe string? Take(IntPtr buffer, string function)
    {
        if (buffer == IntPtr.Zero)
        {
            return null;
        }
        try
        {
            byte* data;
            nuint length;
            NativeException.ThrowIfFailed(NativeMethods.syncmatch_buffer_data(buffer, &data, &length), function);
            return Encoding.UTF8.GetString(data, checked((int)length));
        }
        finally
        {
            NativeMethods.syncmatch_buffer_free(buffer);
        }
    }
}
