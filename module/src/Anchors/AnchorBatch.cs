// Many anchor inputs in one native call: each a row of cells (a bare value in the schema's Value
// field, or an object read as the schema's AnchorObject), the rows of a chunk reused from call
// to call, so a million GUIDs cross the boundary a chunk at a time, not one by one.
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using System;
using SyncMatch.Directory;
using SyncMatch.Native;

namespace SyncMatch.Anchors;

internal sealed class AnchorBatch
{
    private readonly RowBatch rows = new();
    private readonly EntityReader reader = EntityReader.For(Entity.AnchorObject);
    private readonly object?[] values = new object?[Schema.Current.FieldCount];
    private readonly int valueField = Schema.Current.Field("Value");
    private byte[] anchors = new byte[16 * NativeMethods.AnchorLength];
    private uint[] spellings = new uint[16];
    private uint[] sources = new uint[16];
    private byte[] characters = Array.Empty<byte>();
    // Why each input that failed did: refused by the input bounds, or by the core.
    private readonly Dictionary<int, Exception> failed = new();

    internal int Count { get; private set; }

    internal void Clear()
    {
        rows.Clear();
        failed.Clear();
        Count = 0;
    }

    /// <summary>
    /// Adds one pipeline input: a value as itself, any other object by its anchor attributes. An
    /// input the input bounds refuse keeps its place, fails, and <see cref="Explain"/> gives its reason.
    /// </summary>
    internal void AddInput(object? input)
    {
        object? baseObject = input is PSObject wrapped ? wrapped.BaseObject : input;
        try
        {
            if (baseObject is null || !InputShapes.IsObject(baseObject))
            {
                rows.AddCell(valueField, FieldValues.Anchor(baseObject) ?? string.Empty);
                rows.EndRow();
            }
            else
            {
                rows.Add(values, reader.Read(input!, values, out _, out _));
            }
        }
        catch (InputRejectedException refusal)
        {
            failed[Count] = refusal;
            rows.AddCell(valueField, string.Empty);
            rows.EndRow();
        }
        Count++;
    }

    /// <summary>Resolves every input added; read the outcome with <see cref="Succeeded"/>.</summary>
    internal unsafe void Resolve(SourceAnchorAttribute attribute, AnchorSpelling? spelling)
    {
        if (spellings.Length < Count)
        {
            spellings = new uint[Count];
            sources = new uint[Count];
            anchors = new byte[Count * NativeMethods.AnchorLength];
        }
        const string Function = nameof(NativeMethods.syncmatch_anchor_resolve_rows);
        uint code = spelling is { } given ? (uint)given : 0;
        List<NativeFailure> failures = rows.SendTo(
            (native, page) =>
            {
                fixed (byte* anchorPointer = anchors)
                fixed (uint* spellingPointer = spellings)
                fixed (uint* sourcePointer = sources)
                {
                    return NativeMethods.syncmatch_anchor_resolve_rows(
                        native, (uint)attribute, code, anchorPointer, (nuint)anchors.Length, spellingPointer, (nuint)spellings.Length, sourcePointer, (nuint)sources.Length, page);
                }
            },
            Function);
        foreach (NativeFailure failure in failures)
        {
            failed.TryAdd(checked((int)failure.Index), failure.ToException());
        }
    }

    internal bool Succeeded(int index) => !failed.ContainsKey(index);

    /// <summary>Why input <paramref name="index"/> failed, in the native library's words (or the input bounds').</summary>
    internal Exception Explain(int index) => failed[index];

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

    /// <summary>Resolves the one input added: its anchor, spelling and where it was read from, or throws why not.</summary>
    internal (Guid Anchor, AnchorSpelling ReadAs, AnchorSource ReadFrom) ResolveOne(SourceAnchorAttribute attribute, AnchorSpelling? spelling)
    {
        Resolve(attribute, spelling);
        if (!Succeeded(0))
        {
            throw Explain(0);
        }
        return (new Guid(anchors.AsSpan(0, NativeMethods.AnchorLength)), (AnchorSpelling)spellings[0], (AnchorSource)sources[0]);
    }
}
