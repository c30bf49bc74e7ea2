// Which pipeline inputs can be directory objects or cloud users at all: objects with properties
// (Get-ADUser / Get-MgUser output, [pscustomobject]s, Import-Csv rows, hashtables). A string, a
// number, a GUID, an array or a script block is not: read by its properties it would look like an
// object with no attributes (a ScriptBlock even has an Id) and yield a clean, wrong answer.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace SyncMatch.Directory;

internal static class InputShapes
{
    /// <summary>Whether the input is an object whose properties can be read as attributes.</summary>
    internal static bool IsObject(object input)
    {
        object value = input is PSObject wrapped ? wrapped.BaseObject : input;
        return value switch
        {
            string or ScriptBlock or Guid or byte[] => false,
            IDictionary or PSCustomObject => true,
            IEnumerable => false,
            _ => !value.GetType().IsPrimitive && value is not Enum,
        };
    }

    /// <summary>Throws <see cref="InputRejectedException"/> (InvalidInputObject) for an input that is not an object.</summary>
    internal static void RequireObject(object input, string what)
    {
        if (!IsObject(input))
        {
            throw InputRejectedException.NotAnObject(what, input is PSObject wrapped ? wrapped.BaseObject : input);
        }
    }

    /// <summary>
    /// The inputs one binding of a pipeline parameter stands for: an array passed as a parameter
    /// (not from the pipeline) is its elements, as the pipeline would have sent them; anything
    /// else is itself (a byte[] or char[] is one value, never its elements).
    /// </summary>
    internal static InputItems Items(object? input, bool fromPipeline)
    {
        object? value = input is PSObject wrapped ? wrapped.BaseObject : input;
        if (fromPipeline || value is not Array array || value is byte[] or char[])
        {
            return new InputItems(input, null);
        }
        if (array.Rank != 1)
        {
            // A multidimensional array: its elements in order, as foreach visits them.
            var flat = new List<object?>(array.Length);
            foreach (object? item in array)
            {
                flat.Add(item);
            }
            array = flat.ToArray();
        }
        return new InputItems(null, array);
    }
}

/// <summary>
/// The inputs of one binding: one input, or an array's elements. A struct with a struct
/// enumerator, so the one-input case (every object from the pipeline) allocates nothing.
/// </summary>
internal readonly struct InputItems
{
    private readonly object? single;
    private readonly Array? array;

    internal InputItems(object? single, Array? array)
    {
        this.single = single;
        this.array = array;
    }

    public Enumerator GetEnumerator() => new(single, array);

    internal struct Enumerator
    {
        private readonly object? single;
        private readonly Array? array;
        private int next;

        internal Enumerator(object? single, Array? array)
        {
            this.single = single;
            this.array = array;
            next = 0;
            Current = null;
        }

        public object? Current { get; private set; }

        public bool MoveNext()
        {
            int count = array?.Length ?? 1;
            if (next >= count)
            {
                return false;
            }
            Current = array is null ? single : array.GetValue(next);
            next++;
            return true;
        }
    }
}
