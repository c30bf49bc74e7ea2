// A native readiness session and the batches of objects waiting to be checked. The pipeline
// thread only reads each object's attribute values (PowerShell objects are never touched
// elsewhere); a worker thread encodes a chunk of them into one buffer and has the native library
// check it, while the pipeline thread reads the next chunk. Duplicates come at the end.
using System.Collections.Generic;
using System;
using System.Runtime.InteropServices;
using SyncMatch.Directory;
using SyncMatch.Native;

namespace SyncMatch.Readiness;

internal sealed class ReadinessSession : IDisposable
{
    private readonly NativeHandle handle;
    private readonly object?[] fields = new object?[DirectoryObjectReader.ReadinessFieldCount];
    private readonly BatchPipeline<ObjectBatch, Checked> batches;

    private ReadinessSession(NativeHandle handle)
    {
        this.handle = handle;
        batches = new(new ObjectBatch(handle), new ObjectBatch(handle));
    }

    /// <summary>Objects read into the batch being filled.</summary>
    internal int Count => batches.Filling.Count;

    /// <summary>Whether the batch being filled is full, by count or by the characters it holds.</summary>
    internal bool IsFull(int chunkSize) => batches.IsFull(chunkSize);

    /// <summary>Starts a session for a tenant with these verified domains (none: routability decides).</summary>
    internal static unsafe ReadinessSession Open(IReadOnlyList<string> verifiedDomains)
    {
        var buffer = new SlotBuffer();
        var slots = new NativeSlot[verifiedDomains.Count];
        for (int i = 0; i < slots.Length; i++)
        {
            slots[i] = buffer.AppendText(verifiedDomains[i]);
        }
        NativeStatus status;
        NativeHandle handle;
        fixed (byte* dataPointer = buffer.Written)
        fixed (NativeSlot* slotPointer = slots)
        {
            status = NativeMethods.syncmatch_readiness_new(dataPointer, (nuint)buffer.Length, slotPointer, (nuint)slots.Length, out handle);
        }
        if (status != NativeStatus.Ok)
        {
            handle.Dispose();
            throw NativeException.FromStatus(status, nameof(NativeMethods.syncmatch_readiness_new));
        }
        return new ReadinessSession(handle.Own(NativeHandleKind.Readiness));
    }

    /// <summary>
    /// Reads one directory object into the batch being filled; an input that breaks the input
    /// bounds throws <see cref="InputRejectedException"/> and is not added.
    /// </summary>
    internal void Add(object input)
    {
        DirectoryObjectReader.Readiness.Read(input, fields, out ulong present);
        Completeness.Record(present, fields);
        long length = DirectoryObjectReader.Normalize(fields);
        batches.Filling.Add(fields, input, length);
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
        for (long start = 0; start < export.RowCount; start += ExportChunk)
        {
            IntPtr buffer;
            NativeException.ThrowIfFailed(
                NativeMethods.syncmatch_readiness_check_export(handle, export.Handle.Value, (nuint)start, ExportChunk, &buffer),
                nameof(NativeMethods.syncmatch_readiness_check_export));
            const string Function = nameof(NativeMethods.syncmatch_readiness_check_export);
            (List<Finding> findings, List<FindingPage.Failure> failures) = NativeRecords.Take(buffer, page => FindingPage.Checked(page, Function), Function);
            merged.Findings.AddRange(findings);
            foreach (FindingPage.Failure failed in failures)
            {
                merged.Failures.Add((export, NativeException.ForInput(failed.Status, $"{export.Path}, line {failed.Line}: {failed.Message}")));
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

    /// <summary>One chunk of objects: their attribute values, then marshalled for syncmatch_readiness_check.</summary>
    private sealed class ObjectBatch : INativeBatch<Checked>
    {
        private readonly NativeHandle session;
        private const int FieldCount = DirectoryObjectReader.ReadinessFieldCount;
        private readonly SlotBuffer data = new();
        private readonly List<NativeSlot> values = new();
        private readonly List<object> inputs = new();
        private object?[] raw = new object?[64 * FieldCount];
        private NativeDirectoryObject[] objects = new NativeDirectoryObject[64];

        internal ObjectBatch(NativeHandle session) => this.session = session;

        public int Count { get; private set; }

        public long Length { get; private set; }

        /// <summary>Keeps one object's normalized values (strings, string arrays, flags: nothing that needs the pipeline thread to read) and the input itself, for error records.</summary>
        internal void Add(object?[] fields, object input, long length)
        {
            if ((Count + 1) * FieldCount > raw.Length)
            {
                Array.Resize(ref raw, raw.Length * 2);
            }
            Array.Copy(fields, 0, raw, Count * FieldCount, FieldCount);
            inputs.Add(input);
            Length += length;
            Count++;
        }

        /// <summary>Checks the batch's objects (their values are kept for the duplicate pass) and empties it.</summary>
        public unsafe Checked Run()
        {
            if (objects.Length < Count)
            {
                objects = new NativeDirectoryObject[raw.Length / FieldCount];
            }
            for (int i = 0; i < Count; i++)
            {
                objects[i] = DirectoryObjectSlots.Write(new ReadOnlySpan<object?>(raw, i * FieldCount, FieldCount), data, values);
            }
            IntPtr buffer;
            NativeStatus status;
            fixed (byte* dataPointer = data.Written)
            fixed (NativeDirectoryObject* objectPointer = objects)
            fixed (NativeSlot* valuePointer = CollectionsMarshal.AsSpan(values))
            {
                status = NativeMethods.syncmatch_readiness_check(
                    session, dataPointer, (nuint)data.Length, objectPointer, (nuint)Count, valuePointer, (nuint)values.Count, &buffer);
            }
            Array.Clear(raw, 0, Count * FieldCount);
            int count = Count;
            Count = 0;
            Length = 0;
            values.Clear();
            data.Clear();
            var batchInputs = inputs.ToArray();
            inputs.Clear();
            if (status == NativeStatus.Panic)
            {
                // The whole call failed: every input of the chunk gets the error, none is dropped.
                NativeException failure = NativeException.FromStatus(status, nameof(NativeMethods.syncmatch_readiness_check));
                var all = new List<(object, NativeException)>(count);
                foreach (object input in batchInputs)
                {
                    all.Add((input, failure));
                }
                return new Checked(new List<Finding>(), all);
            }
            NativeException.ThrowIfFailed(status, nameof(NativeMethods.syncmatch_readiness_check));
            const string Function = nameof(NativeMethods.syncmatch_readiness_check);
            (List<Finding> findings, List<FindingPage.Failure> found) = NativeRecords.Take(buffer, page => FindingPage.Checked(page, Function), Function);
            var failures = new List<(object, NativeException)>(found.Count);
            foreach (FindingPage.Failure failed in found)
            {
                failures.Add((batchInputs[checked((int)failed.Index)], NativeException.ForInput(failed.Status, failed.Message)));
            }
            return new Checked(findings, failures);
        }
    }
}
