// Reads a named property of a pipeline object. For [pscustomobject]s and Import-Csv rows it reads
// PowerShell's own collection of the object's note properties, which is about twice as fast as
// PSObject.Properties (that also asks the adapters and type tables): it matters at a million
// objects. The collection is not public API, so it is looked up once, by reflection, and when a
// PowerShell version does not have it every object takes the public path.
using System;
using System.Management.Automation;
using System.Reflection;

namespace SyncMatch;

internal static class PropertyReader
{
    private static readonly Func<PSObject, PSMemberInfoCollection<PSMemberInfo>>? NoteProperties = FindNoteProperties();

    /// <summary>The value of property <paramref name="name"/> (any case), or null when there is none or it cannot be read.</summary>
    internal static object? Read(PSObject input, string name)
    {
        PSMemberInfo? member = NoteProperties is not null && input.BaseObject is PSCustomObject
            ? NoteProperties(input)[name]
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
