// The native objects the module holds across calls, each freed exactly once, by the runtime.
using System;
using System.Runtime.InteropServices;

namespace SyncMatch.Native;

/// <summary>Owns a native readiness session (syncmatch_readiness_new).</summary>
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

/// <summary>Owns a native match prediction (syncmatch_prediction_new).</summary>
internal sealed class PredictionHandle : SafeHandle
{
    public PredictionHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.syncmatch_prediction_free(handle);
        return true;
    }
}
