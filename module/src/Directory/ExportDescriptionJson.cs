// The JSON shapes of a directory export's description, and the handle it is held by.
using System;
using System.Text.Json.Serialization;
using SyncMatch.Native;

namespace SyncMatch.Directory;

/// <summary>The native export a <see cref="SyncMatch.DirectoryExport"/> holds.</summary>
internal sealed record NativeExportHandle(NativeHandle Value);

internal sealed class ExportDescriptionJson
{
    public int Rows { get; set; }
    public string Encoding { get; set; } = "";
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
internal sealed partial class DirectoryJsonContext : JsonSerializerContext
{
}
