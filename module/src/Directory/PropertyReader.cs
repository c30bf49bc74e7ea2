// Reads named properties of one pipeline object. For [pscustomobject]s and Import-Csv rows it
// reads PowerShell's own collection of the object's note properties, which is about twice as fast
// as PSObject.Properties (that also asks the adapters and type tables): it matters at a million
// objects. That collection is not public API, so it is looked up once, by reflection, and the
// public path takes over whenever the fast one cannot answer: when it throws (a future
// PowerShell), it is dropped for good; when it misses, the public path is asked too, since a
// property can come from the type tables (Update-TypeData) and not the object itself. Which
// names the type tables lack, per type name, is remembered, so objects that simply lack a
// property stay fast; each cmdlet run starts that memory afresh, and each runspace has its own
// (type data can differ between runspaces: one must not make another skip a ScriptProperty). The type name is read from
// PowerShell's internal list as well: the public PSObject.TypeNames copies a shared list into a
// new one for every object it is asked of, which costs more than the whole read.
using System;
using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace SyncMatch.Directory;

internal struct PropertyReader
{
    // Not readonly: tests replace them with ones that fail, as a future PowerShell might.
    private static Func<PSObject, PSMemberInfoCollection<PSMemberInfo>>? noteProperties = FindInternal<PSMemberInfoCollection<PSMemberInfo>>("InstanceMembers");
    private static Func<PSObject, Collection<string>>? typeNames = FindInternal<Collection<string>>("InternalTypeNames");

    // Per runspace, per type name: the properties neither the object nor the type tables had.
    private static readonly ConditionalWeakTable<Runspace, ConcurrentDictionary<string, ConcurrentDictionary<string, bool>>> AbsentByRunspace = new();
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> AbsentWithoutRunspace = new();

    /// <summary>The memory of the runspace this thread runs (objects are read on the pipeline thread).</summary>
    private static ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> Absent =>
        Runspace.DefaultRunspace is { } runspace ? AbsentByRunspace.GetValue(runspace, _ => new()) : AbsentWithoutRunspace;

    private readonly PSObject input;
    private readonly PSMemberInfoCollection<PSMemberInfo>? instanceMembers;

    // This object's type name's set of absent properties, looked up at its first miss.
    private ConcurrentDictionary<string, bool>? absent;

    private PropertyReader(PSObject input, PSMemberInfoCollection<PSMemberInfo>? instanceMembers)
    {
        this.input = input;
        this.instanceMembers = instanceMembers;
        absent = null;
    }

    /// <summary>A reader for one object; read its properties with <see cref="Read"/>.</summary>
    internal static PropertyReader For(PSObject input)
    {
        if (input.BaseObject is PSCustomObject && noteProperties is { } fast)
        {
            try
            {
                return new PropertyReader(input, fast(input));
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                // The internal member changed under us: the public API answers from now on.
                noteProperties = null;
            }
        }
        return new PropertyReader(input, null);
    }

    /// <summary>Forgets which properties the type tables lacked (they may have changed since the last run).</summary>
    internal static void ResetTypeTableMemory() => Absent.Clear();

    /// <summary>The value of property <paramref name="name"/> (any case), or null when there is none; one that cannot be read throws <see cref="InputRejectedException"/>.</summary>
    internal object? Read(string name)
    {
        TryRead(name, out object? value);
        return value;
    }

    /// <summary>Whether the object has property <paramref name="name"/> (any case), even with a null value; the value in <paramref name="value"/>.</summary>
    internal bool TryRead(string name, out object? value)
    {
        value = null;
        PSMemberInfo? member = instanceMembers is null ? input.Properties[name] : FastThenPublic(name);
        if (member is not PSPropertyInfo property)
        {
            return false;
        }
        try
        {
            value = property.Value;
        }
        catch (Exception failure) when (InputRejectedException.IsReadFailure(failure))
        {
            // A getter that throws is not "no value": that input is refused, naming the property.
            throw InputRejectedException.Unreadable(failure).In(property.Name);
        }
        return true;
    }

    private PSMemberInfo? FastThenPublic(string name)
    {
        PSMemberInfo? member;
        try
        {
            member = instanceMembers![name];
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            noteProperties = null;
            return input.Properties[name];
        }
        if (member is not null)
        {
            return member;
        }
        absent ??= Absent.GetOrAdd(FirstTypeName(input), _ => new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase));
        if (absent.ContainsKey(name))
        {
            return null;
        }
        member = input.Properties[name];
        if (member is null)
        {
            absent.TryAdd(name, true);
        }
        return member;
    }

    private static string FirstTypeName(PSObject input)
    {
        if (typeNames is { } fast)
        {
            try
            {
                Collection<string> names = fast(input);
                return names.Count > 0 ? names[0] : string.Empty;
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                typeNames = null;
            }
        }
        return input.TypeNames.Count > 0 ? input.TypeNames[0] : string.Empty;
    }

    /// <summary>A delegate for one of PSObject's internal instance properties, or null when this PowerShell has no such property.</summary>
    private static Func<PSObject, T>? FindInternal<T>(string name)
    {
        try
        {
            MethodInfo? getter = typeof(PSObject)
                .GetProperty(name, BindingFlags.NonPublic | BindingFlags.Instance)?
                .GetGetMethod(nonPublic: true);
            if (getter is null || !typeof(T).IsAssignableFrom(getter.ReturnType))
            {
                return null;
            }
            return (Func<PSObject, T>)Delegate.CreateDelegate(typeof(Func<PSObject, T>), getter);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
