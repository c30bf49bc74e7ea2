// Reads one pipeline object as an entity of the input schema: its property table and the kind of
// each field come from the native library's description (Schema), so this reader lists no
// attribute. What it reads is brought to what crosses (FieldValues) on the pipeline thread, where
// PowerShell objects may be touched; RowBatch writes it as cells.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace SyncMatch.Directory;

internal sealed class EntityReader
{
    private readonly PropertyTable table;
    private readonly FieldKind[] kinds;
    private readonly int shapeField;
    private readonly EntityReader? fallback;
    private readonly int[] fallbackWhenAbsent;
    private readonly object?[] fallbackValues;

    private readonly List<(string Name, int Field)> names;

    private EntityReader(Schema schema, IEnumerable<(string Name, int Field)> names, EntityReader? fallback, int[] whenAbsent)
    {
        kinds = schema.Kinds;
        this.names = names.ToList();
        table = new PropertyTable(schema.FieldCount, this.names.ToArray());
        this.fallback = fallback;
        fallbackWhenAbsent = whenAbsent;
        fallbackValues = fallback is null ? Array.Empty<object?>() : new object?[schema.FieldCount];
        shapeField = fallback is null ? -1 : schema.Field("CloudObjectType");
    }

    /// <summary>A reader of the entities given, in the schema's order of preference.</summary>
    internal static EntityReader For(params Entity[] entities) => For(Schema.Current, entities);

    /// <summary>
    /// This reader, reading also the property <paramref name="attribute"/> (a name the admin gives:
    /// a custom source anchor, the sign-in attribute) into <paramref name="field"/>. A name the
    /// schema reads already feeds both fields (-UserPrincipalNameAttribute mail still reads mail).
    /// </summary>
    internal EntityReader With(string attribute, string field) =>
        new(Schema.Current, names.Append((attribute, Schema.Current.Field(field))), fallback, fallbackWhenAbsent);

    /// <summary>This reader's names and those <paramref name="entity"/> reads besides: one read for two purposes.</summary>
    internal EntityReader And(Entity entity) =>
        new(Schema.Current, names.Concat(Schema.Current.NamesOf(entity).Where(name => !names.Exists(known => known.Field == name.Field && string.Equals(known.Name, name.Name, StringComparison.OrdinalIgnoreCase)))), null, Array.Empty<int>());

    private static EntityReader For(Schema schema, Entity[] entities)
    {
        var names = new List<(string, int)>();
        foreach (Entity entity in entities)
        {
            foreach ((string name, int field) in schema.NamesOf(entity))
            {
                if (!names.Exists(known => string.Equals(known.Item1, name, StringComparison.OrdinalIgnoreCase)))
                {
                    names.Add((name, field));
                }
            }
        }
        // A field two entities share has one name in each (the schema holds a name to one
        // field), so the first entity's order of preference stands.
        EntityReader? fallback = null;
        int[] whenAbsent = Array.Empty<int>();
        if (entities.Length == 1 && schema.FallbackOf(entities[0]) is { } shape)
        {
            fallback = new EntityReader(schema, schema.NamesOf(shape.Entity), null, Array.Empty<int>());
            whenAbsent = shape.WhenAbsent;
        }
        return new EntityReader(schema, names, fallback, whenAbsent);
    }

    /// <summary>The name a field is shown by in messages.</summary>
    internal string NameOf(int field) => table.NameOf(field);

    /// <summary>
    /// Reads <paramref name="input"/> (an object: InputShapes said so) into <paramref name="values"/>,
    /// by field number, as they cross; <paramref name="present"/> gets a bit per field it has a
    /// property for (even one holding null), <paramref name="valued"/> one per field with a value.
    /// Returns the characters read. A value the input bounds refuse throws
    /// <see cref="InputRejectedException"/> naming the attribute.
    /// </summary>
    internal long Read(object input, object?[] values, out ulong present, out ulong valued)
    {
        table.Read(input, values, out present);
        if (present == 0 && PSObject.AsPSObject(input).BaseObject is not IDictionary { Count: 0 })
        {
            throw InputRejectedException.NoExpectedProperty(
                "SyncMatch", string.Join(", ", names.Select(name => name.Name).Distinct(StringComparer.OrdinalIgnoreCase).Take(6)) + ", …");
        }
        valued = 0;
        long total = 0;
        for (int field = 0; field < values.Length; field++)
        {
            if (values[field] is null)
            {
                continue;
            }
            valued |= 1UL << field;
            try
            {
                values[field] = FieldValues.ForKind(kinds[field], values[field]);
            }
            catch (InputRejectedException rejected)
            {
                throw rejected.In(table.NameOf(field));
            }
            catch (Exception failure) when (InputRejectedException.IsReadFailure(failure))
            {
                // ToString() that throws, or a live collection that fails while it is listed.
                throw InputRejectedException.Unreadable(failure).In(table.NameOf(field));
            }
            total += FieldValues.Length(values[field]);
        }
        if (fallback is not null && Array.TrueForAll(fallbackWhenAbsent, field => IsBlank(values[field])))
        {
            ReadShape(input, values);
        }
        if (total > InputValues.MaxObjectLength)
        {
            throw InputRejectedException.ObjectTooLarge(total);
        }
        return total;
    }

    private static bool IsBlank(object? value) => value is null || (value is string text && string.IsNullOrWhiteSpace(text));

    /// <summary>
    /// What an object without a UPN or a type shows of its type (every user has a UPN, so a
    /// million users pay nothing for it): Graph's '@odata.type' among its AdditionalProperties or
    /// its PowerShell type name (both object shapes only PowerShell sees), else the properties
    /// only Get-MgGroup or Get-MgContact objects have (the schema's CloudShape), present even
    /// when null.
    /// </summary>
    private void ReadShape(object input, object?[] values)
    {
        if (PowerShellType(input) is { } type)
        {
            values[shapeField] = type;
            return;
        }
        fallback!.table.Read(input, fallbackValues, out ulong present);
        for (int field = 0; field < fallbackValues.Length; field++)
        {
            if ((present & (1UL << field)) != 0)
            {
                values[field] = string.Empty;
            }
        }
    }

    private static string? PowerShellType(object input)
    {
        PSObject wrapped = PSObject.AsPSObject(input);
        if (wrapped.Properties["AdditionalProperties"]?.Value is IDictionary more
            && more.Contains("@odata.type")
            && FieldValues.Text(more["@odata.type"]) is { } odataType)
        {
            return odataType;
        }
        foreach (string typeName in wrapped.TypeNames)
        {
            if (typeName.EndsWith("MicrosoftGraphGroup", StringComparison.Ordinal))
            {
                return "Group";
            }
            if (typeName.EndsWith("MicrosoftGraphOrgContact", StringComparison.Ordinal))
            {
                return "Contact";
            }
        }
        return null;
    }
}
