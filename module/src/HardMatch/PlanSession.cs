// A native hard-match plan: cloud users (and soft-deleted ones), then directory users, then the
// mapping rows, each marshalled a chunk per native call; then the items, paged back in row order.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using SyncMatch.Directory;
using SyncMatch.Native;

namespace SyncMatch.HardMatch;

/// <summary>One mapping row, as the cmdlet read it.</summary>
internal readonly record struct MappingRow(
    string? OnPremKey, OnPremKeyKind OnPremKind, string? CloudKey, CloudKeyKind CloudKind, string? ImmutableId, string? Identity);

internal sealed class PlanSession : IDisposable
{
    private const int ChunkSize = 4096;

    private readonly NativeHandle handle;
    private readonly HardMatchDirection direction;
    private readonly PropertyTable userTable;
    private readonly CloudUserReader cloudReader = new(forPlan: true);
    private readonly object?[] fields = new object?[DirectoryObjectReader.UserFieldCount];
    private readonly SlotBuffer data = new();
    private readonly List<NativeSlot> values = new();

    private PlanSession(NativeHandle handle, HardMatchDirection direction, PropertyTable userTable)
    {
        this.handle = handle;
        this.direction = direction;
        this.userTable = userTable;
    }

    /// <summary>Which properties the cloud users had.</summary>
    internal InputCompleteness Cloud { get; } = new();

    /// <summary>Which properties the soft-deleted users had.</summary>
    internal InputCompleteness Deleted { get; } = new();

    /// <summary>Which properties the directory users had.</summary>
    internal InputCompleteness OnPremises { get; } = new();

    internal static unsafe PlanSession Open(NativePlanSettings settings, IReadOnlyList<string> privileged, IReadOnlyList<string> federated, PropertyTable userTable)
    {
        var buffer = new SlotBuffer();
        NativeSlot[] roles = buffer.AppendAll(privileged);
        NativeSlot[] domains = buffer.AppendAll(federated);
        NativeStatus status;
        NativeHandle handle;
        fixed (byte* dataPointer = buffer.Written)
        fixed (NativeSlot* rolePointer = roles)
        fixed (NativeSlot* domainPointer = domains)
        {
            status = NativeMethods.syncmatch_plan_new(
                &settings, dataPointer, (nuint)buffer.Length, rolePointer, (nuint)roles.Length, domainPointer, (nuint)domains.Length, out handle);
        }
        if (status != NativeStatus.Ok)
        {
            handle.Dispose();
            throw NativeException.FromStatus(status, nameof(NativeMethods.syncmatch_plan_new));
        }
        return new PlanSession(handle.Own(NativeHandleKind.Plan), (HardMatchDirection)settings.Direction, userTable);
    }

    /// <summary>Adds cloud users a chunk per call (each added while the next is read); returns the positions left out, with why.</summary>
    internal unsafe List<(int Position, string Why)> AddCloudUsers(IReadOnlyList<object?> cloudUsers, bool deleted) =>
        CloudBatch.AddAll(
            handle, NativeMethods.syncmatch_plan_add_cloud, nameof(NativeMethods.syncmatch_plan_add_cloud), cloudUsers, cloudReader,
            deleted ? Deleted : Cloud, deleted);

    /// <summary>
    /// Adds directory users a chunk per call; returns each one left out (refused by the input
    /// bounds, or unreadable natively) with its position and the failure.
    /// </summary>
    internal unsafe List<(int Position, Exception Failure)> AddOnPremisesUsers(IReadOnlyList<object?> users)
    {
        var failures = new List<(int, Exception)>();
        var batch = new List<NativeOnPremUser>(ChunkSize);
        var positions = new List<int>(ChunkSize);
        for (int start = 0; start < users.Count; start += ChunkSize)
        {
            batch.Clear();
            positions.Clear();
            for (int i = start; i < Math.Min(users.Count, start + ChunkSize); i++)
            {
                try
                {
                    if (users[i] is not { } user)
                    {
                        failures.Add((i, new ArgumentNullException(nameof(users), "A $null -OnPremisesUser item is not a directory user.")));
                        continue;
                    }
                    Array.Clear(fields);
                    InputShapes.RequireObject(user, "a directory user");
                    userTable.Read(user, fields, out ulong present);
                    OnPremises.Record(present, fields);
                    DirectoryObjectReader.Normalize(fields, userTable);
                }
                catch (InputRejectedException rejected)
                {
                    failures.Add((i, rejected));
                    continue;
                }
                positions.Add(i);
                batch.Add(new NativeOnPremUser
                {
                    Object = DirectoryObjectSlots.Write(fields, data, values),
                    ObjectGuid = data.AppendAnchorValue(fields[(int)DirectoryField.ObjectGuid]),
                    ConsistencyGuid = data.AppendAnchorValue(fields[(int)DirectoryField.ConsistencyGuid]),
                    SecurityIdentifier = DirectoryObjectSlots.Text(fields, DirectoryField.SecurityIdentifier, data),
                });
            }
            IntPtr buffer;
            NativeStatus status;
            fixed (byte* dataPointer = data.Written)
            fixed (NativeOnPremUser* userPointer = CollectionsMarshal.AsSpan(batch))
            fixed (NativeSlot* valuePointer = CollectionsMarshal.AsSpan(values))
            {
                status = NativeMethods.syncmatch_plan_add_on_prem(
                    handle, dataPointer, (nuint)data.Length, userPointer, (nuint)batch.Count, valuePointer, (nuint)values.Count, &buffer);
            }
            Clear();
            NativeException.ThrowIfFailed(status, nameof(NativeMethods.syncmatch_plan_add_on_prem));
            foreach (RowFailureJson failed in NativeJson.Take(buffer, RowFailureJsonContext.Default.RowFailureJsonArray, nameof(NativeMethods.syncmatch_plan_add_on_prem)))
            {
                failures.Add((positions[failed.Index], NativeException.ForInput((NativeStatus)failed.Status, failed.Message)));
            }
        }
        failures.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return failures;
    }

    /// <summary>
    /// Adds an export's rows in the core: a cloud export's as cloud users, a directory export's as
    /// directory users (a custom source anchor read from <paramref name="anchorColumn"/>, checked
    /// with <see cref="DirectoryExport.RequireColumn"/>); returns the rows left out (a type name),
    /// each naming file and line.
    /// </summary>
    internal unsafe List<NativeException> AddExport(DirectoryExport export, string? anchorColumn, bool deleted = false)
    {
        IntPtr buffer;
        byte[]? column = anchorColumn is null ? null : System.Text.Encoding.UTF8.GetBytes(anchorColumn);
        fixed (byte* columnPointer = column)
        {
            NativeException.ThrowIfFailed(
                NativeMethods.syncmatch_plan_add_export(handle, export.Handle.Value, columnPointer, (nuint)(column?.Length ?? 0), deleted ? 1u : 0u, &buffer),
                nameof(NativeMethods.syncmatch_plan_add_export));
        }
        var failures = new List<NativeException>();
        foreach (RowFailureJson failed in NativeJson.Take(buffer, RowFailureJsonContext.Default.RowFailureJsonArray, nameof(NativeMethods.syncmatch_plan_add_export)))
        {
            failures.Add(NativeException.ForInput((NativeStatus)failed.Status, failed.Message));
        }
        return failures;
    }

    /// <summary>Plans the rows, in order, a chunk per call.</summary>
    internal unsafe void AddRows(IReadOnlyList<MappingRow> rows)
    {
        var batch = new NativeMappingRow[Math.Min(ChunkSize, Math.Max(1, rows.Count))];
        for (int start = 0; start < rows.Count; start += ChunkSize)
        {
            int count = Math.Min(ChunkSize, rows.Count - start);
            for (int i = 0; i < count; i++)
            {
                MappingRow row = rows[start + i];
                batch[i] = new NativeMappingRow
                {
                    OnPremKey = data.AppendText(row.OnPremKey),
                    OnPremKind = row.OnPremKind,
                    CloudKey = data.AppendText(row.CloudKey),
                    CloudKind = row.CloudKind,
                    ImmutableId = data.AppendText(row.ImmutableId),
                    Identity = data.AppendText(row.Identity),
                };
            }
            NativeStatus status;
            fixed (byte* dataPointer = data.Written)
            fixed (NativeMappingRow* rowPointer = batch)
            {
                status = NativeMethods.syncmatch_plan_add_rows(handle, dataPointer, (nuint)data.Length, rowPointer, (nuint)count);
            }
            Clear();
            NativeException.ThrowIfFailed(status, nameof(NativeMethods.syncmatch_plan_add_rows));
        }
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

    private void Clear()
    {
        data.Clear();
        values.Clear();
    }
}
