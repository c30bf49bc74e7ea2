// Owns a native readiness session (syncmatch_readiness_new); freed exactly once, by the runtime.
using System;
using System.Runtime.InteropServices;

namespace SyncMatch.Native;

internal sealed class ReadinessSessionHandle : SafeHandle
{
    public ReadinessSessionHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.syncmatch_readiness_free(handle);
        return true;
    }
}
