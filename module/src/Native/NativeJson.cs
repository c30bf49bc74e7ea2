// Reads a native JSON buffer (syncmatch_buffer_*) into managed objects and frees it. The
// deserializers are generated at compile time, each beside the types it reads (reflection-based
// ones cost several times more per object, which shows at a million results).
using System;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SyncMatch.Native;

internal static class NativeJson
{
    /// <summary>Deserializes the buffer's JSON, then frees the buffer whatever happens.</summary>
    internal static unsafe T Take<T>(IntPtr buffer, JsonTypeInfo<T> type, string function)
    {
        try
        {
            byte* data;
            nuint length;
            NativeException.ThrowIfFailed(NativeMethods.syncmatch_buffer_data(buffer, &data, &length), function);
            return JsonSerializer.Deserialize(new ReadOnlySpan<byte>(data, checked((int)length)), type)
                ?? throw new InvalidOperationException($"{function} returned JSON null.");
        }
        finally
        {
            NativeMethods.syncmatch_buffer_free(buffer);
        }
    }
}
