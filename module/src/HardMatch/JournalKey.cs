// The key that seals hard-match journals (HMAC-SHA-256): kept in the admin's profile, outside any
// journal's folder, so whoever can edit a journal in a ticket share cannot recompute its seal.
// docs/model.md, *The journal*.
using System;
using System.IO;
using System.Security.Cryptography;

namespace SyncMatch.HardMatch;

internal sealed class JournalKey
{
    private JournalKey(byte[] bytes, string path)
    {
        Bytes = bytes;
        Path = path;
        Id = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
    }

    internal byte[] Bytes { get; }

    /// <summary>Where the key is.</summary>
    internal string Path { get; }

    /// <summary>Names the key in a journal's head without giving it away.</summary>
    internal string Id { get; }

    /// <summary>journal.key in SyncMatch's folder of the user's local application data (~/.local/share/SyncMatch on Linux, %LOCALAPPDATA%\SyncMatch on Windows).</summary>
    internal static string DefaultPath =>
        System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "SyncMatch", "journal.key");

    /// <summary>Reads the key at <paramref name="path"/>; with <paramref name="create"/>, makes one (32 random bytes, readable by its owner only) when there is none.</summary>
    internal static JournalKey Load(string path, bool create)
    {
        if (!File.Exists(path))
        {
            if (!create)
            {
                throw new FileNotFoundException($"No journal key at {path}: the journal was sealed with a key this profile does not have. Give the key of the admin who ran the write with -JournalKeyPath.", path);
            }
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            byte[] fresh = RandomNumberGenerator.GetBytes(32);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            try
            {
                using var stream = new FileStream(path, options);
                stream.Write(fresh);
                stream.Flush(flushToDisk: true);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another run made it first: use that one.
            }
        }
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 16)
        {
            throw new InvalidDataException($"The journal key at {path} has {bytes.Length} bytes: a key has at least 16.");
        }
        return new JournalKey(bytes, path);
    }
}
