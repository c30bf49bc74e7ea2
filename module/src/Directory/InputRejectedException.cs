// An input the module refuses before it reaches the native library: nested too deep (a
// collection that contains itself), not well-formed Unicode (a lone UTF-16 surrogate), larger
// than any attribute can be, or ambiguous. Each is an error for that input alone, never a rewrite.
using System.Management.Automation;
using System;
using SyncMatch.Text;

namespace SyncMatch.Directory;

internal sealed class InputRejectedException : Exception, IContainsErrorRecord
{
    private InputRejectedException(string errorId, string message, bool structural = false)
        : base(message)
    {
        ErrorId = errorId;
        Structural = structural;
    }

    /// <summary>The input's shape is at fault (nested too deep, too many values), not one value: the whole input is refused.</summary>
    internal bool Structural { get; }

    /// <summary>The stable error id a PowerShell user filters on.</summary>
    internal string ErrorId { get; }

    /// <inheritdoc/>
    public ErrorRecord ErrorRecord => ToErrorRecord(null);

    internal ErrorRecord ToErrorRecord(object? target) => new(this, ErrorId, ErrorCategory.InvalidData, target);

    /// <summary>The same failure, naming the attribute it was found in.</summary>
    internal InputRejectedException In(string attribute) => new(ErrorId, $"{attribute}: {Message}", Structural);

    internal static InputRejectedException TooDeep() => new(
        "NestingTooDeep",
        $"the value nests collections more than {InputValues.MaxDepth} levels deep (a collection that contains itself?); an attribute value is text or a list of texts.",
        structural: true);

    internal static InputRejectedException TooManyValues(int visited) => new(
        "NestingTooDeep",
        $"the value holds more than {visited - 1:N0} items in nested collections (a collection that contains itself?); an attribute value is text or a list of texts.",
        structural: true);

    internal static InputRejectedException LoneSurrogate(int index) => new(
        "InvalidUnicode",
        $"the value is not well-formed Unicode: character {index + 1} is half of a UTF-16 surrogate pair. It cannot be compared or sent to Entra ID as it is; fix the value in the source.");

    internal static InputRejectedException TooLong(int length) => new(
        "ValueTooLarge",
        $"the value is {length:N0} characters long, more than any directory attribute can hold ({InputValues.MaxValueLength:N0}).");

    internal static InputRejectedException ObjectTooLarge(long length) => new(
        "ValueTooLarge",
        $"the object's values add up to {length:N0} characters, more than a directory object can hold ({InputValues.MaxObjectLength:N0}).");

    internal static InputRejectedException AmbiguousKey(string first, string second) => new(
        "AmbiguousProperty",
        $"the hashtable has both '{DisplayText.Escape(first)}' and '{DisplayText.Escape(second)}', which name the same attribute (names are compared without case); keep one.");

    internal static InputRejectedException NoColumns(object value) => new(
        "InvalidInputObject",
        $"a {value.GetType().Name} has no properties to write as columns; the first object sets the file's columns.");

    /// <summary>
    /// Whether <paramref name="failure"/>, thrown while a value was read, is that input's
    /// <see cref="Unreadable"/> error: anything but the process's own failures and a refusal
    /// already made.
    /// </summary>
    internal static bool IsReadFailure(Exception failure) =>
        failure is not (OutOfMemoryException or StackOverflowException or InputRejectedException);

    /// <summary>A value that threw while it was read (a getter's GetValueException is named by what it wraps).</summary>
    internal static InputRejectedException Unreadable(Exception failure)
    {
        Exception cause = failure is GetValueException { InnerException: { } inner } ? inner : failure;
        return new(
            "PropertyUnreadable",
            $"the value could not be read ({cause.GetType().Name}: {DisplayText.Escape(cause.Message)}): a property that throws, a value whose text throws, or a collection that failed while it was listed (a directory read that dropped). No answer is given from a value that could not be read; read the object again.");
    }

    internal static InputRejectedException NotAList(object value) => new(
        "InvalidValueShape",
        $"a {value.GetType().Name} is not a value or a list of values: give text, or a list of texts (a hashtable, a char[] or a list of several inside the list would be read as one wrong value).");

    internal static InputRejectedException NoExpectedProperty(string what, string expected) => new(
        "NoExpectedProperty",
        $"the object has none of the properties {what} is read by ({expected}). An ADSI SearchResult (DirectorySearcher) keeps its values under .Properties: pass Get-ADUser output, Import-Csv rows or [pscustomobject]s.");

    internal static InputRejectedException NotAnObject(string what, object value) => new(
        "InvalidInputObject",
        $"a {value.GetType().Name} is not {what}; pass objects with properties (Get-ADUser output, Import-Csv rows, [pscustomobject]s or hashtables).");
}
