// The public types the anchor cmdlets take and return. Enum values equal the header's.
using System;

namespace SyncMatch;

/// <summary>The attribute a directory user's source anchor is read from.</summary>
public enum SourceAnchorAttribute
{
    /// <summary>mS-DS-ConsistencyGuid when populated, otherwise objectGUID, as Entra Connect does.</summary>
    Auto = 0,

    /// <summary>Always objectGUID.</summary>
    ObjectGuid = 1,

    /// <summary>Always mS-DS-ConsistencyGuid; a user without one is an error.</summary>
    ConsistencyGuid = 2,
}

/// <summary>A spelling of a source anchor.</summary>
public enum AnchorSpelling
{
    /// <summary>GUID text in .NET format D, N, B, P or X.</summary>
    Guid = 1,

    /// <summary>Standard Base64 of the 16 bytes, as Entra ID stores onPremisesImmutableId.</summary>
    ImmutableId = 2,

    /// <summary>Hex pairs in storage order, as ADSI Edit shows them.</summary>
    OctetString = 3,

    /// <summary>Every byte as \XX, for an (objectGUID=…) LDAP filter.</summary>
    LdapFilter = 4,

    /// <summary>The Entra connector space DN, CN={…}.</summary>
    ConnectorDn = 5,

    /// <summary>Raw bytes: a byte[], a [guid], or a directory object's attribute.</summary>
    Bytes = 6,
}

/// <summary>One source anchor in every spelling (Get-SourceAnchor's output).</summary>
public sealed class SourceAnchor
{
    internal SourceAnchor(Guid guid, string immutableId, string octetString, string ldapFilter, string connectorDn, AnchorSpelling readAs, AnchorSource readFrom)
    {
        ReadFrom = readFrom;
        Guid = guid;
        ImmutableId = immutableId;
        OctetString = octetString;
        LdapFilter = ldapFilter;
        ConnectorDn = connectorDn;
        ReadAs = readAs;
    }

    /// <summary>The anchor as a GUID (objectGUID).</summary>
    public Guid Guid { get; }

    /// <summary>The immutableId Entra ID stores as onPremisesImmutableId.</summary>
    public string ImmutableId { get; }

    /// <summary>The 16 bytes in storage order (Guid.ToByteArray()).</summary>
    public byte[] Bytes => Guid.ToByteArray();

    /// <summary>Spaced hex pairs, as ADSI Edit shows the attribute.</summary>
    public string OctetString { get; }

    /// <summary>The value for Get-ADUser -LDAPFilter "(objectGUID=…)".</summary>
    public string LdapFilter { get; }

    /// <summary>The object's DN in the Entra connector space.</summary>
    public string ConnectorDn { get; }

    /// <summary>The spelling the input was read in.</summary>
    public AnchorSpelling ReadAs { get; }

    /// <summary>Where it was read from: a value given as it is, or a user's ObjectGuid or ConsistencyGuid (mS-DS-ConsistencyGuid).</summary>
    public AnchorSource ReadFrom { get; }

    /// <inheritdoc/>
    public override string ToString() => ImmutableId;
}

/// <summary>Where a source anchor was read from (Get-SourceAnchor's ReadFrom).</summary>
public enum AnchorSource
{
    /// <summary>A value given as it is (text in some spelling, a [guid] or bytes).</summary>
    Value = 0,

    /// <summary>The user's objectGUID.</summary>
    ObjectGuid = 1,

    /// <summary>The user's mS-DS-ConsistencyGuid (Auto reads it when it is populated, as Entra Connect does).</summary>
    ConsistencyGuid = 2,
}
