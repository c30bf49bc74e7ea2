// Reads a native JSON buffer (syncmatch_buffer_*) into managed objects and frees it. The
// deserializers are generated at compile time: reflection-based ones cost several times more
// per object, which shows at a million results.
using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SyncMatch.Native;

/// <summary>The JSON shapes the native library sends (camelCase, enums as names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CheckedJson))]
[JsonSerializable(typeof(DuplicatesJson))]
[JsonSerializable(typeof(ProxyAddressJson[][]))]
[JsonSerializable(typeof(MatchResultJson[]))]
internal sealed partial class NativeJsonContext : JsonSerializerContext
{
}

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
