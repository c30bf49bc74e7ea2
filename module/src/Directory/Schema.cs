// The input schema as the native library describes it (syncmatch_schema_describe): every field by
// number with its kind, and the names each entity reads. The module builds its property tables
// from this at load, so it lists no attribute itself: adding one is a change to the core alone.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using SyncMatch.Native;

namespace SyncMatch.Directory;

/// <summary>What kind of value a field holds (the core's schema::Kind, by name).</summary>
internal enum FieldKind
{
    Text,
    List,
    Anchor,
    Presence,
    Flag,
    Shape,
    Count,
}

/// <summary>What an input is read as (the core's schema::Entity, by name).</summary>
internal enum Entity
{
    DirectoryObject,
    OnPremisesUser,
    CloudObject,
    CloudShape,
    MappingRow,
    AnchorObject,
    ScopeGroup,
}

/// <summary>How an attribute's values come over LDAP (the core's schema::Syntax, by name).</summary>
internal enum LdapSyntax
{
    Text,
    DistinguishedName,
    Bytes,
    Sid,
    Number,
    Boolean,
}

/// <summary>One attribute a directory read asks for: its LDAP display name, the field it fills, its syntax, whether it holds several values.</summary>
internal sealed record LdapAttribute(string Name, string Field, LdapSyntax Syntax, bool MultiValued);

internal sealed class Schema
{
    private static readonly Lazy<Schema> Loaded = new(Load);

    private readonly Dictionary<string, int> numbers;
    private readonly (string Name, int Field)[][] names;
    private readonly (Entity Entity, int[] WhenAbsent)?[] fallbacks;

    private Schema(
        string[] fields, FieldKind[] kinds, (string, int)[][] names, (Entity, int[])?[] fallbacks, string getAdUser, string getMgUser, Dictionary<string, string> refusedAnchors,
        LdapAttribute[] ldapAttributes)
    {
        RefusedAnchorAttributes = refusedAnchors;
        LdapAttributes = ldapAttributes;
        FieldNames = fields;
        Kinds = kinds;
        this.names = names;
        this.fallbacks = fallbacks;
        GetAdUserCommand = getAdUser;
        GetMgUserCommand = getMgUser;
        numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < fields.Length; i++)
        {
            numbers[fields[i]] = i;
        }
    }

    /// <summary>The schema of the loaded native library.</summary>
    internal static Schema Current => Loaded.Value;

    /// <summary>Every field's name, by number.</summary>
    internal IReadOnlyList<string> FieldNames { get; }

    /// <summary>Every field's kind, by number.</summary>
    internal FieldKind[] Kinds { get; }

    internal int FieldCount => FieldNames.Count;

    /// <summary>The Get-ADUser command that fetches everything read of a directory object.</summary>
    internal string GetAdUserCommand { get; }

    /// <summary>The Get-MgUser command that fetches everything read of a cloud user.</summary>
    internal string GetMgUserCommand { get; }

    /// <summary>The attributes a deployment cannot use as its source anchor, each with why (the core's rule).</summary>
    internal IReadOnlyDictionary<string, string> RefusedAnchorAttributes { get; }

    /// <summary>What a directory read asks Active Directory for (the core's schema::LDAP_ATTRIBUTES).</summary>
    internal IReadOnlyList<LdapAttribute> LdapAttributes { get; }

    /// <summary>
    /// The number of the field the core calls <paramref name="name"/>: for the few the module
    /// itself writes (a refusal, a result's identity) or reads back (the texts results repeat).
    /// </summary>
    internal int Field(string name) => numbers.TryGetValue(name, out int number)
        ? number
        : throw new InvalidOperationException($"The native library's schema has no field {name}: the module and its native library do not belong together.");

    /// <summary>The names <paramref name="entity"/> reads, in order of preference, each with its field.</summary>
    internal IReadOnlyList<(string Name, int Field)> NamesOf(Entity entity) => names[(int)entity];

    /// <summary>The names <paramref name="entity"/> reads the field the core calls <paramref name="field"/> by, in order of preference.</summary>
    internal string[] NamesOfField(Entity entity, string field)
    {
        int number = Field(field);
        return NamesOf(entity).Where(name => name.Field == number).Select(name => name.Name).ToArray();
    }

    /// <summary>The entity read instead when the fields named are all without a value (a cloud object's shape).</summary>
    internal (Entity Entity, int[] WhenAbsent)? FallbackOf(Entity entity) => fallbacks[(int)entity];

    private static unsafe Schema Load()
    {
        NativeLibraryLoader.EnsureLoaded();
        IntPtr buffer;
        NativeException.ThrowIfFailed(NativeMethods.syncmatch_schema_describe(&buffer), nameof(NativeMethods.syncmatch_schema_describe));
        return NativeRecords.Take(buffer, Parse, nameof(NativeMethods.syncmatch_schema_describe));
    }

    /// <summary>Reads the description (read once a process: a document is simplest).</summary>
    internal static Schema Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        var fields = new List<string>();
        var kinds = new List<FieldKind>();
        foreach (JsonElement field in root.GetProperty("fields").EnumerateArray())
        {
            fields.Add(field.GetProperty("name").GetString()!);
            kinds.Add(Enum.Parse<FieldKind>(field.GetProperty("kind").GetString()!));
        }
        var entityNames = Enum.GetNames<Entity>();
        var names = new (string, int)[entityNames.Length][];
        var fallbacks = new (Entity, int[])?[entityNames.Length];
        foreach (JsonElement entity in root.GetProperty("entities").EnumerateArray())
        {
            var which = Enum.Parse<Entity>(entity.GetProperty("name").GetString()!);
            names[(int)which] = entity.GetProperty("names").EnumerateArray()
                .Select(pair => (pair[0].GetString()!, pair[1].GetInt32()))
                .ToArray();
            if (entity.GetProperty("fallback") is { ValueKind: JsonValueKind.Object } fallback)
            {
                fallbacks[(int)which] = (
                    Enum.Parse<Entity>(fallback.GetProperty("entity").GetString()!),
                    fallback.GetProperty("whenAbsent").EnumerateArray().Select(number => number.GetInt32()).ToArray());
            }
        }
        if (Array.IndexOf(names, null) >= 0)
        {
            throw new InvalidOperationException("The native library's schema lacks an entity the module reads: the module and its native library do not belong together.");
        }
        var refused = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonElement pair in root.GetProperty("refusedAnchorAttributes").EnumerateArray())
        {
            refused[pair[0].GetString()!] = pair[1].GetString()!;
        }
        LdapAttribute[] ldap = root.GetProperty("ldapAttributes").EnumerateArray()
            .Select(attribute => new LdapAttribute(
                attribute.GetProperty("name").GetString()!,
                attribute.GetProperty("field").GetString()!,
                Enum.Parse<LdapSyntax>(attribute.GetProperty("syntax").GetString()!),
                attribute.GetProperty("multiValued").GetBoolean()))
            .ToArray();
        return new Schema(
            fields.ToArray(), kinds.ToArray(), names, fallbacks,
            root.GetProperty("getAdUser").GetString()!, root.GetProperty("getMgUser").GetString()!, refused, ldap);
    }
}
