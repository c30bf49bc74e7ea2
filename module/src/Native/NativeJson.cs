// Reads a native JSON buffer (syncmatch_buffer_*) into managed objects and frees it.
using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncMatch.Native;

internal static class NativeJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Deserializes the buffer's JSON, then frees the buffer whatever happens.</summary>
    internal static unsafe T Take<T>(IntPtr buffer, string function)
    {
        try
        {
            byte* data;
            nuint length;
            NativeException.ThrowIfFailed(NativeMethods.syncmatch_buffer_data(buffer, &data, &length), function);
            return JsonSerializer.Deserialize<T>(new ReadOnlySpan<byte>(data, checked((int)length)), Options)
                ?? throw new InvalidOperationException($"{function} returned JSON null.");
        }
        finally
        {
            NativeMethods.syncmatch_buffer_free(buffer);
        }
    }
}
