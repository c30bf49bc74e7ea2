// Loads the native library from this module's own folder and checks that it is the same version
// as this assembly, once per process, before the first native call.
using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace SyncMatch.Native;

internal static class NativeLibraryLoader
{
    private static readonly Lazy<InvalidOperationException?> LoadFailure = new(Load);

    /// <summary>Throws, with what to do about it, when the native library cannot be used.</summary>
    internal static void EnsureLoaded()
    {
        if (LoadFailure.Value is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>The module's version, from Cargo.toml through the build.</summary>
    internal static string ManagedVersion =>
        typeof(NativeLibraryLoader).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "unknown";

    /// <summary>runtimes/&lt;rid&gt;/native/&lt;file&gt; beside this assembly.</summary>
    internal static string LibraryPath
    {
        get
        {
            // Never AppContext.BaseDirectory: inside PowerShell that is $PSHOME.
            string moduleFolder = Path.GetDirectoryName(typeof(NativeLibraryLoader).Assembly.Location) ?? ".";
            string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
            string architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            string file = OperatingSystem.IsWindows() ? NativeMethods.LibraryName + ".dll"
                : OperatingSystem.IsMacOS() ? "lib" + NativeMethods.LibraryName + ".dylib"
                : "lib" + NativeMethods.LibraryName + ".so";
            return Path.Combine(moduleFolder, "runtimes", os + "-" + architecture, "native", file);
        }
    }

    private static InvalidOperationException? Load()
    {
        string path = LibraryPath;
        IntPtr handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            return new InvalidOperationException(
                $"SyncMatch cannot load its native library '{path}': {ex.Message} " +
                "Build the module with ./build.ps1, or install a release built for this platform.", ex);
        }

        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, (name, _, _) =>
            name == NativeMethods.LibraryName ? handle : IntPtr.Zero);

        (string nativeVersion, uint abiVersion) = ReadVersion();
        if (abiVersion != NativeMethods.AbiVersion || nativeVersion != ManagedVersion)
        {
            return new InvalidOperationException(
                $"SyncMatch's native library '{path}' is version {nativeVersion} (ABI {abiVersion}), " +
                $"but the module is version {ManagedVersion} (ABI {NativeMethods.AbiVersion}). " +
                "Rebuild with ./build.ps1 so both halves come from one build.");
        }
        return null;
    }

    private static unsafe (string Version, uint Abi) ReadVersion()
    {
        byte* text;
        nuint length;
        uint abi;
        NativeStatus status = NativeMethods.syncmatch_version(&text, &length, &abi);
        if (status != NativeStatus.Ok)
        {
            throw new InvalidOperationException($"syncmatch_version failed: {status}");
        }
        return (Encoding.UTF8.GetString(text, checked((int)length)), abi);
    }
}
