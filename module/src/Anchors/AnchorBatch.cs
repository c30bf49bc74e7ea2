// Marshals many anchor inputs into one native call: one data buffer and one input array, reused
// from call to call, so a million GUIDs cross the boundary a chunk at a time, not one by one.
using System.Collections.Generic;
using System.Text;
using System;
using SyncMatch.Directory;
using SyncMatch.Native;

namespace SyncMatch.Anchors;

internal sealed class AnchorBatch
{
    private readonly SlotBuffer values = new();
    private NativeAnchorInput[] inputs = new NativeAnchorInput[16];
    private byte[] anchors = new byte[16 * NativeMethods.AnchorLength];
    private uint[] statuses = new uint[16];
    private byte[] characters = Array.Empty<byte>();
    private readonly Dictionary<int, InputRejectedException> rejected = new();

    internal int Count { get; private set; }

    internal void Clear()
    {
        values.Clear();
        rejected.Clear();
        Count = 0;
    }

    /// <summary>
    /// Reads one pipeline input (<see cref="AnchorSource.Read"/>) and adds it; an input the input
    /// bounds refuse keeps its place, fails, and <see cref="Explain"/> gives its reason.
    /// </summary>
    internal void AddInput(object? input)
    {
        AnchorSource source;
        try
        {
            source = AnchorSource.Read(input);
        }
        catch (InputRejectedException refusal)
        {
            rejected[Count] = refusal;
            source = AnchorSource.ForValue(null);
        }
        Add(source);
    }

    internal void Add(AnchorSource source)
    {
        if (Count == inputs.Length)
        {
            Array.Resize(ref inputs, inputs.Length * 2);
        }
        inputs[Count++] = new NativeAnchorInput
        {
            Shape = source.Shape,
            Value = Append(source.Value),
            ConsistencyGuid = Append(source.ConsistencyGuid),
        };
    }

    /// <summary>Resolves every input added; read the outcome with <see cref="Succeeded"/>.</summary>
    internal unsafe void Resolve(SourceAnchorAttribute attribute, AnchorSpelling? spelling)
    {
        if (statuses.Length < Count)
        {
            statuses = new uint[inputs.Length];
            anchors = new byte[inputs.Length * NativeMethods.AnchorLength];
        }
        NativeStatus status;
        fixed (byte* dataPointer = values.Written)
        fixed (NativeAnchorInput* inputPointer = inputs)
        fixed (byte* anchorPointer = anchors)
        fixed (uint* statusPointer = statuses)
        {
            status = NativeMethods.syncmatch_anchor_resolve_batch(
                dataPointer, (nuint)values.Length, inputPointer, (nuint)Count, (uint)attribute, SpellingCode(spelling),
                anchorPointer, (nuint)anchors.Length, statusPointer, (nuint)statuses.Length);
        }
        NativeException.ThrowIfFailed(status, nameof(NativeMethods.syncmatch_anchor_resolve_batch));
    }

    internal bool Succeeded(int index) => statuses[index] == (uint)NativeStatus.Ok;

    /// <summary>The immutableIds of the resolved inputs (null where an input failed).</summary>
    internal string?[] ImmutableIds() => ImmutableIds(anchors, Count, Succeeded, ref characters);

    /// <summary>
    /// The immutableIds of <paramref name="count"/> anchors (16 bytes each) in one native call;
    /// null where <paramref name="succeeded"/> says an anchor is not there. <paramref name="characters"/>
    /// is the reused buffer, grown as needed.
    /// </summary>
    internal static unsafe string?[] ImmutableIds(byte[] anchors, int count, Func<int, bool> succeeded, ref byte[] characters)
    {
        int needed = count * NativeMethods.ImmutableIdLength;
        if (characters.Length < needed)
        {
            characters = new byte[needed];
        }
        NativeStatus status;
        fixed (byte* anchorPointer = anchors)
        fixed (byte* characterPointer = characters)
        {
            status = NativeMethods.syncmatch_anchor_immutable_ids(
                anchorPointer, (nuint)(count * NativeMethods.AnchorLength), characterPointer, (nuint)needed);
        }
        NativeException.ThrowIfFailed(status, nameof(NativeMethods.syncmatch_anchor_immutable_ids));
        var ids = new string?[count];
        for (int i = 0; i < count; i++)
        {
            if (succeeded(i))
            {
                // Base64 is ASCII: Latin-1 widens it as it is, with no check per byte.
                ids[i] = Encoding.Latin1.GetString(characters, i * NativeMethods.ImmutableIdLength, NativeMethods.ImmutableIdLength);
            }
        }
        return ids;
    }

    /// <summary>Resolves one input on its own: its anchor and spelling, or the native error.</summary>
    internal unsafe (Guid Anchor, AnchorSpelling ReadAs) ResolveOne(int index, SourceAnchorAttribute attribute, AnchorSpelling? spelling)
    {
        var anchor = new byte[NativeMethods.AnchorLength];
        uint readAs;
        IntPtr error = IntPtr.Zero;
        NativeStatus status;
        fixed (byte* dataPointer = values.Written)
        fixed (NativeAnchorInput* inputPointer = &inputs[index])
        fixed (byte* anchorPointer = anchor)
        {
            status = NativeMethods.syncmatch_anchor_resolve(
                dataPointer, (nuint)values.Length, inputPointer, (uint)attribute, SpellingCode(spelling),
                anchorPointer, &readAs, &error);
        }
        if (status != NativeStatus.Ok)
        {
            throw NativeException.FromNativeError(status, error, nameof(NativeMethods.syncmatch_anchor_resolve));
        }
        return (new Guid(anchor), (AnchorSpelling)readAs);
    }

    /// <summary>The refusal of input <paramref name="index"/>, when the input bounds refused it before the native call.</summary>
    internal InputRejectedException? Refusal(int index) => rejected.GetValueOrDefault(index);

    /// <summary>Why input <paramref name="index"/> failed, in the native library's words (or the input bounds').</summary>
    internal Exception Explain(int index, SourceAnchorAttribute attribute, AnchorSpelling? spelling)
    {
        if (Refusal(index) is { } refusal)
        {
            return refusal;
        }
        try
        {
            ResolveOne(index, attribute, spelling);
        }
        catch (NativeException failure)
        {
            return failure;
        }
        return new NativeException((NativeStatus)statuses[index], "The source anchor could not be resolved.");
    }

    private static uint SpellingCode(AnchorSpelling? spelling) => spelling is { } given ? (uint)given : 0;

    private NativeSlot Append(object? value) => values.AppendAnchorValue(value);
}
