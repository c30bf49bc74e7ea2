// The native objects the module holds across calls (a readiness session, a prediction), each
// freed exactly once, by the runtime, through the free function of its kind.
using System;
using System.Runtime.InteropServices;

namespace SyncMatch.Native;

/// <summary>What a <see cref="NativeHandle"/> owns, and so which *_free function releases it.</summary>
internal enum NativeHandleKind
{
    None,
    Readiness,
    Prediction,
    Plan,
    Export,
}

/// <summary>
/// Owns one native object. P/Invoke creates it (so it has no constructor arguments); the caller
/// says what it holds with <see cref="Own"/> right after the creating call succeeds.
/// </summary>
internal sealed class NativeHandle : SafeHandle
{
    private NativeHandleKind kind;

    public NativeHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Records what the handle holds; returns it, for chaining.</summary>
    internal NativeHandle Own(NativeHandleKind owned)
    {
        kind = owned;
        return this;
    }

    protected override bool ReleaseHandle()
    {
        switch (kind)
        {
            case NativeHandleKind.Readiness:
                NativeMethods.syncmatch_readiness_free(handle);
                return true;
            case NativeHandleKind.Prediction:
                NativeMethods.syncmatch_prediction_free(handle);
                return true;
            case NativeHandleKind.Plan:
                NativeMethods.syncmatch_plan_free(handle);
                return true;
            case NativeHandleKind.Export:
                NativeMethods.syncmatch_export_free(handle);
                return true;
            default:
                // Never given an owner: the creating call failed, so there is nothing to free.
                return false;
        }
    }
}
