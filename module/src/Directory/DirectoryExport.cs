// A directory export read whole by the native core (Import-DirectoryExport): one object that
// stands for all its rows, so a million rows cost no PowerShell object each. Consumers take it
// where they take directory objects.
using System;
using System.Collections.ObjectModel;
using System.Linq;
using System.Text;
using System.Text.Json.Serialization;
using SyncMatch.Native;

namespace SyncMatch;

/// <summary>A directory export (CSV) read by SyncMatch's core: pipe it where directory objects go.</summary>
public sealed class DirectoryExport : IDisposable
{
    private DirectoryExport(ExportHandle handle, string path, Directory.ExportDescriptionJson description)
    {
        Handle = handle;
        Path = path;
        RowCount = description.Rows;
        Encoding = description.Encoding;
        IsCloud = description.Cloud;
        Columns = new ReadOnlyCollection<string>(description.Recognised.Select(pair => pair[0]).ToList());
        IgnoredColumns = new ReadOnlyCollection<string>(description.Ignored.ToList());
        Warnings = new ReadOnlyCollection<string>(description.Warnings.Select(warning => warning.Message).ToList());
    }

    /// <summary>Whether it is a cloud export (an Id or ObjectId column): it goes to -CloudUser.</summary>
    public bool IsCloud { get; }

    /// <summary>The file, as resolved when it was read.</summary>
    public string Path { get; }

    /// <summary>Rows read (the header and a #TYPE line not counted).</summary>
    public int RowCount { get; }

    /// <summary>How the file was encoded: Utf8, Utf8Bom, Utf16Le, Utf16Be or Ansi.</summary>
    public string Encoding { get; }

    /// <summary>The columns recognised, as the file names them.</summary>
    public ReadOnlyCollection<string> Columns { get; }

    /// <summary>The columns no rule reads.</summary>
    public ReadOnlyCollection<string> IgnoredColumns { get; }

    /// <summary>What the reader noticed (for example an ASCII export that lost its letters).</summary>
    public ReadOnlyCollection<string> Warnings { get; }

    internal ExportHandle Handle { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Path} ({RowCount:N0} rows)";

    /// <summary>
    /// Throws a <see cref="NativeException"/> naming the file's columns when it has no column
    /// <paramref name="name"/> (a custom source anchor such as employeeID).
    /// </summary>
    internal unsafe void RequireColumn(string name)
    {
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(name);
        NativeStatus status;
        IntPtr error;
        fixed (byte* namePointer = utf8)
        {
            status = NativeMethods.syncmatch_export_column(Handle, namePointer, (nuint)utf8.Length, &error);
        }
        if (status != NativeStatus.Ok)
        {
            throw NativeException.FromNativeError(status, error, nameof(NativeMethods.syncmatch_export_column));
        }
    }

    /// <summary>Releases the rows now rather than when the object is collected.</summary>
    public void Dispose() => Handle.Dispose();

    /// <summary>The export of directory objects handed over as JSON, its messages naming <paramref name="source"/> as a file's path would be.</summary>
    internal static unsafe DirectoryExport FromJson(byte[] json, string source)
    {
        byte[] name = System.Text.Encoding.UTF8.GetBytes(source);
        NativeStatus status;
        ExportHandle handle;
        IntPtr error;
        fixed (byte* jsonPointer = json)
        fixed (byte* namePointer = name)
        {
            status = NativeMethods.syncmatch_export_from_json(jsonPointer, (nuint)json.Length, namePointer, (nuint)name.Length, out handle, &error);
        }
        if (status != NativeStatus.Ok)
        {
            handle.Dispose();
            throw NativeException.FromNativeError(source, status, error, nameof(NativeMethods.syncmatch_export_from_json));
        }
        return Described(handle, source);
    }

    /// <summary>The export <paramref name="handle"/> holds, as the core describes it.</summary>
    private static unsafe DirectoryExport Described(ExportHandle handle, string path)
    {
        IntPtr buffer;
        NativeException.ThrowIfFailed(NativeMethods.syncmatch_export_describe(handle, &buffer), nameof(NativeMethods.syncmatch_export_describe));
        Directory.ExportDescriptionJson description = NativeJson.Take(buffer, Directory.DirectoryJsonContext.Default.ExportDescriptionJson, nameof(NativeMethods.syncmatch_export_describe));
        return new DirectoryExport(handle, path, description);
    }

    /// <summary>
    /// Reads the export file at <paramref name="path"/> (a resolved file-system path); a file that
    /// cannot be read throws <see cref="NativeException"/>. The read runs on a worker thread;
    /// <paramref name="progress"/> is called on this thread every <paramref name="interval"/>
    /// with the share done (0 to 1: reading the file, then parsing it).
    /// </summary>
    internal static unsafe DirectoryExport Read(string path, TimeSpan interval, Action<double> progress, ExportReadOptions? options = null)
    {
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(path);
        byte[] encodingName = System.Text.Encoding.UTF8.GetBytes(options?.Encoding ?? "");
        uint delimiter = options?.Delimiter ?? 0;
        uint partial = options?.AllowPartialPage == true ? 1u : 0u;
        long size = System.IO.File.Exists(path) ? new System.IO.FileInfo(path).Length : 0;
        NativeReadProgress* counters = (NativeReadProgress*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)sizeof(NativeReadProgress), 8);
        *counters = default;
        NativeStatus status = NativeStatus.Ok;
        ExportHandle handle = null!;
        IntPtr error = IntPtr.Zero;
        try
        {
            var reading = System.Threading.Tasks.Task.Run(() =>
            {
                IntPtr failure;
                fixed (byte* pathPointer = utf8)
                fixed (byte* encodingPointer = encodingName)
                {
                    var said = new NativeReadOptions { Encoding = encodingPointer, EncodingLength = (nuint)encodingName.Length, Delimiter = delimiter, AllowPartialPage = partial };
                    status = NativeMethods.syncmatch_export_read(pathPointer, (nuint)utf8.Length, &said, counters, out handle, &failure);
                }
                error = failure;
            });
            while (!reading.Wait(interval))
            {
                ulong read = System.Threading.Volatile.Read(ref counters->Read);
                ulong parsed = System.Threading.Volatile.Read(ref counters->Parsed);
                ulong total = System.Threading.Volatile.Read(ref counters->Total);
                double share = size == 0 ? 0 : Math.Min(1.0, (double)read / size) / 2;
                share += total == 0 ? 0 : Math.Min(1.0, (double)parsed / total) / 2;
                progress(share);
            }
            reading.GetAwaiter().GetResult();
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.AlignedFree(counters);
        }
        if (status != NativeStatus.Ok)
        {
            handle.Dispose();
            throw NativeException.FromNativeError(path, status, error, nameof(NativeMethods.syncmatch_export_read));
        }
        return Described(handle, path);
    }
}

/// <summary>What the caller says of an export before it is read (Import-DirectoryExport's -Encoding, -Delimiter, -AllowPartialGraphPage).</summary>
internal sealed record ExportReadOptions(string? Encoding, uint Delimiter, bool AllowPartialPage);
