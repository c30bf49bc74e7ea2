// Reads a file a user names through the core's one file reader (syncmatch_file_read): a
// directory, a pipe or a device is refused before it is opened (a FIFO would wait for a writer
// forever, /dev/zero never end), and so is a file that changes while it is read.
using System;

namespace SyncMatch.Native;

internal static class RegularFile
{
    /// <summary>The file's bytes; a path that is no regular file, or cannot be read, throws <see cref="NativeException"/> naming it.</summary>
    internal static unsafe byte[] ReadAll(string path)
    {
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(path);
        IntPtr buffer;
        IntPtr error;
        NativeStatus status;
        fixed (byte* pathPointer = utf8)
        {
            status = NativeMethods.syncmatch_file_read(pathPointer, (nuint)utf8.Length, &buffer, &error);
        }
        if (status != NativeStatus.Ok)
        {
            throw NativeException.FromNativeError(path, status, error, nameof(NativeMethods.syncmatch_file_read));
        }
        return NativeRecords.Take(buffer, bytes => bytes.ToArray(), nameof(NativeMethods.syncmatch_file_read));
    }
}
