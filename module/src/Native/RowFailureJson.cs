// A row or input a native batch call could not handle, as the library names it (its RowFailure):
// the input's index in the call, for a directory export's row its file line, the status, and a
// message that names the file and the line.
using System.Text.Json.Serialization;

namespace SyncMatch.Native;

/// <summary>One input of a batch call that produced no result.</summary>
internal sealed class RowFailureJson
{
    public int Index { get; set; }

    /// <summary>For a row of a directory export: its file line.</summary>
    public long Line { get; set; }

    public uint Status { get; set; }

    public string Message { get; set; } = "";
}

/// <summary>The failure lists batch calls send (camelCase).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RowFailureJson[]))]
internal sealed partial class RowFailureJsonContext : JsonSerializerContext
{
}
