// A native hard-match plan: cloud users (and soft-deleted ones), then directory users, then the
// mapping rows, each crossing as rows of cells a chunk per native call; then the items, paged
// back in row order.
using System;
using System.Collections.Generic;
using SyncMatch.Directory;
using SyncMatch.Native;

namespace SyncMatch.HardMatch;

internal sealed class PlanSession : IDisposable
{
    private readonly PlanHandle handle;
    private readonly HardMatchDirection direction;
    private readonly EntityReader userReader;
    private readonly EntityReader cloudReader = EntityReader.For(Entity.CloudObject);

    private PlanSession(PlanHandle handle, HardMatchDirection direction, EntityReader userReader)
    {
        this.handle = handle;
        this.direction = direction;
        this.userReader = userReader;
    }

    /// <summary>Which properties the cloud users had.</summary>
    internal InputCompleteness Cloud { get; } = new();

    /// <summary>Which properties the soft-deleted users had.</summary>
    internal InputCompleteness Deleted { get; } = new();

    /// <summary>Which properties the directory users had.</summary>
    internal InputCompleteness OnPremises { get; } = new();

    /// <summary>Has the session honour the deployment (before any object is added).</summary>
    internal void SetDeployment(DeploymentHandle deployment) =>
        NativeException.ThrowIfFailed(NativeMethods.syncmatch_plan_set_deployment(handle, deployment), nameof(NativeMethods.syncmatch_plan_set_deployment));

    internal static unsafe PlanSession Open(NativePlanSettings settings, IReadOnlyList<string> privileged, IReadOnlyList<string> federated, IReadOnlyList<string> verified, EntityReader userReader)
    {
        var buffer = new SlotBuffer();
        NativeSlot[] roles = buffer.AppendAll(privileged);
        NativeSlot[] domains = buffer.AppendAll(federated);
        NativeSlot[] verifiedDomains = buffer.AppendAll(verified);
        NativeStatus status;
        PlanHandle handle;
        fixed (byte* dataPointer = buffer.Written)
        fixed (NativeSlot* rolePointer = roles)
        fixed (NativeSlot* domainPointer = domains)
        fixed (NativeSlot* verifiedPointer = verifiedDomains)
        {
            status = NativeMethods.syncmatch_plan_new(
                &settings, dataPointer, (nuint)buffer.Length, rolePointer, (nuint)roles.Length, domainPointer, (nuint)domains.Length,
                verifiedPointer, (nuint)verifiedDomains.Length, out handle);
        }
        if (status != NativeStatus.Ok)
        {
            handle.Dispose();
            throw NativeException.FromStatus(status, nameof(NativeMethods.syncmatch_plan_new));
        }
        return new PlanSession(handle, (HardMatchDirection)settings.Direction, userReader);
    }

    /// <summary>Adds cloud users a chunk per call (each added while the next is read); returns the positions left out, with why.</summary>
    internal unsafe List<(int Position, Exception Why)> AddCloudUsers(IReadOnlyList<object?> cloudUsers, bool deleted) =>
        ObjectRows.AddAll(
            cloudUsers, cloudReader, deleted ? Deleted : Cloud, "a cloud user",
            rows => rows.SendTo(
                (native, failed) => NativeMethods.syncmatch_plan_add_cloud(handle, native, deleted ? 1u : 0u, failed),
                nameof(NativeMethods.syncmatch_plan_add_cloud)));

    /// <summary>
    /// Adds directory users a chunk per call; returns each one left out (refused by the input
    /// bounds, or by the core) with its position and why.
    /// </summary>
    internal unsafe List<(int Position, Exception Why)> AddOnPremisesUsers(IReadOnlyList<object?> users) =>
        ObjectRows.AddAll(
            users, userReader, OnPremises, "a directory user",
            rows => rows.SendTo(
                (native, failed) => NativeMethods.syncmatch_plan_add_on_prem(handle, native, 0, failed),
                nameof(NativeMethods.syncmatch_plan_add_on_prem)));

    /// <summary>
    /// Adds the rows that are their own directory user (a row carrying its objectGUID: a
    /// Get-ADUser object given as a mapping row); returns those left out. The rows are kept, to
    /// be planned as mapping rows after.
    /// </summary>
    internal unsafe List<NativeFailure> AddOwnRows(RowBatch rows) =>
        rows.SendTo(
            (native, failed) => NativeMethods.syncmatch_plan_add_on_prem(handle, native, 1, failed),
            nameof(NativeMethods.syncmatch_plan_add_on_prem),
            keep: true);

    /// <summary>Plans mapping rows, in order; returns those that could not be read (each still an item).</summary>
    internal unsafe List<NativeFailure> AddRows(RowBatch rows) =>
        rows.SendTo(
            (native, failed) => NativeMethods.syncmatch_plan_add_rows(handle, native, failed),
            nameof(NativeMethods.syncmatch_plan_add_rows));

    /// <summary>
    /// Adds an export's rows in the core as <paramref name="role"/> says (a custom source anchor
    /// read from <paramref name="anchorColumn"/>, checked with
    /// <see cref="DirectoryExport.RequireColumn"/>); returns the rows left out, each naming file
    /// and line.
    /// </summary>
    internal unsafe List<NativeFailure> AddExport(DirectoryExport export, ExportRole role, string? anchorColumn = null)
    {
        const string Function = nameof(NativeMethods.syncmatch_plan_add_export);
        IntPtr failed;
        byte[]? column = anchorColumn is null ? null : System.Text.Encoding.UTF8.GetBytes(anchorColumn);
        fixed (byte* columnPointer = column)
        {
            NativeException.ThrowIfFailed(
                NativeMethods.syncmatch_plan_add_export(handle, export.Handle, (uint)role, columnPointer, (nuint)(column?.Length ?? 0), &failed),
                Function);
        }
        return FailurePage.Take(failed, Function);
    }

    /// <summary>Runs the final pass; returns how many items there are.</summary>
    internal unsafe long Finish()
    {
        nuint count;
        NativeException.ThrowIfFailed(NativeMethods.syncmatch_plan_finish(handle, &count), nameof(NativeMethods.syncmatch_plan_finish));
        return (long)count;
    }

    /// <summary>Items <paramref name="start"/> on, as public objects.</summary>
    internal unsafe List<HardMatchPlanItem> Items(long start, int count)
    {
        IntPtr buffer;
        NativeException.ThrowIfFailed(
            NativeMethods.syncmatch_plan_items(handle, (nuint)start, (nuint)count, &buffer), nameof(NativeMethods.syncmatch_plan_items));
        PlanItemJson[] page = NativeJson.Take(buffer, HardMatchJsonContext.Default.PlanItemJsonArray, nameof(NativeMethods.syncmatch_plan_items));
        return new List<HardMatchPlanItem>(Array.ConvertAll(page, json => new HardMatchPlanItem(json, direction)));
    }

    public void Dispose() => handle.Dispose();
}
