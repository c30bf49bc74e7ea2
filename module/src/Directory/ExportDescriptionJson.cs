// The JSON shapes the input's exports read: an export's description, and warnings.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace SyncMatch.Directory;

internal sealed class ExportDescriptionJson
{
    public string Path { get; set; } = "";
    public int Rows { get; set; }
    public string Encoding { get; set; } = "";
    public bool Cloud { get; set; }
    public string[][] Recognised { get; set; } = Array.Empty<string[]>();
    public string[] Ignored { get; set; } = Array.Empty<string>();
    public ExportWarningJson[] Warnings { get; set; } = Array.Empty<ExportWarningJson>();
}

internal sealed class ExportWarningJson
{
    public string Code { get; set; } = "";
    public string Message { get; set; } = "";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ExportDescriptionJson))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class DirectoryJsonContext : JsonSerializerContext
{
}
