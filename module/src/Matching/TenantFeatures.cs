// The tenant's directory synchronization features as Graph returns them
// (Get-MgDirectoryOnPremiseSynchronization → Features, an onPremisesDirectorySynchronizationFeature):
// the four the prediction models. Absent features stay unknown, so the parameters' defaults hold.
using System;
using System.Collections;
using System.Management.Automation;
using SyncMatch.Directory;

namespace SyncMatch.Matching;

internal sealed record TenantFeatures(bool? SoftMatchOnUpn, bool? BlockSoftMatch, bool? BlockHardMatchTakeover, bool? SynchronizeUpnForManagedUsers = null)
{
    private static readonly PropertyTable Names = new(
        4,
        ("SoftMatchOnUpnEnabled", 0),
        ("BlockSoftMatchEnabled", 1),
        ("BlockCloudObjectTakeoverThroughHardMatchEnabled", 2),
        ("SynchronizeUpnForManagedUsersEnabled", 3));

    /// <summary>
    /// Reads Get-MgDirectoryOnPremiseSynchronization's object (or a one-item array of it), its
    /// Features, or a hashtable of the feature names; anything without one of the four is an
    /// <see cref="ArgumentException"/>.
    /// </summary>
    internal static TenantFeatures Read(object setting)
    {
        object value = setting is PSObject wrapped ? wrapped.BaseObject : setting;
        if (value is IList { Count: 1 } single && value is not IDictionary)
        {
            return Read(single[0] ?? throw Invalid());
        }
        if (!InputShapes.IsObject(value))
        {
            throw Invalid();
        }
        object source = FeaturesOf(setting) ?? setting;
        var flags = new object?[4];
        ulong present;
        try
        {
            Names.Read(source, flags, out present);
        }
        catch (InputRejectedException unreadable)
        {
            throw new ArgumentException($"-TenantSetting could not be read: {unreadable.Message}", unreadable);
        }
        if (present == 0)
        {
            throw Invalid();
        }
        return new TenantFeatures(FieldValues.Flag(flags[0]), FieldValues.Flag(flags[1]), FieldValues.Flag(flags[2]), FieldValues.Flag(flags[3]));
    }

    /// <summary>The Features property (or key), kept as given: a [pscustomobject]'s properties live on its PSObject.</summary>
    private static object? FeaturesOf(object setting)
    {
        object value = setting is PSObject wrapped ? wrapped.BaseObject : setting;
        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (entry.Key is string key && key.Equals("Features", StringComparison.OrdinalIgnoreCase))
                {
                    return entry.Value;
                }
            }
            return null;
        }
        return PSObject.AsPSObject(setting).Properties["Features"]?.Value;
    }

    private static ArgumentException Invalid() => new(
        "-TenantSetting takes what Get-MgDirectoryOnPremiseSynchronization returns (or its Features): an object with SoftMatchOnUpnEnabled, BlockSoftMatchEnabled or BlockCloudObjectTakeoverThroughHardMatchEnabled.");
}
