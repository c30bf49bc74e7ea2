// Folder Commands/: one file per cmdlet, and this base. The top of the module: it may import every
// other folder; nothing imports it.
//
// What every SyncMatch cmdlet shares: the native library is checked once before any input is
// read, and a failure there is terminating, because no input could succeed without it.
using System.Management.Automation;
using System;
using System.Collections.Generic;
using System.Linq;
using SyncMatch.Directory;
using SyncMatch.Native;
using SyncMatch.Text;

namespace SyncMatch.Commands;

/// <summary>Base of the SyncMatch cmdlets.</summary>
public abstract class SyncMatchCmdlet : PSCmdlet
{
    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        PropertyReader.ResetTypeTableMemory();
        try
        {
            NativeLibraryLoader.EnsureLoaded();
        }
        catch (InvalidOperationException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "NativeLibraryUnavailable", ErrorCategory.ResourceUnavailable, NativeLibraryLoader.LibraryPath));
        }
    }

    /// <summary>
    /// A terminating NoInput error when a cmdlet whose input parameter is optional (mandatory
    /// pipeline parameters cost the binder time on every item) got neither pipeline input nor
    /// that parameter.
    /// </summary>
    private protected void RequireInput(string parameterName, string what)
    {
        if (!MyInvocation.ExpectingInput && !MyInvocation.BoundParameters.ContainsKey(parameterName))
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"Nothing to do: pipe {what} into {MyInvocation.MyCommand.Name}, or pass -{parameterName}."),
                "NoInput", ErrorCategory.InvalidArgument, null));
        }
    }

    /// <summary>
    /// A text parameter's values held to the input bounds (a lone surrogate in -VerifiedDomain
    /// would otherwise be rewritten on its way to the native library); a refusal terminates,
    /// since no input could be answered without the parameter.
    /// </summary>
    private protected string[] CheckedParameter(string[]? values, string parameterName)
    {
        foreach (string value in values ?? Array.Empty<string>())
        {
            try
            {
                InputValues.Checked(value);
            }
            catch (InputRejectedException rejected)
            {
                ThrowTerminatingError(rejected.In("-" + parameterName).ToErrorRecord(value));
            }
        }
        return values ?? Array.Empty<string>();
    }

    /// <summary>
    /// The verified domain names in -VerifiedDomain: strings as given; Get-MgDomain objects by
    /// their Id, only those with IsVerified true (Get-MgDomain lists every domain added to the
    /// tenant, verified or not). Anything else is a terminating InvalidVerifiedDomain error.
    /// </summary>
    private protected string[] VerifiedDomainNames(object?[]? values) =>
        DomainNames(values, "VerifiedDomain", "IsVerified", domain => FieldValues.Flag(domain.Properties["IsVerified"]?.Value) != false);

    /// <summary>
    /// Domain names from a domain parameter: strings as given; Get-MgDomain objects by their Id
    /// when <paramref name="counts"/> holds for them (read from <paramref name="property"/>).
    /// </summary>
    private protected string[] DomainNames(object?[]? values, string parameter, string property, Func<PSObject, bool> counts)
    {
        var names = new List<string>();
        foreach (object? item in values ?? Array.Empty<object?>())
        {
            object? value = item is PSObject wrapped ? wrapped.BaseObject : item;
            if (value is string name)
            {
                names.Add(name);
                continue;
            }
            // Read through the PSObject as given: a [pscustomobject]'s properties live on it, not on its base.
            PSObject domain = item as PSObject ?? PSObject.AsPSObject(value ?? string.Empty);
            if (value is null || domain.Properties["Id"]?.Value is not string id)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException($"-{parameter} takes domain names or Get-MgDomain objects (with Id and {property})."),
                    $"Invalid{parameter}", ErrorCategory.InvalidArgument, item));
                continue;
            }
            if (counts(domain))
            {
                names.Add(id);
            }
        }
        return CheckedParameter(names.ToArray(), parameter);
    }

    /// <summary>
    /// What a cmdlet does with each kind of input item (see <see cref="Accept"/>): made once per
    /// run, so a million items allocate no delegates.
    /// </summary>
    /// <param name="What">What an item must be, for the errors ("a directory object").</param>
    /// <param name="Export">An export: more rows, read in the core.</param>
    /// <param name="Read">An object with properties.</param>
    /// <param name="Refused">Hears of an input refused, after its error record is written.</param>
    private protected sealed record InputDoor(
        string What, Action<DirectoryExport> Export, Action<object> Read, Action<object, InputRejectedException>? Refused = null);

    /// <summary>
    /// The one front door for an input item, in every cmdlet that reads directory input: an
    /// export is more rows (<see cref="InputDoor.Export"/>); $null is a NullInput error; anything
    /// else must be an object with properties and is read by <see cref="InputDoor.Read"/>. An
    /// input refused (not an object, or a value the input bounds refuse) gets its error record
    /// here, then <see cref="InputDoor.Refused"/> hears of it.
    /// </summary>
    private protected void Accept(object? item, InputDoor door)
    {
        if (AsExport(item) is { } file)
        {
            door.Export(file);
            return;
        }
        if (item is null)
        {
            WriteError(new ErrorRecord(
                new PSArgumentNullException(nameof(item), $"A null input is not {door.What}; it was skipped."),
                "NullInput", ErrorCategory.InvalidArgument, null));
            return;
        }
        try
        {
            InputShapes.RequireObject(item, door.What);
            door.Read(item);
        }
        catch (InputRejectedException rejected)
        {
            WriteError(rejected.ToErrorRecord(item));
            door.Refused?.Invoke(item, rejected);
        }
    }

    /// <summary>Writes the warnings an input earns (the core's words), once each.</summary>
    private protected void WriteWarnings(IEnumerable<string> warnings)
    {
        foreach (string warning in warnings)
        {
            WriteWarning(warning);
        }
    }

    /// <summary>The inputs one binding of the pipeline parameter stands for (see <see cref="InputShapes.Items"/>).</summary>
    private protected InputItems InputItems(object? input) => InputShapes.Items(input, MyInvocation.ExpectingInput);

    /// <summary>Writes a per-input failure (native, or refused by the input bounds) as a non-terminating error; the pipeline goes on.</summary>
    private protected void WriteInputError(Exception failure, object? target) => WriteError(failure switch
    {
        NativeException native => native.ToErrorRecord(target),
        InputRejectedException refused => refused.ToErrorRecord(target),
        ArgumentNullException => new ErrorRecord(failure, "NullInput", ErrorCategory.InvalidArgument, target),
        _ => new ErrorRecord(failure, "NativeCallFailed", ErrorCategory.NotSpecified, target),
    });

    /// <summary>An LDAP attribute name: a letter, then letters, digits and hyphens.</summary>
    private protected static bool IsLdapName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>
    /// The deployment's source anchor as the native setting, and the reader of an on-premises
    /// user (or another <paramref name="entity"/>) under it: a custom attribute's value is read
    /// into the CustomAnchor field.
    /// </summary>
    private protected (uint Setting, EntityReader Reader) SourceAnchorSetting(string sourceAnchorAttribute, Entity entity = Entity.OnPremisesUser)
    {
        string name = sourceAnchorAttribute.Trim();
        if (name.Equals("Auto", StringComparison.OrdinalIgnoreCase))
        {
            return ((uint)SyncMatch.SourceAnchorAttribute.Auto, EntityReader.For(entity));
        }
        if (name.Equals("ObjectGUID", StringComparison.OrdinalIgnoreCase))
        {
            return ((uint)SyncMatch.SourceAnchorAttribute.ObjectGuid, EntityReader.For(entity));
        }
        if (name.Equals("ConsistencyGuid", StringComparison.OrdinalIgnoreCase) || name.Equals("mS-DS-ConsistencyGuid", StringComparison.OrdinalIgnoreCase))
        {
            return ((uint)SyncMatch.SourceAnchorAttribute.ConsistencyGuid, EntityReader.For(entity));
        }
        if (!IsLdapName(name))
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"-SourceAnchorAttribute '{DisplayText.WellFormed(name)}' is not an attribute name: use Auto, ConsistencyGuid, ObjectGUID, or the LDAP name of the custom attribute the deployment uses (such as employeeID)."),
                "InvalidSourceAnchorAttribute", ErrorCategory.InvalidArgument, sourceAnchorAttribute));
        }
        if (Schema.Current.RefusedAnchorAttributes.TryGetValue(name, out string? why))
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"-SourceAnchorAttribute {name}: {why}."),
                "InvalidSourceAnchorAttribute", ErrorCategory.InvalidArgument, sourceAnchorAttribute));
        }
        return (NativePredictionSettings.CustomAnchorAttribute, EntityReader.For(entity).With(name, "CustomAnchor"));
    }

    /// <summary>
    /// The refusal of a $null -CloudUser: most often an unset variable, and predicting against no
    /// cloud users would say every user is created, a clean and wrong plan. An empty tenant is @().
    /// </summary>
    private protected static ErrorRecord CloudUserNull() => new(
        new PSArgumentNullException("CloudUser", $"-CloudUser is $null. Pass the tenant's users ({Schema.Current.GetMgUserCommand}), or @() for a tenant that has none."),
        "CloudUserNull", ErrorCategory.InvalidArgument, null);

    /// <summary>
    /// A list parameter given as $null (an unset variable, most often) is refused whole: read as
    /// "not given" it would switch a guard rail off. A $null element is that element's error.
    /// </summary>
    private protected void RefuseNullParameter(string parameter, object?[]? value)
    {
        if (value is null && MyInvocation.BoundParameters.ContainsKey(parameter))
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentNullException(parameter, $"-{parameter} is $null: pass the list (@() for none)."),
                "ParameterNull", ErrorCategory.InvalidArgument, null));
        }
    }

    /// <summary>The export an input item is, if it is one.</summary>
    private protected static DirectoryExport? AsExport(object? item) => (item is PSObject wrapped ? wrapped.BaseObject : item) as DirectoryExport;

    /// <summary>How many users <paramref name="items"/> hold: an export counts its rows, any other item is one.</summary>
    private protected static long UserCount(object?[]? items)
    {
        long count = 0;
        foreach (object? item in items ?? Array.Empty<object?>())
        {
            count += AsExport(item)?.RowCount ?? 1;
        }
        return count;
    }

    /// <summary>
    /// The exports among <paramref name="items"/> and the runs of other items between them, in the
    /// order given (the first holder of a key wins, so order matters): each export alone, or a
    /// run with the position of its first item.
    /// </summary>
    private protected static IEnumerable<(DirectoryExport? Export, ArraySegment<object?> Run, int Offset)> ExportsAndRuns(object?[] items)
    {
        int runStart = 0;
        for (int i = 0; i <= items.Length; i++)
        {
            DirectoryExport? export = i < items.Length ? AsExport(items[i]) : null;
            if (i < items.Length && export is null)
            {
                continue;
            }
            if (i > runStart)
            {
                yield return (null, new ArraySegment<object?>(items, runStart, i - runStart), runStart);
            }
            if (export is not null)
            {
                yield return (export, default, i);
            }
            runStart = i + 1;
        }
    }

    /// <summary>The export column a custom source anchor is read from; null for the GUID settings.</summary>
    private protected static string? CustomAnchorColumn(uint setting, string sourceAnchorAttribute) =>
        setting == NativePredictionSettings.CustomAnchorAttribute ? sourceAnchorAttribute.Trim() : null;

    /// <summary>
    /// Whether <paramref name="export"/> has <paramref name="column"/>, a column the admin names
    /// (none: nothing needed); when not, writes the error naming the file's columns.
    /// </summary>
    private protected bool HasColumn(DirectoryExport export, string? column)
    {
        if (column is null || export.IsCloud)
        {
            return true;
        }
        try
        {
            export.RequireColumn(column);
            return true;
        }
        catch (NativeException missing)
        {
            WriteError(missing.ToErrorRecord(export));
            return false;
        }
    }
}
