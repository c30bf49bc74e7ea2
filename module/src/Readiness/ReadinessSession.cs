// A native readiness session and the batches of objects waiting to be checked. The pipeline
// thread only reads each object's attribute values (PowerShell objects are never touched
// elsewhere); a worker thread writes a chunk of them as rows of cells and has the native library
// check it, while the pipeline thread reads the next chunk. Duplicates come at the end.
using System.Collections.Generic;
using System;
using SyncMatch.Directory;
using SyncMatch.Native;

namespace SyncMatch.Readiness;

internal sealed class ReadinessSession : IDisposable
{
    private readonly ReadinessHandle handle;
    private readonly EntityReader reader;
    // The export column of a custom source anchor; null under the GUID settings.
    private readonly byte[]? anchorColumn;
    private readonly object?[] values = new object?[Schema.Current.FieldCount];
    private readonly BatchPipeline<ObjectBatch, Checked> batches;

    private ReadinessSession(ReadinessHandle handle, EntityReader reader, string? anchorColumn)
    {
        this.handle = handle;
        this.reader = reader;
        this.anchorColumn = anchorColumn is null ? null : System.Text.Encoding.UTF8.GetBytes(anchorColumn);
        batches = new(new ObjectBatch(handle), new ObjectBatch(handle));
    }

    /// <summary>Objects read into the batch being filled.</summary>
    internal int Count => batches.Filling.Count;

    /// <summary>Whether the batch being filled is full, by count or by the characters it holds.</summary>
    internal bool IsFull(int chunkSize) => batches.IsFull(chunkSize);

    /// <summary>Has the session honour the deployment (before any object is added).</summary>
    internal void SetDeployment(DeploymentHandle deployment) =>
        NativeException.ThrowIfFailed(NativeMethods.syncmatch_readiness_set_deployment(handle, deployment), nameof(NativeMethods.syncmatch_readiness_set_deployment));

    /// <summary>
    /// Starts a session for a tenant with these verified domains (none: routability decides), whose
    /// deployment anchors on <paramref name="anchorSetting"/>: under a custom attribute,
    /// <paramref name="anchorColumn"/> names its export column. Objects are read by
    /// <paramref name="reader"/> (a directory object, by default).
    /// </summary>
    internal static unsafe ReadinessSession Open(IReadOnlyList<string> verifiedDomains, uint anchorSetting = 0, string? anchorColumn = null, EntityReader? reader = null)
    {
        var buffer = new SlotBuffer();
        NativeSlot[] slots = buffer.AppendAll(verifiedDomains);
        NativeStatus status;
        ReadinessHandle handle;
        fixed (byte* dataPointer = buffer.Written)
        fixed (NativeSlot* slotPointer = slots)
        {
            status = NativeMethods.syncmatch_readiness_new(dataPointer, (nuint)buffer.Length, slotPointer, (nuint)slots.Length, anchorSetting, out handle);
        }
        if (status != NativeStatus.Ok)
        {
            handle.Dispose();
            throw NativeException.FromStatus(status, nameof(NativeMethods.syncmatch_readiness_new));
        }
        return new ReadinessSession(handle, reader ?? EntityReader.For(Entity.DirectoryObject), anchorColumn);
    }

    /// <summary>
    /// Reads one directory object into the batch being filled; an input that breaks the input
    /// bounds throws <see cref="InputRejectedException"/> and is not added.
    /// </summary>
    internal void Add(object input)
    {
        long length = reader.Read(input, values, out ulong present, out ulong valued);
        Completeness.Record(present, valued);
        batches.Filling.Add(values, input, length);
    }

    /// <summary>Which properties the objects read had.</summary>
    internal InputCompleteness Completeness { get; } = new();

    /// <summary>
    /// Hands the filled batch to the worker thread and returns what the batch handed over before
    /// it found (empty the first time), so findings keep the input's order.
    /// </summary>
    internal Checked Submit() => Merge(batches.Submit());

    /// <summary>Checks whatever is left and returns everything not yet returned.</summary>
    internal Checked Drain() => Merge(batches.Drain());

    /// <summary>
    /// Rows per native call when checking a directory export: few calls (each ends when its
    /// slowest thread does, 65,536 a call cost 1M rows 20 ms), and progress still moves a few
    /// times a second.
    /// </summary>
    private const int ExportChunk = 262144;

    /// <summary>
    /// Checks every row of a directory export natively, a chunk per call (call <see cref="Drain"/>
    /// first: findings keep the input's order). A row that cannot be checked is a failure naming
    /// the file and its line.
    /// </summary>
    internal unsafe Checked CheckExport(DirectoryExport export, Action<long> progress)
    {
        var merged = new Checked(new List<Finding>(), new List<(object, NativeException)>());
        const string Function = nameof(NativeMethods.syncmatch_readiness_check_export);
        for (long start = 0; start < export.RowCount; start += ExportChunk)
        {
            IntPtr findings, failures;
            fixed (byte* columnPointer = anchorColumn)
            {
                NativeException.ThrowIfFailed(
                    NativeMethods.syncmatch_readiness_check_export(handle, export.Handle, (nuint)start, ExportChunk, columnPointer, (nuint)(anchorColumn?.Length ?? 0), &findings, &failures),
                    Function);
            }
            List<NativeFailure> failed = FailurePage.Take(failures, Function);
            merged.Findings.AddRange(NativeRecords.Take(findings, page => FindingPage.Checked(page, Function), Function));
            foreach (NativeFailure failure in failed)
            {
                merged.Failures.Add((export, failure.ToException()));
            }
            progress(Math.Min(export.RowCount, start + ExportChunk));
        }
        return merged;
    }

    /// <summary>The duplicates among every object checked (call after <see cref="Drain"/>), each finding with its group.</summary>
    internal unsafe List<Finding> Finish()
    {
        IntPtr buffer;
        NativeException.ThrowIfFailed(NativeMethods.syncmatch_readiness_finish(handle, &buffer), nameof(NativeMethods.syncmatch_readiness_finish));
        return NativeRecords.Take(buffer, FindingPage.Duplicates, nameof(NativeMethods.syncmatch_readiness_finish));
    }

    public void Dispose()
    {
        // A check still running holds its own reference to the handle; it is released after.
        handle.Dispose();
    }

    private static Checked Merge(List<Checked> results)
    {
        var merged = new Checked(new List<Finding>(), new List<(object, NativeException)>());
        foreach (Checked result in results)
        {
            merged.Findings.AddRange(result.Findings);
            merged.Failures.AddRange(result.Failures);
        }
        return merged;
    }

    /// <summary>What a batch found: findings, and the inputs that could not be checked with why.</summary>
    internal sealed record Checked(List<Finding> Findings, List<(object Input, NativeException Failure)> Failures);

    /// <summary>One chunk of objects: their values as rows, and the inputs themselves, for error records.</summary>
    private sealed class ObjectBatch : INativeBatch<Checked>
    {
        private readonly ReadinessHandle session;
        private readonly RowBatch rows = new();
        private readonly List<object> inputs = new();

        internal ObjectBatch(ReadinessHandle session) => this.session = session;

        public int Count => rows.Count;

        public long Length => rows.Length;

        internal void Add(object?[] values, object input, long length)
        {
            rows.Add(values, length);
            inputs.Add(input);
        }

        /// <summary>Checks the batch's objects (their values are kept for the duplicate pass) and empties it.</summary>
        public unsafe Checked Run()
        {
            const string Function = nameof(NativeMethods.syncmatch_readiness_check);
            object[] batchInputs = inputs.ToArray();
            inputs.Clear();
            (NativeStatus status, IntPtr findings, IntPtr failures) = rows.Call(native =>
            {
                IntPtr found, failed;
                NativeStatus called = NativeMethods.syncmatch_readiness_check(session, native, &found, &failed);
                return (called, found, failed);
            });
            if (status == NativeStatus.Panic)
            {
                // The whole call failed: every input of the chunk gets the error, none is dropped.
                NativeException failure = NativeException.FromStatus(status, Function);
                var all = new List<(object, NativeException)>(batchInputs.Length);
                foreach (object input in batchInputs)
                {
                    all.Add((input, failure));
                }
                return new Checked(new List<Finding>(), all);
            }
            NativeException.ThrowIfFailed(status, Function);
            List<NativeFailure> failed = FailurePage.Take(failures, Function);
            List<Finding> found = NativeRecords.Take(findings, page => FindingPage.Checked(page, Function), Function);
            var refused = new List<(object, NativeException)>(failed.Count);
            foreach (NativeFailure failure in failed)
            {
                refused.Add((batchInputs[checked((int)failure.Index)], failure.ToException()));
            }
            return new Checked(found, refused);
        }
    }
}
