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

    /// <summary>The platforms a release carries a native library for, as runtime identifiers.</summary>
    internal static readonly string[] SupportedRuntimes = { "win-x64", "win-arm64", "linux-x64", "linux-arm64", "osx-x64", "osx-arm64" };

    /// <summary>
    /// runtimes/&lt;rid&gt;/native/&lt;file&gt; for a platform: the runtime identifier .NET uses
    /// (win, linux, osx; x64, arm64) and the file name the OS loader expects (syncmatch_native.dll,
    /// libsyncmatch_native.so, libsyncmatch_native.dylib); null for an architecture no release has.
    /// </summary>
    internal static string? RelativeLibraryPath(OSPlatform os, Architecture architecture)
    {
        string? cpu = architecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            _ => null,
        };
        if (cpu is null)
        {
            return null;
        }
        (string rid, string file) = os == OSPlatform.Windows ? ("win", NativeMethods.LibraryName + ".dll")
            : os == OSPlatform.OSX ? ("osx", "lib" + NativeMethods.LibraryName + ".dylib")
            : ("linux", "lib" + NativeMethods.LibraryName + ".so");
        return Path.Combine("runtimes", rid + "-" + cpu, "native", file);
    }

    /// <summary>This process's platform.</summary>
    private static OSPlatform CurrentOs => OperatingSystem.IsWindows() ? OSPlatform.Windows : OperatingSystem.IsMacOS() ? OSPlatform.OSX : OSPlatform.Linux;

    /// <summary>The library beside this assembly for this process's platform; null when no release has one.</summary>
    internal static string? LibraryPath
    {
        get
        {
            // Never AppContext.BaseDirectory: inside PowerShell that is $PSHOME.
            string moduleFolder = Path.GetDirectoryName(typeof(NativeLibraryLoader).Assembly.Location) ?? ".";
            return RelativeLibraryPath(CurrentOs, RuntimeInformation.ProcessArchitecture) is { } relative ? Path.Combine(moduleFolder, relative) : null;
        }
    }

    private static InvalidOperationException? Load()
    {
        if (LibraryPath is not { } path)
        {
            return new InvalidOperationException(
                $"SyncMatch has no native library for {RuntimeInformation.OSDescription} on {RuntimeInformation.ProcessArchitecture}: releases carry {string.Join(", ", SupportedRuntimes)}.");
        }
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
