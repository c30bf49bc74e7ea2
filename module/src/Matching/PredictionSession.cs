// A native match prediction: the cloud users are read and indexed first, then the on-premises
// users a chunk per native call (a worker thread predicts one chunk while the pipeline thread
// reads the next), then the results are paged back in input order, each with the failure the
// core named for its user, if any.
using System.Collections.Generic;
using System;
using System.Management.Automation;
using SyncMatch.Directory;
using SyncMatch.Native;
using SyncMatch.Text;

namespace SyncMatch.Matching;

internal sealed class PredictionSession : IDisposable
{
    /// <summary>Objects per native call: large enough to make the crossing noise.</summary>
    internal const int ChunkSize = 4096;

    private readonly PredictionHandle handle;
    private readonly EntityReader userReader;
    private readonly EntityReader cloudReader = EntityReader.For(Entity.CloudObject);
    private readonly object?[] values = new object?[Schema.Current.FieldCount];
    private readonly BatchPipeline<UserBatch, List<NativeFailure>> batches;

    // The fields the module reads back: the texts results repeat, and a refused input's row.
    private readonly int dn, sam, upn, cloudId, resultIdentity, refusal;

    // The texts results repeat, as the input objects hold them: DN, sAMAccountName and UPN per
    // on-premises user, id and UPN per cloud user (in the order the native side numbers them).
    private readonly TextsByPosition userTexts = new(3);
    private readonly TextsByPosition cloudTexts = new(2);

    // The users the core could not predict, by position (few: a map, not a list per user).
    private readonly Dictionary<long, NativeFailure> failures = new();

    // On-premises users handed to the core so far (objects and export rows), and the position
    // of the first user of each batch at work.
    private long users;

    private PredictionSession(PredictionHandle handle, EntityReader userReader)
    {
        this.handle = handle;
        this.userReader = userReader;
        batches = new(new UserBatch(this), new UserBatch(this));
        Schema schema = Schema.Current;
        (dn, sam, upn) = (schema.Field("DistinguishedName"), schema.Field("SamAccountName"), schema.Field("UserPrincipalName"));
        (cloudId, resultIdentity, refusal) = (schema.Field("CloudId"), schema.Field("ResultIdentity"), schema.Field("Refusal"));
    }

    /// <summary>Which properties the on-premises users had.</summary>
    internal InputCompleteness OnPremises { get; } = new();

    /// <summary>Which properties the cloud users had.</summary>
    internal InputCompleteness Cloud { get; } = new();

    /// <summary>Which properties the soft-deleted cloud users had.</summary>
    internal InputCompleteness Deleted { get; } = new();

    internal int Pending => batches.Filling.Count;

    /// <summary>Whether the pending chunk is full, by count or by the characters it holds.</summary>
    internal bool IsFull => batches.IsFull(ChunkSize);

    /// <summary>Has the session honour the deployment (before any object is added).</summary>
    internal void SetDeployment(DeploymentHandle deployment) =>
        NativeException.ThrowIfFailed(NativeMethods.syncmatch_prediction_set_deployment(handle, deployment), nameof(NativeMethods.syncmatch_prediction_set_deployment));

    internal static unsafe PredictionSession Open(NativePredictionSettings settings, IReadOnlyList<string> verifiedDomains, IReadOnlyList<string> privileged, EntityReader userReader)
    {
        var buffer = new SlotBuffer();
        NativeSlot[] domains = buffer.AppendAll(verifiedDomains);
        NativeSlot[] roles = buffer.AppendAll(privileged);
        NativeStatus status;
        PredictionHandle handle;
        fixed (byte* dataPointer = buffer.Written)
        fixed (NativeSlot* domainPointer = domains)
        fixed (NativeSlot* rolePointer = roles)
        {
            status = NativeMethods.syncmatch_prediction_new(
                &settings, dataPointer, (nuint)buffer.Length, domainPointer, (nuint)domains.Length, rolePointer, (nuint)roles.Length, out handle);
        }
        if (status != NativeStatus.Ok)
        {
            handle.Dispose();
            throw NativeException.FromStatus(status, nameof(NativeMethods.syncmatch_prediction_new));
        }
        return new PredictionSession(handle, userReader);
    }

    /// <summary>
    /// Indexes the cloud users, a chunk per native call; returns the positions of entries that
    /// are not cloud objects (null, not an object, without Id/ObjectId, or with a value the
    /// input bounds refuse) with why, which were left out.
    /// </summary>
    internal unsafe List<(int Position, Exception Why)> AddCloudUsers(IReadOnlyList<object?> cloudUsers, bool deleted, Action<int> progress)
    {
        // The index is sized for them all at once, not grown chunk by chunk.
        NativeException.ThrowIfFailed(
            NativeMethods.syncmatch_prediction_reserve_cloud(handle, (nuint)cloudUsers.Count), nameof(NativeMethods.syncmatch_prediction_reserve_cloud));
        // Each row keeps its texts in its own chunk, for the users the core takes (it numbers them
        // in order); chunks are added one at a time, in order, so cloudTexts grows in order.
        return ObjectRows.AddAll(
            cloudUsers, cloudReader, deleted ? Deleted : Cloud, "a cloud user",
            rows => rows.SendTo(
                (native, failed) => NativeMethods.syncmatch_prediction_add_cloud(handle, native, deleted ? 1u : 0u, failed),
                nameof(NativeMethods.syncmatch_prediction_add_cloud)),
            read: (row, kept) =>
            {
                kept.Add((string?)row[cloudId]);
                kept.Add((string?)row[upn]);
            },
            added: (positions, failed, kept) =>
            {
                for (int i = 0; i < positions.Count; i++)
                {
                    if (!failed.Contains(i))
                    {
                        cloudTexts.Add(kept[2 * i], kept[(2 * i) + 1]);
                    }
                }
            },
            progress: progress);
    }

    /// <summary>
    /// Reads one on-premises user into the pending chunk; an input the bounds refuse throws
    /// <see cref="InputRejectedException"/> before anything of it is kept.
    /// </summary>
    internal void AddUser(object input)
    {
        long length = userReader.Read(input, values, out ulong present, out ulong valued);
        OnPremises.Record(present, valued);
        userTexts.Add((string?)values[dn], (string?)values[sam], (string?)values[upn]);
        batches.Filling.Rows.Add(values, length);
    }

    /// <summary>
    /// Keeps the place of an input <see cref="AddUser"/> refused (its error record is written):
    /// its result is an InvalidInput row with <paramref name="message"/>, so the plan has one row
    /// per input.
    /// </summary>
    internal void AddRejected(object? input, string message, long number)
    {
        string identity = DisplayText.WellFormed(RejectedIdentity(input) ?? $"(input {number:N0})");
        userTexts.Add(identity, null, null);
        RowBatch rows = batches.Filling.Rows;
        rows.AddCell(resultIdentity, identity);
        rows.AddCell(refusal, DisplayText.WellFormed(message));
        rows.EndRow(identity.Length + message.Length);
    }

    /// <summary>The DN, sAMAccountName or UPN a refused input shows, when one reads as plain text.</summary>
    private string? RejectedIdentity(object? input)
    {
        if (input is null || !InputShapes.IsObject(input is PSObject wrapped ? wrapped.BaseObject : input))
        {
            return null;
        }
        foreach (int field in new[] { dn, sam, upn })
        {
            if (values[field] is string text && !string.IsNullOrWhiteSpace(text) && text.Length <= 1024)
            {
                return text;
            }
        }
        return null;
    }

    /// <summary>
    /// Adds every row of a cloud export to match against (before the first on-premises user);
    /// <paramref name="deleted"/>: its rows are soft-deleted users. Returns the rows left out.
    /// </summary>
    internal unsafe List<NativeFailure> AddCloudExport(DirectoryExport export, bool deleted)
    {
        const string Function = nameof(NativeMethods.syncmatch_prediction_add_cloud_export);
        IntPtr failed;
        NativeException.ThrowIfFailed(
            NativeMethods.syncmatch_prediction_add_cloud_export(handle, export.Handle, deleted ? 1u : 0u, &failed), Function);
        List<NativeFailure> left = FailurePage.Take(failed, Function);
        cloudTexts.Skip(export.RowCount - left.Count);
        return left;
    }

    /// <summary>
    /// Predicts every row of a directory export in the core, in order after the objects before
    /// it (their chunks are finished first); a custom source anchor is read from
    /// <paramref name="anchorColumn"/> (checked with <see cref="DirectoryExport.RequireColumn"/>).
    /// </summary>
    internal unsafe void AddExport(DirectoryExport export, string? anchorColumn, Action<long> progress)
    {
        Collect(batches.Drain());
        const int Chunk = 65536;
        const string Function = nameof(NativeMethods.syncmatch_prediction_add_export);
        byte[]? column = anchorColumn is null ? null : System.Text.Encoding.UTF8.GetBytes(anchorColumn);
        for (long start = 0; start < export.RowCount; start += Chunk)
        {
            IntPtr failed;
            fixed (byte* columnPointer = column)
            {
                NativeException.ThrowIfFailed(
                    NativeMethods.syncmatch_prediction_add_export(handle, export.Handle, columnPointer, (nuint)(column?.Length ?? 0), (nuint)start, Chunk, &failed),
                    Function);
            }
            foreach (NativeFailure failure in FailurePage.Take(failed, Function))
            {
                // The failure names its row in the export; its result's position counts every user before.
                failures[users + failure.Index] = failure;
            }
            progress(Math.Min(export.RowCount, start + Chunk));
        }
        users += export.RowCount;
        // The rows' texts live in the export: results keep their own copies.
        userTexts.Skip(export.RowCount);
    }

    /// <summary>Hands the pending chunk to the worker thread, once the chunk before it is done (users are predicted in order).</summary>
    internal void Flush()
    {
        if (batches.Filling.Count > 0)
        {
            Collect(batches.Submit());
        }
    }

    /// <summary>Runs the final pass; returns how many results there are to page through.</summary>
    internal unsafe long Finish(bool includeCloudOnly)
    {
        Collect(batches.Drain());
        nuint count;
        NativeException.ThrowIfFailed(
            NativeMethods.syncmatch_prediction_finish(handle, includeCloudOnly ? 1u : 0u, &count), nameof(NativeMethods.syncmatch_prediction_finish));
        return (long)count;
    }

    /// <summary>Keeps the failures the batches named, by the position of their users.</summary>
    private void Collect(List<List<NativeFailure>> done)
    {
        foreach (List<NativeFailure> batch in done)
        {
            foreach (NativeFailure failure in batch)
            {
                failures[failure.Index] = failure;
            }
        }
    }

    /// <summary>
    /// The result pages of <paramref name="total"/> results, in order, as public objects, each with
    /// its failure (if any) for its error record.
    /// </summary>
    internal IEnumerable<List<PagedResult>> ResultPages(long total, int pageSize, bool includeCloudOnly) =>
        Pages(total, pageSize, includeCloudOnly, (page, start) =>
            MatchRecordPage.Read(page, (index, utf8, cloud) => Known(start + index, utf8, cloud), index => FailureAt(start + index)));

    /// <summary>
    /// The results written as rows of <paramref name="file"/>, a page at a time, with no object
    /// per result (Test-SoftMatch -OutFile); each page yields its failures, for their error records.
    /// </summary>
    internal IEnumerable<List<RecordError>> ResultRows(long total, int pageSize, bool includeCloudOnly, CsvFile file, Dictionary<MatchOutcome, long> counts) =>
        Pages(total, pageSize, includeCloudOnly, (page, start) => MatchRecordPage.WriteRows(page, file, counts, index => FailureAt(start + index)));

    private NativeFailure? FailureAt(long position) => failures.TryGetValue(position, out NativeFailure failure) ? failure : null;

    /// <summary>
    /// Each page of results, in order, through <paramref name="read"/>: the core writes the next
    /// page on a worker thread while this one is read (the two halves of the paging take about as
    /// long each).
    /// </summary>
    private IEnumerable<T> Pages<T>(long total, int pageSize, bool includeCloudOnly, PageReader<T> read)
    {
        System.Threading.Tasks.Task<IntPtr>? next = total > 0
            ? System.Threading.Tasks.Task.Run(() => FetchPage(0, pageSize, includeCloudOnly))
            : null;
        try
        {
            for (long start = 0; start < total; start += pageSize)
            {
                IntPtr buffer = next!.GetAwaiter().GetResult();
                next = null;
                long following = start + pageSize;
                if (following < total)
                {
                    next = System.Threading.Tasks.Task.Run(() => FetchPage(following, pageSize, includeCloudOnly));
                }
                long first = start;
                yield return NativeRecords.Take(buffer, records => read(records, first), nameof(NativeMethods.syncmatch_prediction_records));
            }
        }
        finally
        {
            // Stopped early (the pipeline was stopped): the page written ahead is released.
            if (next is not null)
            {
                try
                {
                    NativeMethods.syncmatch_buffer_free(next.GetAwaiter().GetResult());
                }
                catch (NativeException)
                {
                    // Its failure is moot: nothing more is written.
                }
            }
        }
    }

    /// <summary>Reads a page of records (<paramref name="start"/>: the position of its first result).</summary>
    private delegate T PageReader<T>(ReadOnlySpan<byte> page, long start);

    private unsafe IntPtr FetchPage(long start, int count, bool includeCloudOnly)
    {
        IntPtr buffer;
        NativeException.ThrowIfFailed(
            NativeMethods.syncmatch_prediction_records(handle, (nuint)start, (nuint)count, includeCloudOnly ? 1u : 0u, &buffer),
            nameof(NativeMethods.syncmatch_prediction_records));
        return buffer;
    }

    /// <summary>The input's string equal to <paramref name="utf8"/> (its user's DN, sAMAccountName or UPN, its cloud user's id or UPN), else a new one.</summary>
    private string Known(long position, ReadOnlySpan<byte> utf8, uint? cloud)
    {
        for (int i = 0; i < 3; i++)
        {
            if (userTexts.Get(position, i) is { } text && System.Text.Ascii.Equals(utf8, text))
            {
                return text;
            }
        }
        if (cloud is { } index)
        {
            for (int i = 0; i < 2; i++)
            {
                if (cloudTexts.Get(index, i) is { } text && System.Text.Ascii.Equals(utf8, text))
                {
                    return text;
                }
            }
        }
        return System.Text.Encoding.UTF8.GetString(utf8);
    }

    // A prediction still running holds its own reference to the handle; it is released after.
    public void Dispose() => handle.Dispose();

    /// <summary>One chunk of on-premises users, predicted by syncmatch_prediction_add_users.</summary>
    private sealed class UserBatch : INativeBatch<List<NativeFailure>>
    {
        private readonly PredictionSession session;

        internal UserBatch(PredictionSession session) => this.session = session;

        internal RowBatch Rows { get; } = new();

        public int Count => Rows.Count;

        public long Length => Rows.Length;

        /// <summary>Predicts the chunk's users and empties it; returns the failures, numbered by the users' positions.</summary>
        public unsafe List<NativeFailure> Run()
        {
            // Batches run one at a time, in order: the first position is the users before.
            long first = session.users;
            session.users += Rows.Count;
            PredictionHandle prediction = session.handle;
            List<NativeFailure> failed = Rows.SendTo(
                (native, failures) => NativeMethods.syncmatch_prediction_add_users(prediction, native, failures),
                nameof(NativeMethods.syncmatch_prediction_add_users));
            return failed.ConvertAll(failure => failure with { Index = first + failure.Index });
        }
    }
}
