// Reads a named property of a pipeline object. For [pscustomobject]s and Import-Csv rows it reads
// PowerShell's own collection of the object's note properties, which is about twice as fast as
// PSObject.Properties (that also asks the adapters and type tables): it matters at a million
// objects. The collection is not public API, so it is looked up once, by reflection, and the
// public path takes over whenever the fast one cannot answer: when it throws (a future
// PowerShell), it is dropped for good; when it misses, the public path is asked too, since a
// property can come from the type tables (Update-TypeData) and not the object itself. Which
// (type name, property) pairs the public path never finds either is remembered, so objects that
// simply lack a property stay fast; each cmdlet run starts that memory afresh.
using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Reflection;

namespace SyncMatch;

internal static class PropertyReader
{
    // Not readonly: tests replace it with one that fails, as a future PowerShell might.
    private static Func<PSObject, PSMemberInfoCollection<PSMemberInfo>>? noteProperties = FindNoteProperties();

    private static readonly ConcurrentDictionary<(string TypeName, string Property), bool> PublicOnlyMisses = new();

    /// <summary>Forgets which properties the type tables lacked (they may have changed since the last run).</summary>
    internal static void ResetTypeTableMemory() => PublicOnlyMisses.Clear();

    /// <summary>The value of property <paramref name="name"/> (any case), or null when there is none or it cannot be read.</summary>
    internal static object? Read(PSObject input, string name)
    {
        PSMemberInfo? member = input.BaseObject is PSCustomObject && noteProperties is { } fast
            ? FastThenPublic(fast, input, name)
            : input.Properties[name];
        if (member is not PSPropertyInfo property)
        {
            return null;
        }
        try
        {
            return property.Value;
        }
        catch (GetValueException)
        {
            return null;
        }
    }

    private static PSMemberInfo? FastThenPublic(Func<PSObject, PSMemberInfoCollection<PSMemberInfo>> fast, PSObject input, string name)
    {
        PSMemberInfo? member;
        try
        {
            member = fast(input)[name];
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // The internal member changed under us: the public API answers from now on.
            noteProperties = null;
            return input.Properties[name];
        }
        if (member is not null)
        {
            return member;
        }
        string typeName = input.TypeNames.Count > 0 ? input.TypeNames[0] : string.Empty;
        if (PublicOnlyMisses.TryGetValue((typeName, name), out bool absent) && absent)
        {
            return null;
        }
        member = input.Properties[name];
        PublicOnlyMisses[(typeName, name)] = member is null;
        return member;
    }

    private static Func<PSObject, PSMemberInfoCollection<PSMemberInfo>>? FindNoteProperties()
    {
        try
        {
            MethodInfo? getter = typeof(PSObject)
                .GetProperty("InstanceMembers", BindingFlags.NonPublic | BindingFlags.Instance)?
                .GetGetMethod(nonPublic: true);
            if (getter is null || !typeof(PSMemberInfoCollection<PSMemberInfo>).IsAssignableFrom(getter.ReturnType))
            {
                return null;
            }
            return (Func<PSObject, PSMemberInfoCollection<PSMemberInfo>>)Delegate.CreateDelegate(
                typeof(Func<PSObject, PSMemberInfoCollection<PSMemberInfo>>), getter);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
