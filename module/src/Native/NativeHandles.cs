// The native objects the module holds across calls, each owned by a handle of its own kind (as
// wasmtime-dotnet does): the P/Invoke signatures take the kind they need, so a plan cannot be
// passed where a prediction is expected, and each is freed exactly once, by the runtime, through
// its own free function.
using System;
using System.Runtime.InteropServices;

namespace SyncMatch.Native;

/// <summary>
/// What every handle shares: P/Invoke creates it (so it has no constructor arguments), and a
/// handle whose creating call failed holds nothing and frees nothing.
/// </summary>
internal abstract class OwnedHandle : SafeHandle
{
    protected OwnedHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;
}

/// <summary>A deployment (syncmatch_deployment_new).</summary>
internal sealed class DeploymentHandle : OwnedHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.syncmatch_deployment_free(handle);
        return true;
    }
}

/// <summary>A readiness session (syncmatch_readiness_new).</summary>
internal sealed class ReadinessHandle : OwnedHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.syncmatch_readiness_free(handle);
        return true;
    }
}

/// <summary>A match prediction (syncmatch_prediction_new).</summary>
internal sealed class PredictionHandle : OwnedHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.syncmatch_prediction_free(handle);
        return true;
    }
}

/// <summary>A hard-match plan (syncmatch_plan_new).</summary>
internal sealed class PlanHandle : OwnedHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.syncmatch_plan_free(handle);
        return true;
    }
}

/// <summary>A directory export read by the core (syncmatch_export_read).</summary>
internal sealed class ExportHandle : OwnedHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.syncmatch_export_free(handle);
        return true;
    }
}
