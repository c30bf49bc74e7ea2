// A native match prediction: the cloud users are marshalled and indexed first, then the
// on-premises users a chunk per native call (a worker thread predicts one chunk while the
// pipeline thread reads the next), then the results are paged back in input order.
using System.Collections.Generic;
using System;
using System.Runtime.InteropServices;
using System.Management.Automation;
using SyncMatch.Directory;
using SyncMatch.Native;
using SyncMatch.Text;

namespace SyncMatch.Matching;

internal sealed class PredictionSession : IDisposable
{
    /// <summary>Objects per native call: large enough to make the crossing noise.</summary>
    internal const int ChunkSize = 4096;

    private readonly NativeHandle handle;
    private readonly PropertyTable userTable;
    private readonly object?[] fields = new object?[DirectoryObjectReader.UserFieldCount];
    private readonly CloudUserReader cloudReader = new();
    private readonly BatchPipeline<UserBatch, bool> batches;

    // The texts results repeat, as the input objects hold them: DN, sAMAccountName and UPN per
    // on-premises user, id and UPN per cloud user (in the order the native side numbers them).
    private readonly TextsByPosition userTexts = new(3);
    private readonly TextsByPosition cloudTexts = new(2);

    private PredictionSession(NativeHandle handle, PropertyTable userTable)
    {
        this.handle = handle;
        this.userTable = userTable;
        batches = new(new UserBatch(handle), new UserBatch(handle));
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

    internal static unsafe PredictionSession Open(NativePredictionSettings settings, IReadOnlyList<string> verifiedDomains, IReadOnlyList<string> privileged, PropertyTable userTable)
    {
        var buffer = new SlotBuffer();
        NativeSlot[] domains = buffer.AppendAll(verifiedDomains);
        NativeSlot[] roles = buffer.AppendAll(privileged);
        NativeStatus status;
        NativeHandle handle;
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
        return new PredictionSession(handle.Own(NativeHandleKind.Prediction), userTable);
    }

    /// <summary>
    /// Indexes the cloud users, a chunk per native call; returns the positions of entries that
    /// are not cloud objects (null, not an object, without Id/ObjectId, or with a value the
    /// input bounds refuse) with why, which were left out.
    /// </summary>
    internal unsafe List<(int Position, string Why)> AddCloudUsers(IReadOnlyList<object?> cloudUsers, bool deleted, Action<int> progress)
    {
        // The index is sized for them all at once, not grown chunk by chunk.
        NativeException.ThrowIfFailed(
            NativeMethods.syncmatch_prediction_reserve_cloud(handle, (nuint)cloudUsers.Count), nameof(NativeMethods.syncmatch_prediction_reserve_cloud));
        return CloudBatch.AddAll(
            handle, NativeMethods.syncmatch_prediction_add_cloud, nameof(NativeMethods.syncmatch_prediction_add_cloud), cloudUsers, cloudReader,
            deleted ? Deleted : Cloud, deleted, read: reader => cloudTexts.Add(reader.Id, reader.UserPrincipalName), progress);
    }

    /// <summary>
    /// Reads one on-premises user into the pending chunk; an input the bounds refuse throws
    /// <see cref="InputRejectedException"/> before anything of it is kept.
    /// </summary>
    internal void AddUser(object input)
    {
        Array.Clear(fields);
        InputShapes.RequireObject(input, "an on-premises user");
        userTable.Read(input, fields, out ulong present);
        OnPremises.Record(present, new ReadOnlySpan<object?>(fields, 0, DirectoryObjectReader.UserFieldCount));
        long length = DirectoryObjectReader.Normalize(new Span<object?>(fields, 0, DirectoryObjectReader.UserFieldCount), userTable);
        userTexts.Add(
            (string?)fields[(int)DirectoryField.DistinguishedName],
            (string?)fields[(int)DirectoryField.SamAccountName],
            (string?)fields[(int)DirectoryField.UserPrincipalName]);
        batches.Filling.Add(new ReadOnlySpan<object?>(fields, 0, DirectoryObjectReader.UserFieldCount), length);
    }

    /// <summary>
    /// Keeps the place of an input <see cref="AddUser"/> refused (its error record is written):
    /// its result is an InvalidInput row with <paramref name="message"/>, so the plan has one row
    /// per input.
    /// </summary>
    internal void AddRejected(object? input, string message, long number)
    {
        string identity = RejectedIdentity(input) ?? $"(input {number:N0})";
        userTexts.Add(identity, null, null);
        batches.Filling.AddRejected(DisplayText.WellFormed(identity), DisplayText.WellFormed(message));
    }

    /// <summary>The DN, sAMAccountName or UPN a refused input shows, when one reads as plain text.</summary>
    private string? RejectedIdentity(object? input)
    {
        if (input is null || !InputShapes.IsObject(input is PSObject wrapped ? wrapped.BaseObject : input))
        {
            return null;
        }
        foreach (DirectoryField field in new[] { DirectoryField.DistinguishedName, DirectoryField.SamAccountName, DirectoryField.UserPrincipalName })
        {
            if (fields[(int)field] is string text && !string.IsNullOrWhiteSpace(text) && text.Length <= 1024)
            {
                return text;
            }
        }
        return null;
    }

    /// <summary>
    /// Adds every row of a cloud export to match against (before the first on-premises user);
    /// <paramref name="deleted"/>: its rows are soft-deleted users.
    /// </summary>
    internal void AddCloudExport(DirectoryExport export, bool deleted)
    {
        NativeException.ThrowIfFailed(
            NativeMethods.syncmatch_prediction_add_cloud_export(handle, export.Handle.Value, deleted ? 1u : 0u),
            nameof(NativeMethods.syncmatch_prediction_add_cloud_export));
        cloudTexts.Skip(export.RowCount);
    }

    /// <summary>
    /// Predicts every row of a directory export in the core, in order after the objects before
    /// it (their chunks are finished first); a custom source anchor is read from
    /// <paramref name="anchorColumn"/> (checked with <see cref="DirectoryExport.RequireColumn"/>).
    /// </summary>
    internal unsafe void AddExport(DirectoryExport export, string? anchorColumn, Action<long> progress)
    {
        batches.Drain();
        const int Chunk = 65536;
        byte[]? column = anchorColumn is null ? null : System.Text.Encoding.UTF8.GetBytes(anchorColumn);
        for (long start = 0; start < export.RowCount; start += Chunk)
        {
            fixed (byte* columnPointer = column)
            {
                NativeException.ThrowIfFailed(
                    NativeMethods.syncmatch_prediction_add_export(handle, export.Handle.Value, columnPointer, (nuint)(column?.Length ?? 0), (nuint)start, Chunk),
                    nameof(NativeMethods.syncmatch_prediction_add_export));
            }
            progress(Math.Min(export.RowCount, start + Chunk));
        }
        // The rows' texts live in the export: results keep their own copies.
        userTexts.Skip(export.RowCount);
    }

    /// <summary>Hands the pending chunk to the worker thread, once the chunk before it is done (users are predicted in order).</summary>
    internal void Flush()
    {
        if (batches.Filling.Count > 0)
        {
            batches.Submit();
        }
    }

    /// <summary>Runs the final pass; returns how many results there are to page through.</summary>
    internal unsafe long Finish(bool includeCloudOnly)
    {
        batches.Drain();
        nuint count;
        NativeException.ThrowIfFailed(
            NativeMethods.syncmatch_prediction_finish(handle, includeCloudOnly ? 1u : 0u, &count), nameof(NativeMethods.syncmatch_prediction_finish));
        return (long)count;
    }

    /// <summary>
    /// The result pages of <paramref name="total"/> results, in order, as public objects, each with
    /// its error (if any) for its error record.
    /// </summary>
    internal IEnumerable<List<PagedResult>> ResultPages(long total, int pageSize, bool includeCloudOnly) =>
        Pages(total, pageSize, includeCloudOnly, (page, start) =>
            MatchRecordPage.Read(page, (index, utf8, cloud) => Known(start + index, utf8, cloud)));

    /// <summary>
    /// The results written as rows of <paramref name="file"/>, a page at a time, with no object
    /// per result (Test-SoftMatch -OutFile); each page yields its errors, for their error records.
    /// </summary>
    internal IEnumerable<List<RecordError>> ResultRows(long total, int pageSize, bool includeCloudOnly, CsvFile file, Dictionary<MatchOutcome, long> counts) =>
        Pages(total, pageSize, includeCloudOnly, (page, _) => MatchRecordPage.WriteRows(page, file, counts));

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

    /// <summary>One chunk of on-premises users marshalled for syncmatch_prediction_add_users.</summary>
    private sealed class UserBatch : INativeBatch<bool>
    {
        private readonly NativeHandle prediction;
        private readonly SlotBuffer data = new();
        private readonly List<NativeSlot> values = new();
        private NativeOnPremUser[] users = new NativeOnPremUser[64];

        internal UserBatch(NativeHandle prediction) => this.prediction = prediction;

        public int Count { get; private set; }

        public long Length { get; private set; }

        internal void Add(ReadOnlySpan<object?> fields, long length)
        {
            Length += length;
            if (Count == users.Length)
            {
                Array.Resize(ref users, users.Length * 2);
            }
            users[Count++] = new NativeOnPremUser
            {
                Object = DirectoryObjectSlots.Write(fields, data, values),
                ObjectGuid = data.AppendAnchorValue(fields[(int)DirectoryField.ObjectGuid]),
                ConsistencyGuid = data.AppendAnchorValue(fields[(int)DirectoryField.ConsistencyGuid]),
                SecurityIdentifier = DirectoryObjectSlots.Text(fields, DirectoryField.SecurityIdentifier, data),
            };
        }

        /// <summary>Keeps a refused input's place: its identity in the DN slot, the message in Rejection.</summary>
        internal void AddRejected(string identity, string message)
        {
            if (Count == users.Length)
            {
                Array.Resize(ref users, users.Length * 2);
            }
            NativeSlot name = data.AppendText(identity);
            users[Count++] = new NativeOnPremUser
            {
                Object = new NativeDirectoryObject { DistinguishedName = name },
                Rejection = data.AppendText(message),
            };
            Length += identity.Length + message.Length;
        }

        /// <summary>Predicts the chunk's users and empties it (its results stay in the native prediction).</summary>
        public unsafe bool Run()
        {
            NativeStatus status;
            fixed (byte* dataPointer = data.Written)
            fixed (NativeOnPremUser* userPointer = users)
            fixed (NativeSlot* valuePointer = CollectionsMarshal.AsSpan(values))
            {
                status = NativeMethods.syncmatch_prediction_add_users(
                    prediction, dataPointer, (nuint)data.Length, userPointer, (nuint)Count, valuePointer, (nuint)values.Count);
            }
            Count = 0;
            Length = 0;
            data.Clear();
            values.Clear();
            NativeException.ThrowIfFailed(status, nameof(NativeMethods.syncmatch_prediction_add_users));
            return true;
        }
    }
}
