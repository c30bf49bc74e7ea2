//! The source anchor: the 16 bytes Entra Connect joins an on-premises user by, and every spelling
//! of them that admins meet (docs/model.md, *Source anchor*).
//!
//! The bytes are held in storage order, the order .NET's `Guid.ToByteArray()` produces and AD
//! stores: the GUID's first three fields little-endian, the last eight bytes as written. Every
//! spelling is a view of those bytes; parsing any spelling gives them back.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use thiserror::Error;
use uuid::Uuid;

/// Number of bytes in a source anchor (objectGUID or mS-DS-ConsistencyGuid).
pub const ANCHOR_LEN: usize = 16;
/// Length of an immutableId (Base64 of 16 bytes with `==` padding).
pub const IMMUTABLE_ID_LEN: usize = 24;
/// Length of a GUID in .NET format D.
pub const GUID_TEXT_LEN: usize = 36;
/// Length of the octet string (16 hex pairs, 15 spaces).
pub const OCTET_STRING_LEN: usize = 47;
/// Length of the LDAP filter value (16 times `\XX`).
pub const LDAP_FILTER_LEN: usize = 48;
/// Length of the connector DN: `CN={` + 48 hex digits + `}`.
pub const CONNECTOR_DN_LEN: usize = 53;

/// Inputs longer than this are cut in error messages so one bad cell cannot flood a console.
const SHOWN_INPUT_MAX: usize = 80;

/// The spellings a source anchor is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Spelling {
    /// GUID text in any .NET format: D, N, B, P or X, any case.
    Guid,
    /// Standard Base64 of the 16 bytes, as Entra ID stores `onPremisesImmutableId`.
    ImmutableId,
    /// Hex pairs in storage order, as ADSI Edit shows them (`C9 8B 91 …`).
    OctetString,
    /// Every byte as `\XX`, for an LDAP filter on objectGUID.
    LdapFilter,
    /// The Entra connector space DN: `CN={` + hex of the immutableId's ASCII text + `}`.
    ConnectorDn,
}

impl Spelling {
    /// Plain name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Spelling::Guid => "GUID",
            Spelling::ImmutableId => "immutableId",
            Spelling::OctetString => "octet string",
            Spelling::LdapFilter => "LDAP filter value",
            Spelling::ConnectorDn => "connector DN",
        }
    }

    /// Recognizes the spelling of `text` by its shape alone, without validating it, so that a
    /// malformed value still gets the error of the spelling it was meant to be. A bare run of 32
    /// hex digits is GUID format N, as .NET's `[guid]` reads it; the octet reading needs spaces or
    /// hyphens between the pairs, or an explicit spelling.
    pub fn detect(text: &str) -> Option<Spelling> {
        let text = text.trim();
        let bytes = text.as_bytes();
        if crate::text::starts_with_ignore_ascii_case(text, "CN=") {
            Some(Spelling::ConnectorDn)
        } else if text.starts_with('\\') {
            Some(Spelling::LdapFilter)
        } else if text.starts_with('{')
            || text.starts_with('(')
            || (bytes.len() == GUID_TEXT_LEN && [8, 13, 18, 23].iter().all(|&i| bytes[i] == b'-'))
            || (bytes.len() == 32 && bytes.iter().all(u8::is_ascii_hexdigit))
        {
            Some(Spelling::Guid)
        } else if text.contains(char::is_whitespace)
            || (bytes.len() == OCTET_STRING_LEN && bytes[2] == b'-')
        {
            Some(Spelling::OctetString)
        } else if bytes.contains(&b'-') && bytes.iter().all(|&b| b == b'-' || b.is_ascii_hexdigit())
        {
            // Hex digits and hyphens only: a GUID with a digit or hyphen too many or too few.
            Some(Spelling::Guid)
        } else if looks_like_base64(bytes) {
            Some(Spelling::ImmutableId)
        } else {
            None
        }
    }
}

/// How an anchor's value arrived: raw bytes (a `byte[]` or `[guid]`) or text in some spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnchorValue<'a> {
    Bytes(&'a [u8]),
    Text(&'a str),
}

impl AnchorValue<'_> {
    /// Entra Connect treats an empty attribute as absent; so does a blank CSV cell.
    pub fn is_present(&self) -> bool {
        match self {
            AnchorValue::Bytes(bytes) => !bytes.is_empty(),
            AnchorValue::Text(text) => !text.trim().is_empty(),
        }
    }
}

/// The attribute a user's source anchor is taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnchorAttribute {
    /// As Entra Connect does: mS-DS-ConsistencyGuid when populated, otherwise objectGUID.
    Auto,
    ObjectGuid,
    ConsistencyGuid,
}

impl AnchorAttribute {
    fn name(self) -> &'static str {
        match self {
            AnchorAttribute::Auto => "source anchor",
            AnchorAttribute::ObjectGuid => "objectGUID",
            AnchorAttribute::ConsistencyGuid => "mS-DS-ConsistencyGuid",
        }
    }
}

/// How a resolved anchor was read: a bare value (in the spelling its text had; `None` for
/// bytes), or a user's attribute (the one [`AnchorAttribute::Auto`] chose, for example).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadFrom {
    Value(Option<Spelling>),
    Attribute(AnchorAttribute),
}

impl ReadFrom {
    /// The spelling of a bare text value; `None` for bytes and attributes.
    pub fn spelling(self) -> Option<Spelling> {
        match self {
            ReadFrom::Value(spelling) => spelling,
            ReadFrom::Attribute(_) => None,
        }
    }
}

/// Where an anchor comes from: a bare value, or a directory user carrying the two attributes the
/// source anchor may be read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnchorInput<'a> {
    Value(AnchorValue<'a>),
    User {
        object_guid: Option<AnchorValue<'a>>,
        consistency_guid: Option<AnchorValue<'a>>,
    },
}

/// Why a value is not a source anchor. Each message names the value and says what is wrong.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum AnchorError {
    #[error("the value is empty; a source anchor is 16 bytes")]
    Empty,
    #[error("'{input}' is not a GUID: {reason}")]
    InvalidGuid { input: String, reason: String },
    #[error("'{input}' is not an immutableId: {reason}")]
    InvalidImmutableId { input: String, reason: String },
    #[error(
        "'{input}' decodes to {len} bytes, not the 16 of a GUID: it is a custom source anchor (such \
         as an employee ID), which has no GUID form; compare it as text"
    )]
    NotGuidAnchor { input: String, len: usize },
    #[error("'{input}' is not an octet string: {reason}")]
    InvalidOctetString { input: String, reason: String },
    #[error("'{input}' is not an LDAP filter value: {reason}")]
    InvalidLdapFilter { input: String, reason: String },
    #[error("'{input}' is not a connector DN: {reason}")]
    InvalidConnectorDn { input: String, reason: String },
    #[error("a source anchor is 16 bytes; this byte array has {len}")]
    WrongByteCount { len: usize },
    #[error(
        "'{input}' is a type name, not a value: Windows PowerShell's Export-Csv writes the type name \
         of a multi-valued property; export the value as text first (for example with \
         [Convert]::ToBase64String or [guid])"
    )]
    TypeName { input: String },
    #[error(
        "'{input}' is not a source anchor in any known spelling: expected a GUID, an immutableId, \
         an octet string, an LDAP filter value (\\XX…) or a connector DN (CN={{…}})"
    )]
    Unrecognized { input: String },
    #[error(
        "'{input}' cannot be a source anchor: {reason} (Design concepts: fewer than 60 characters, \
         each one outside a-z, A-Z and 0-9 counting as 3, and none of \\ ! # $ % & * + / = ? ^ ` \
         {{ }} | ~ < > ( ) ' ; : , [ ] \" @ _)"
    )]
    CustomInvalid { input: String, reason: String },
    #[error("the user has no {attribute}: {hint}")]
    Missing {
        attribute: &'static str,
        hint: &'static str,
    },
    #[error("{attribute} {source}")]
    InAttribute {
        attribute: &'static str,
        source: Box<AnchorError>,
    },
}

impl AnchorError {
    /// The error itself, without the attribute it was found in.
    pub fn root(&self) -> &AnchorError {
        match self {
            AnchorError::InAttribute { source, .. } => source.root(),
            other => other,
        }
    }

    fn in_attribute(self, attribute: AnchorAttribute) -> AnchorError {
        AnchorError::InAttribute {
            attribute: attribute.name(),
            source: Box::new(self),
        }
    }
}

/// The immutableId of a custom source-anchor attribute (an employee ID…): Entra Connect sends a
/// string attribute's value as it is and Base64-encodes any other (Microsoft Learn, *Entra
/// Connect: design concepts*, sourceAnchor). A value that arrives as text is taken to be a string
/// attribute's (**model assumption**: an export cannot tell a number's text from a string). The
/// value is compared with its case, like any immutableId.
pub fn custom_immutable_id(value: Option<AnchorValue<'_>>) -> Result<String, AnchorError> {
    match value.filter(AnchorValue::is_present) {
        None => Err(AnchorError::Missing {
            attribute: "custom source anchor attribute",
            hint: "every user needs a value in the attribute the deployment uses as its source anchor",
        }),
        Some(AnchorValue::Bytes(bytes)) => Ok(BASE64.encode(bytes)),
        Some(AnchorValue::Text(text)) if is_type_name(text.trim()) => Err(AnchorError::TypeName {
            input: shown(text.trim()),
        }),
        Some(AnchorValue::Text(text)) => match custom_value_problem(text) {
            Some(reason) => Err(AnchorError::CustomInvalid {
                input: shown(text),
                reason,
            }),
            None => Ok(text.to_owned()),
        },
    }
}

/// The characters a source anchor value may not contain (Design concepts, "Selecting a good
/// sourceAnchor attribute").
const FORBIDDEN_IN_ANCHOR: &[char] = &[
    '\\', '!', '#', '$', '%', '&', '*', '+', '/', '=', '?', '^', '`', '{', '}', '|', '~', '<', '>',
    '(', ')', '\'', ';', ':', ',', '[', ']', '"', '@', '_',
];

/// How a custom attribute's string value breaks the rules every source anchor value must follow
/// (Design concepts, "Selecting a good sourceAnchor attribute").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustomAnchorProblem {
    /// "Not contain a special character": the first one found.
    Forbidden(char),
    /// "Fewer than 60 characters in length": the count, each character outside a-z, A-Z and
    /// 0-9 counted as 3 ("encoded and counted as 3 characters").
    TooLong(usize),
}

impl fmt::Display for CustomAnchorProblem {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CustomAnchorProblem::Forbidden(bad) => write!(formatter, "it contains '{bad}'"),
            CustomAnchorProblem::TooLong(counted) => write!(
                formatter,
                "it counts {counted} characters (each one outside a-z, A-Z and 0-9 as 3); it must count fewer than 60"
            ),
        }
    }
}

/// How a custom attribute's string value breaks the "must" rules, or None. A binary value is
/// Base64-encoded by Entra Connect and is not checked.
pub fn custom_anchor_problem(value: &str) -> Option<CustomAnchorProblem> {
    if let Some(bad) = value.chars().find(|c| FORBIDDEN_IN_ANCHOR.contains(c)) {
        return Some(CustomAnchorProblem::Forbidden(bad));
    }
    let counted: usize = value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { 1 } else { 3 })
        .sum();
    (counted >= 60).then_some(CustomAnchorProblem::TooLong(counted))
}

/// Why a custom attribute's string value breaks the "must" rules ([`custom_anchor_problem`]),
/// in words, or None.
pub fn custom_value_problem(value: &str) -> Option<String> {
    custom_anchor_problem(value).map(|problem| problem.to_string())
}

/// The attributes [`unselectable_anchor_attribute`] refuses.
pub const UNSELECTABLE_ANCHOR_ATTRIBUTES: &[&str] = &["userPrincipalName", "mail", "targetAddress"];

/// Attributes the Entra Connect wizard does not let a deployment choose as its source anchor
/// (Design concepts: "userPrincipalName, mail, and targetAddress aren't even possible to select
/// … Those attributes also contain the "@" character"), by LDAP name: the reason, or None.
pub fn unselectable_anchor_attribute(name: &str) -> Option<String> {
    UNSELECTABLE_ANCHOR_ATTRIBUTES
        .iter()
        .find(|attribute| attribute.eq_ignore_ascii_case(name.trim()))
        .map(|attribute| {
            format!("{attribute} cannot be a source anchor: the Entra Connect wizard does not offer it (it holds an @, which a source anchor may not hold, and it changes with the user's name; Design concepts)")
        })
}

/// A source anchor: 16 bytes in storage order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceAnchor([u8; ANCHOR_LEN]);

impl SourceAnchor {
    pub const fn from_storage_bytes(bytes: [u8; ANCHOR_LEN]) -> Self {
        SourceAnchor(bytes)
    }

    /// The anchor of a byte array, which must hold exactly 16 bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, AnchorError> {
        match <[u8; ANCHOR_LEN]>::try_from(bytes) {
            Ok(array) => Ok(SourceAnchor(array)),
            Err(_) if bytes.is_empty() => Err(AnchorError::Empty),
            Err(_) => Err(AnchorError::WrongByteCount { len: bytes.len() }),
        }
    }

    pub const fn storage_bytes(&self) -> &[u8; ANCHOR_LEN] {
        &self.0
    }

    /// Reads `text` in the given spelling, or in the spelling its shape shows when `None`.
    /// Surrounding white space is ignored. Returns the anchor and the spelling it was read as.
    pub fn parse(text: &str, spelling: Option<Spelling>) -> Result<(Self, Spelling), AnchorError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(AnchorError::Empty);
        }
        if is_type_name(text) {
            return Err(AnchorError::TypeName { input: shown(text) });
        }
        let spelling = match spelling.or_else(|| Spelling::detect(text)) {
            Some(spelling) => spelling,
            None => return Err(AnchorError::Unrecognized { input: shown(text) }),
        };
        let anchor = match spelling {
            Spelling::Guid => parse_guid(text),
            Spelling::ImmutableId => parse_immutable_id(text),
            Spelling::OctetString => parse_octet_string(text),
            Spelling::LdapFilter => parse_ldap_filter(text),
            Spelling::ConnectorDn => parse_connector_dn(text),
        }?;
        Ok((anchor, spelling))
    }

    /// The anchor of a bare value.
    pub fn from_value(
        value: AnchorValue<'_>,
        spelling: Option<Spelling>,
    ) -> Result<(Self, Option<Spelling>), AnchorError> {
        match value {
            AnchorValue::Bytes(bytes) => {
                SourceAnchor::from_slice(bytes).map(|anchor| (anchor, None))
            }
            AnchorValue::Text(text) => {
                SourceAnchor::parse(text, spelling).map(|(anchor, read)| (anchor, Some(read)))
            }
        }
    }

    /// The source anchor of an input. For a user, `attribute` chooses where it is read from;
    /// `Auto` follows Entra Connect: mS-DS-ConsistencyGuid when populated, otherwise objectGUID. A
    /// populated but invalid mS-DS-ConsistencyGuid is an error, never a silent fall-back, because
    /// Entra Connect would not fall back either. Also returns how it was read: the spelling a
    /// bare text value was read in, or the user's attribute it was read from.
    pub fn resolve(
        input: AnchorInput<'_>,
        attribute: AnchorAttribute,
        spelling: Option<Spelling>,
    ) -> Result<(Self, ReadFrom), AnchorError> {
        let (object_guid, consistency_guid) = match input {
            AnchorInput::Value(value) => {
                return SourceAnchor::from_value(value, spelling)
                    .map(|(anchor, spelled)| (anchor, ReadFrom::Value(spelled)));
            }
            AnchorInput::User {
                object_guid,
                consistency_guid,
            } => (
                object_guid.filter(AnchorValue::is_present),
                consistency_guid.filter(AnchorValue::is_present),
            ),
        };
        let (chosen, value) = match (attribute, consistency_guid, object_guid) {
            (AnchorAttribute::Auto | AnchorAttribute::ConsistencyGuid, Some(value), _) => {
                (AnchorAttribute::ConsistencyGuid, value)
            }
            (AnchorAttribute::Auto | AnchorAttribute::ObjectGuid, _, Some(value)) => {
                (AnchorAttribute::ObjectGuid, value)
            }
            (AnchorAttribute::ConsistencyGuid, None, _) => {
                return Err(AnchorError::Missing {
                    attribute: AnchorAttribute::ConsistencyGuid.name(),
                    hint: "it is empty until Entra Connect writes it back; read it with \
                           Get-ADUser -Properties mS-DS-ConsistencyGuid, or use objectGUID",
                });
            }
            (AnchorAttribute::ObjectGuid, _, None) => {
                return Err(AnchorError::Missing {
                    attribute: AnchorAttribute::ObjectGuid.name(),
                    hint: "pass objects with an ObjectGUID property, such as Get-ADUser output",
                });
            }
            (AnchorAttribute::Auto, None, None) => {
                return Err(AnchorError::Missing {
                    attribute: "ObjectGUID or mS-DS-ConsistencyGuid",
                    hint: "pass Get-ADUser output, or objects with one of these properties",
                });
            }
        };
        // A user is read from its attributes: what is reported is the attribute, whatever text
        // an export held it in.
        SourceAnchor::from_value(value, spelling)
            .map(|(anchor, _)| (anchor, ReadFrom::Attribute(chosen)))
            .map_err(|error| error.in_attribute(chosen))
    }

    /// GUID text, .NET format D (lower case).
    pub fn guid_text(&self) -> String {
        Uuid::from_bytes_le(self.0).hyphenated().to_string()
    }

    /// The immutableId: standard Base64 of the 16 bytes.
    pub fn immutable_id(&self) -> String {
        BASE64.encode(self.0)
    }

    /// Writes the immutableId's 24 ASCII characters into `out` without allocating.
    pub fn write_immutable_id(&self, out: &mut [u8; IMMUTABLE_ID_LEN]) {
        let written = BASE64
            .encode_slice(self.0, out)
            .expect("24 bytes always hold the Base64 of 16");
        debug_assert_eq!(written, IMMUTABLE_ID_LEN);
    }

    /// Spaced upper-case hex pairs in storage order, as ADSI Edit shows them.
    pub fn octet_string(&self) -> String {
        let mut text = String::with_capacity(OCTET_STRING_LEN);
        for (i, byte) in self.0.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            push_hex(&mut text, *byte);
        }
        text
    }

    /// Every byte as `\XX`, the value of an `(objectGUID=…)` LDAP filter.
    pub fn ldap_filter(&self) -> String {
        let mut text = String::with_capacity(LDAP_FILTER_LEN);
        for byte in self.0 {
            text.push('\\');
            push_hex(&mut text, byte);
        }
        text
    }

    /// The Entra connector space DN: hex of the immutableId's ASCII text, in `CN={…}`.
    pub fn connector_dn(&self) -> String {
        let mut text = String::with_capacity(CONNECTOR_DN_LEN);
        text.push_str("CN={");
        for byte in self.immutable_id().bytes() {
            push_hex(&mut text, byte);
        }
        text.push('}');
        text
    }
}

/// Base64 characters only; '-' and '_' (URL-safe Base64) only in a length Base64 could have, so
/// that such a value gets a precise message while other hyphenated text is "unrecognized".
fn looks_like_base64(bytes: &[u8]) -> bool {
    let standard = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    let url_safe = |b: u8| standard(b) || matches!(b, b'-' | b'_');
    !bytes.is_empty()
        && (bytes.iter().all(|&b| standard(b))
            || (bytes.len().is_multiple_of(4) || bytes.len() == 22)
                && bytes.iter().all(|&b| url_safe(b)))
}

fn push_hex(text: &mut String, byte: u8) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    text.push(DIGITS[usize::from(byte >> 4)] as char);
    text.push(DIGITS[usize::from(byte & 0x0f)] as char);
}

fn hex_value(digit: u8) -> Option<u8> {
    // A table, not a match: this runs 32 times per GUID, a million GUIDs at a time.
    const VALUES: [u8; 256] = {
        let mut values = [u8::MAX; 256];
        let mut digit = 0;
        while digit < 256 {
            let byte = digit as u8;
            values[digit] = match byte {
                b'0'..=b'9' => byte - b'0',
                b'a'..=b'f' => byte - b'a' + 10,
                b'A'..=b'F' => byte - b'A' + 10,
                _ => u8::MAX,
            };
            digit += 1;
        }
        values
    };
    let value = VALUES[digit as usize];
    (value != u8::MAX).then_some(value)
}

/// Reads a run of hex digits as a number of at most `max_digits` digits.
fn hex_number(digits: &str, max_digits: usize) -> Option<u64> {
    if digits.is_empty() || digits.len() > max_digits {
        return None;
    }
    digits.bytes().try_fold(0u64, |acc, digit| {
        hex_value(digit).map(|value| (acc << 4) | u64::from(value))
    })
}

/// Decodes pairs of hex digits into bytes.
fn hex_bytes(digits: &str) -> Option<Vec<u8>> {
    let digits = digits.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks_exact(2)
        .map(|pair| Some((hex_value(pair[0])? << 4) | hex_value(pair[1])?))
        .collect()
}

/// The type names Windows PowerShell's Export-Csv writes for multi-valued properties.
pub(crate) fn is_type_name(text: &str) -> bool {
    (text.starts_with("System.") || text.starts_with("Microsoft."))
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'[' | b']' | b'`'))
}

/// The input as a message shows it: cut when long, so one bad cell cannot flood a console.
fn shown(text: &str) -> String {
    crate::text::shown(text, SHOWN_INPUT_MAX)
}

fn guid_error(text: &str, reason: impl Into<String>) -> AnchorError {
    AnchorError::InvalidGuid {
        input: shown(text),
        reason: reason.into(),
    }
}

/// Reads GUID text in any .NET format (D, N, B, P, X), as `[guid]` does.
fn parse_guid(text: &str) -> Result<SourceAnchor, AnchorError> {
    if text.starts_with('{') && text[1..].trim_start().starts_with('{') {
        return Err(guid_error(text, "nested braces"));
    }
    let compact: String;
    let inner = if text.starts_with("{0x") || text.starts_with("{0X") {
        // Format X: .NET ignores white space inside it.
        compact = text.chars().filter(|c| !c.is_whitespace()).collect();
        return parse_guid_x(text, &compact);
    } else if let Some(inner) = text.strip_prefix('{') {
        inner
            .strip_suffix('}')
            .ok_or_else(|| guid_error(text, "the opening '{' has no closing '}'"))?
    } else if let Some(inner) = text.strip_prefix('(') {
        inner
            .strip_suffix(')')
            .ok_or_else(|| guid_error(text, "the opening '(' has no closing ')'"))?
    } else {
        text
    };
    // The uuid crate reads the 32 digits, bare or 8-4-4-4-12 (measured no slower than the
    // hand-written loop it replaced: docs/benchmarks.md, *GUID parse*); what it refuses is
    // explained below.
    let bytes = inner.as_bytes();
    if matches!(bytes.len(), 32 | GUID_TEXT_LEN)
        && let Ok(uuid) = Uuid::try_parse_ascii(bytes)
    {
        return Ok(SourceAnchor(uuid.to_bytes_le()));
    }
    let digits = match bytes.len() {
        32 => [0..32, 0..0, 0..0, 0..0, 0..0],
        GUID_TEXT_LEN => {
            if ![8, 13, 18, 23].iter().all(|&i| bytes[i] == b'-') {
                return Err(guid_error(
                    text,
                    "hyphens belong after digits 8, 12, 16 and 20 (8-4-4-4-12)",
                ));
            }
            [0..8, 9..13, 14..18, 19..23, 24..36]
        }
        _ => {
            return Err(guid_error(
                text,
                format!(
                    "{len} characters where a GUID has 32 hex digits, or 36 characters with hyphens",
                    len = bytes.len()
                ),
            ));
        }
    };
    // The first character that is not a digit, where digits belong.
    let bad = digits
        .iter()
        .flat_map(|range| range.clone())
        .find(|&at| !bytes[at].is_ascii_hexdigit())
        .and_then(|at| inner.get(at..)?.chars().next())
        .unwrap_or('?');
    Err(guid_error(text, format!("'{bad}' is not a hex digit")))
}

/// Reads format X: `{0xXXXXXXXX,0xXXXX,0xXXXX,{0xXX,0xXX,0xXX,0xXX,0xXX,0xXX,0xXX,0xXX}}`.
fn parse_guid_x(text: &str, compact: &str) -> Result<SourceAnchor, AnchorError> {
    let shape = "format X is {0xXXXXXXXX,0xXXXX,0xXXXX,{0xXX,0xXX,0xXX,0xXX,0xXX,0xXX,0xXX,0xXX}}";
    let body = compact
        .strip_prefix('{')
        .and_then(|rest| rest.strip_suffix("}}"))
        .ok_or_else(|| guid_error(text, shape))?;
    let (head, tail) = body
        .split_once(",{")
        .ok_or_else(|| guid_error(text, shape))?;
    let head: Vec<&str> = head.split(',').collect();
    let tail: Vec<&str> = tail.split(',').collect();
    if head.len() != 3 || tail.len() != 8 {
        return Err(guid_error(text, shape));
    }
    let number = |part: &str, max_digits: usize| {
        part.strip_prefix("0x")
            .or_else(|| part.strip_prefix("0X"))
            .and_then(|digits| hex_number(digits, max_digits))
            .ok_or_else(|| guid_error(text, format!("'{part}' is not a hex number of at most {max_digits} digits with a 0x prefix")))
    };
    let d1 = number(head[0], 8)? as u32;
    let d2 = number(head[1], 4)? as u16;
    let d3 = number(head[2], 4)? as u16;
    let mut d4 = [0u8; 8];
    for (slot, part) in d4.iter_mut().zip(&tail) {
        *slot = number(part, 2)? as u8;
    }
    Ok(SourceAnchor(
        Uuid::from_fields(d1, d2, d3, &d4).to_bytes_le(),
    ))
}

fn parse_immutable_id(text: &str) -> Result<SourceAnchor, AnchorError> {
    let invalid = |reason: String| AnchorError::InvalidImmutableId {
        input: shown(text),
        reason,
    };
    if let Some((position, bad)) = text
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')))
    {
        let hint = if matches!(bad, '-' | '_') {
            " (it looks like URL-safe Base64; immutableIds use '+' and '/')"
        } else {
            ""
        };
        return Err(invalid(format!(
            "'{bad}' at position {} is not a Base64 character{hint}",
            position + 1
        )));
    }
    let bytes = BASE64.decode(text).map_err(|error| {
        invalid(match error {
            base64::DecodeError::InvalidLength(_) | base64::DecodeError::InvalidPadding => format!(
                "{} characters is not a whole Base64 value; an immutableId is padded with '=' to a \
                 multiple of 4 (24 characters for a GUID)",
                text.len()
            ),
            base64::DecodeError::InvalidLastSymbol { .. } => {
                "its last character carries bits no encoder writes; a character was changed"
                    .to_owned()
            }
            base64::DecodeError::InvalidByte(offset, _) => {
                format!("misplaced '=' padding at position {}", offset + 1)
            }
        })
    })?;
    SourceAnchor::from_slice(&bytes).map_err(|_| AnchorError::NotGuidAnchor {
        input: shown(text),
        len: bytes.len(),
    })
}

fn parse_octet_string(text: &str) -> Result<SourceAnchor, AnchorError> {
    let invalid = |reason: String| AnchorError::InvalidOctetString {
        input: shown(text),
        reason,
    };
    let pairs: Vec<&str> = if text.contains(|c: char| c.is_whitespace() || c == '-') {
        text.split(|c: char| c.is_whitespace() || c == '-')
            .filter(|pair| !pair.is_empty())
            .collect()
    } else {
        // Unseparated: 32 hex digits in storage order (only when the spelling was given).
        (0..text.len() / 2)
            .map(|i| text.get(2 * i..2 * i + 2).unwrap_or(""))
            .chain((text.len() % 2 == 1).then_some("?"))
            .collect()
    };
    if pairs.len() != ANCHOR_LEN {
        return Err(invalid(format!(
            "{} hex pairs where an anchor has 16",
            pairs.len()
        )));
    }
    let mut bytes = [0u8; ANCHOR_LEN];
    for (slot, pair) in bytes.iter_mut().zip(&pairs) {
        *slot = match hex_bytes(pair).as_deref() {
            Some([byte]) => *byte,
            _ => return Err(invalid(format!("'{pair}' is not a pair of hex digits"))),
        };
    }
    Ok(SourceAnchor(bytes))
}

fn parse_ldap_filter(text: &str) -> Result<SourceAnchor, AnchorError> {
    let invalid = |reason: String| AnchorError::InvalidLdapFilter {
        input: shown(text),
        reason,
    };
    let Some(escaped) = text.strip_prefix('\\') else {
        return Err(invalid("it must start with '\\'".to_owned()));
    };
    let pairs: Vec<&str> = escaped.split('\\').collect();
    if pairs.len() != ANCHOR_LEN {
        return Err(invalid(format!(
            "{} escaped bytes where an anchor has 16 (\\XX each)",
            pairs.len()
        )));
    }
    let mut bytes = [0u8; ANCHOR_LEN];
    for (slot, pair) in bytes.iter_mut().zip(&pairs) {
        *slot = match hex_bytes(pair).as_deref() {
            Some([byte]) => *byte,
            _ => {
                return Err(invalid(format!(
                    "'\\{pair}' is not '\\' and two hex digits"
                )));
            }
        };
    }
    Ok(SourceAnchor(bytes))
}

fn parse_connector_dn(text: &str) -> Result<SourceAnchor, AnchorError> {
    let invalid = |reason: &str| AnchorError::InvalidConnectorDn {
        input: shown(text),
        reason: reason.to_owned(),
    };
    if !crate::text::starts_with_ignore_ascii_case(text, "CN={") {
        return Err(invalid("it must start with 'CN={'"));
    }
    let hex = text[4..]
        .strip_suffix('}')
        .ok_or_else(|| invalid("it must end with '}'"))?;
    let ascii =
        hex_bytes(hex).ok_or_else(|| invalid("between the braces must be pairs of hex digits"))?;
    let immutable_id = std::str::from_utf8(&ascii)
        .ok()
        .filter(|id| id.is_ascii())
        .ok_or_else(|| invalid("the hex digits do not spell ASCII text"))?;
    // Errors name the DN the admin passed, not the immutableId hidden inside it.
    parse_immutable_id(immutable_id).map_err(|error| match error {
        AnchorError::NotGuidAnchor { len, .. } => AnchorError::NotGuidAnchor {
            input: shown(text),
            len,
        },
        AnchorError::InvalidImmutableId { reason, .. } => AnchorError::InvalidConnectorDn {
            input: shown(text),
            reason: format!(
                "it holds '{}', which is not an immutableId: {reason}",
                shown(immutable_id)
            ),
        },
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUID: &str = "35918bc9-196d-40ea-9779-889d79b753f0";
    const BYTES: [u8; 16] = [
        0xC9, 0x8B, 0x91, 0x35, 0x6D, 0x19, 0xEA, 0x40, 0x97, 0x79, 0x88, 0x9D, 0x79, 0xB7, 0x53,
        0xF0,
    ];
    const IMMUTABLE_ID: &str = "yYuRNW0Z6kCXeYidebdT8A==";
    const OCTETS: &str = "C9 8B 91 35 6D 19 EA 40 97 79 88 9D 79 B7 53 F0";
    const LDAP: &str = r"\C9\8B\91\35\6D\19\EA\40\97\79\88\9D\79\B7\53\F0";
    const DN: &str = "CN={795975524E57305A366B4358655969646562645438413D3D}";

    fn anchor() -> SourceAnchor {
        SourceAnchor::from_storage_bytes(BYTES)
    }

    fn parse(text: &str) -> Result<(SourceAnchor, Spelling), AnchorError> {
        SourceAnchor::parse(text, None)
    }

    #[test]
    fn documented_example_in_every_spelling() {
        let anchor = anchor();
        assert_eq!(anchor.guid_text(), GUID);
        assert_eq!(anchor.immutable_id(), IMMUTABLE_ID);
        assert_eq!(anchor.octet_string(), OCTETS);
        assert_eq!(anchor.ldap_filter(), LDAP);
        assert_eq!(anchor.connector_dn(), DN);
        let mut fixed = [0u8; IMMUTABLE_ID_LEN];
        anchor.write_immutable_id(&mut fixed);
        assert_eq!(&fixed, IMMUTABLE_ID.as_bytes());
    }

    #[test]
    fn every_spelling_is_detected_and_read_back() {
        for (text, spelling) in [
            (GUID, Spelling::Guid),
            (IMMUTABLE_ID, Spelling::ImmutableId),
            (OCTETS, Spelling::OctetString),
            (LDAP, Spelling::LdapFilter),
            (DN, Spelling::ConnectorDn),
        ] {
            assert_eq!(parse(text), Ok((anchor(), spelling)), "{text}");
        }
    }

    #[test]
    fn every_dotnet_guid_format_any_case() {
        for text in [
            "35918bc9196d40ea9779889d79b753f0",
            "{35918bc9-196d-40ea-9779-889d79b753f0}",
            "(35918BC9-196D-40EA-9779-889D79B753F0)",
            "{0x35918bc9,0x196d,0x40ea,{0x97,0x79,0x88,0x9d,0x79,0xb7,0x53,0xf0}}",
            "{0x35918BC9, 0x196D, 0x40EA, {0x97, 0x79, 0x88, 0x9D, 0x79, 0xB7, 0x53, 0xF0}}",
            "  35918BC9-196D-40EA-9779-889D79B753F0  ",
        ] {
            assert_eq!(parse(text), Ok((anchor(), Spelling::Guid)), "{text}");
        }
    }

    #[test]
    fn bare_32_hex_digits_are_guid_format_n_unless_octets_are_asked_for() {
        let storage_order = "C98B91356D19EA409779889D79B753F0";
        let (as_guid, _) = parse(storage_order).unwrap();
        assert_eq!(as_guid.guid_text(), "c98b9135-6d19-ea40-9779-889d79b753f0");
        let (as_octets, _) =
            SourceAnchor::parse(storage_order, Some(Spelling::OctetString)).unwrap();
        assert_eq!(as_octets, anchor());
    }

    #[test]
    fn octet_strings_with_hyphens_as_bitconverter_writes_them() {
        let text = "C9-8B-91-35-6D-19-EA-40-97-79-88-9D-79-B7-53-F0";
        assert_eq!(parse(text), Ok((anchor(), Spelling::OctetString)));
    }

    #[test]
    fn bytes_must_be_sixteen() {
        assert_eq!(SourceAnchor::from_slice(&BYTES), Ok(anchor()));
        assert_eq!(
            SourceAnchor::from_slice(&BYTES[..10]),
            Err(AnchorError::WrongByteCount { len: 10 })
        );
        assert_eq!(SourceAnchor::from_slice(&[]), Err(AnchorError::Empty));
    }

    #[test]
    fn custom_anchor_names_its_decoded_length() {
        let error = parse("RU1QMDAxMjM0").unwrap_err();
        assert_eq!(
            error,
            AnchorError::NotGuidAnchor {
                input: "RU1QMDAxMjM0".into(),
                len: 9
            }
        );
        assert!(error.to_string().contains("9 bytes"));
    }

    #[test]
    fn immutable_id_errors_say_what_is_wrong() {
        let message = |text: &str| parse(text).unwrap_err().to_string();
        assert!(message("yYuRNW0Z6kCXeYidebdT8A").contains("22 characters"));
        assert!(message("yYuRNW0Z6kCXeYidebdT8A=").contains("padded"));
        assert!(message("yYuRNW0Z6kCXeYi-ebdT8A==").contains("URL-safe"));
        assert!(matches!(
            parse("yYuRNW0Z6kCXeYidebdT8B==").unwrap_err(),
            AnchorError::InvalidImmutableId { .. }
        ));
    }

    #[test]
    fn immutable_id_is_case_sensitive() {
        let (other_case, _) = parse("YYuRNW0Z6kCXeYidebdT8A==").unwrap();
        assert_ne!(other_case, anchor());
    }

    #[test]
    fn base64_of_guid_text_is_not_taken_for_an_anchor() {
        // The classic mistake: Base64 of the GUID's text is 48 characters, 36 bytes.
        let wrong = BASE64.encode(GUID);
        assert_eq!(wrong.len(), 48);
        assert!(matches!(
            parse(&wrong),
            Err(AnchorError::NotGuidAnchor { len: 36, .. })
        ));
    }

    #[test]
    fn malformed_values_get_the_error_of_their_shape() {
        type IsExpected = fn(&AnchorError) -> bool;
        let cases: [(&str, IsExpected); 9] = [
            ("35918bc9-196d-40ea-9779-889d79b753fZ", |e| {
                matches!(e, AnchorError::InvalidGuid { .. })
            }),
            ("{35918bc9-196d-40ea-9779-889d79b753f0", |e| {
                matches!(e, AnchorError::InvalidGuid { .. })
            }),
            ("{0x35918bc9,0x196d,{0x97}}", |e| {
                matches!(e, AnchorError::InvalidGuid { .. })
            }),
            ("C9 8B 91", |e| {
                matches!(e, AnchorError::InvalidOctetString { .. })
            }),
            (r"\C9\8B", |e| {
                matches!(e, AnchorError::InvalidLdapFilter { .. })
            }),
            (r"\C9\8B\91\35\6D\19\EA\40\97\79\88\9D\79\B7\53\FG", |e| {
                matches!(e, AnchorError::InvalidLdapFilter { .. })
            }),
            ("CN={51513D3D}", |e| {
                matches!(e, AnchorError::NotGuidAnchor { len: 1, .. })
            }),
            ("CN={7959}", |e| {
                matches!(e, AnchorError::InvalidConnectorDn { .. })
            }),
            ("CN={ZZ}", |e| {
                matches!(e, AnchorError::InvalidConnectorDn { .. })
            }),
        ];
        for (text, expected) in cases {
            let error = parse(text).unwrap_err();
            assert!(expected(&error), "{text}: {error:?}");
            assert!(error.to_string().contains(text.trim()), "{text}: {error}");
        }
    }

    #[test]
    fn type_names_from_export_csv_are_explained() {
        for text in [
            "System.Byte[]",
            "Microsoft.ActiveDirectory.Management.ADPropertyValueCollection",
        ] {
            let error = parse(text).unwrap_err();
            assert!(matches!(error, AnchorError::TypeName { .. }), "{text}");
            assert!(error.to_string().contains("Export-Csv"));
        }
    }

    #[test]
    fn a_truncated_guid_is_still_a_guid() {
        assert!(matches!(
            parse("35918bc9-196d-40ea-9779-889d79b753f"),
            Err(AnchorError::InvalidGuid { .. })
        ));
    }

    #[test]
    fn nothing_recognizable_is_unrecognized() {
        assert!(matches!(
            parse("not-a-guid"),
            Err(AnchorError::Unrecognized { .. })
        ));
        assert!(matches!(
            parse("not a guid!"),
            Err(AnchorError::Unrecognized { .. }) | Err(AnchorError::InvalidOctetString { .. })
        ));
        assert!(matches!(
            parse("j.doe@contoso.com"),
            Err(AnchorError::Unrecognized { .. })
        ));
        assert_eq!(parse("   "), Err(AnchorError::Empty));
    }

    #[test]
    fn long_inputs_are_cut_in_messages() {
        let long = "x".repeat(5000) + "!";
        let message = parse(&long).unwrap_err().to_string();
        assert!(message.len() < 400, "{}", message.len());
    }

    fn user<'a>(
        object_guid: Option<AnchorValue<'a>>,
        consistency_guid: Option<AnchorValue<'a>>,
    ) -> AnchorInput<'a> {
        AnchorInput::User {
            object_guid,
            consistency_guid,
        }
    }

    #[test]
    fn consistency_guid_wins_when_populated() {
        let other = [7u8; 16];
        let input = user(
            Some(AnchorValue::Bytes(&other)),
            Some(AnchorValue::Bytes(&BYTES)),
        );
        // Auto reads mS-DS-ConsistencyGuid when it is populated, and says so.
        assert_eq!(
            SourceAnchor::resolve(input, AnchorAttribute::Auto, None),
            Ok((
                anchor(),
                ReadFrom::Attribute(AnchorAttribute::ConsistencyGuid)
            ))
        );
        assert_eq!(
            SourceAnchor::resolve(input, AnchorAttribute::ObjectGuid, None),
            Ok((
                SourceAnchor::from_storage_bytes(other),
                ReadFrom::Attribute(AnchorAttribute::ObjectGuid)
            ))
        );
    }

    #[test]
    fn empty_consistency_guid_falls_back_to_object_guid() {
        for empty in [AnchorValue::Bytes(&[]), AnchorValue::Text("  ")] {
            let input = user(Some(AnchorValue::Text(GUID)), Some(empty));
            assert_eq!(
                SourceAnchor::resolve(input, AnchorAttribute::Auto, None),
                Ok((anchor(), ReadFrom::Attribute(AnchorAttribute::ObjectGuid)))
            );
        }
    }

    #[test]
    fn invalid_consistency_guid_is_an_error_not_a_fall_back() {
        let input = user(
            Some(AnchorValue::Text(GUID)),
            Some(AnchorValue::Bytes(&[1, 2, 3])),
        );
        let error = SourceAnchor::resolve(input, AnchorAttribute::Auto, None).unwrap_err();
        assert_eq!(error.root(), &AnchorError::WrongByteCount { len: 3 });
        assert!(error.to_string().starts_with("mS-DS-ConsistencyGuid"));
    }

    #[test]
    fn forced_attribute_that_is_missing_is_named() {
        let input = user(Some(AnchorValue::Text(GUID)), None);
        let error =
            SourceAnchor::resolve(input, AnchorAttribute::ConsistencyGuid, None).unwrap_err();
        assert!(
            error.to_string().contains("mS-DS-ConsistencyGuid"),
            "{error}"
        );
        let error =
            SourceAnchor::resolve(user(None, None), AnchorAttribute::Auto, None).unwrap_err();
        assert!(matches!(error, AnchorError::Missing { .. }));
    }

    #[test]
    fn consistency_guid_as_csv_text() {
        for text in [IMMUTABLE_ID, GUID] {
            let input = user(None, Some(AnchorValue::Text(text)));
            assert_eq!(
                SourceAnchor::resolve(input, AnchorAttribute::Auto, None).map(|(anchor, _)| anchor),
                Ok(anchor())
            );
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn every_spelling_round_trips(bytes in proptest::array::uniform16(any::<u8>())) {
                let anchor = SourceAnchor::from_storage_bytes(bytes);
                for (text, spelling) in [
                    (anchor.guid_text(), Spelling::Guid),
                    (anchor.guid_text().to_uppercase(), Spelling::Guid),
                    (anchor.immutable_id(), Spelling::ImmutableId),
                    (anchor.octet_string(), Spelling::OctetString),
                    (anchor.ldap_filter(), Spelling::LdapFilter),
                    (anchor.connector_dn(), Spelling::ConnectorDn),
                ] {
                    prop_assert_eq!(SourceAnchor::parse(&text, None), Ok((anchor, spelling)));
                    prop_assert_eq!(SourceAnchor::parse(&text, Some(spelling)), Ok((anchor, spelling)));
                }
            }

            #[test]
            fn fixed_lengths_hold(bytes in proptest::array::uniform16(any::<u8>())) {
                let anchor = SourceAnchor::from_storage_bytes(bytes);
                prop_assert_eq!(anchor.guid_text().len(), GUID_TEXT_LEN);
                prop_assert_eq!(anchor.immutable_id().len(), IMMUTABLE_ID_LEN);
                prop_assert_eq!(anchor.octet_string().len(), OCTET_STRING_LEN);
                prop_assert_eq!(anchor.ldap_filter().len(), LDAP_FILTER_LEN);
                prop_assert_eq!(anchor.connector_dn().len(), CONNECTOR_DN_LEN);
            }

            #[test]
            fn parsing_never_panics(text in "\\PC{0,80}") {
                let _ = SourceAnchor::parse(&text, None);
                for spelling in [Spelling::Guid, Spelling::ImmutableId, Spelling::OctetString, Spelling::LdapFilter, Spelling::ConnectorDn] {
                    let _ = SourceAnchor::parse(&text, Some(spelling));
                }
            }
        }
    }

    // Issue 24. Design concepts, "Selecting a good sourceAnchor attribute": fewer than 60
    // characters, each outside a-z, A-Z and 0-9 counting as 3; none of the listed characters.
    #[test]
    fn design_concepts_custom_anchor_values_follow_the_rules() {
        assert_eq!(custom_value_problem("E1234"), None);
        assert_eq!(custom_value_problem(&"a".repeat(59)), None);
        assert!(custom_value_problem(&"a".repeat(60)).is_some_and(|why| why.contains("counts 60")));
        // 19 letters with an accent count 57: allowed; 20 count 60: not.
        assert_eq!(custom_value_problem(&"é".repeat(19)), None);
        assert!(custom_value_problem(&"é".repeat(20)).is_some());
        for bad in ["a_b", "john@contoso", "a b(c)", "x=y", "k'l"] {
            assert!(custom_value_problem(bad).is_some(), "{bad}");
        }
        assert!(matches!(
            custom_immutable_id(Some(AnchorValue::Text("E_1"))),
            Err(AnchorError::CustomInvalid { .. })
        ));
        // A binary value is Base64-encoded by Entra Connect: not checked.
        assert_eq!(
            custom_immutable_id(Some(AnchorValue::Bytes(&[0xFF; 50]))).map(|id| id.len()),
            Ok(68)
        );
        for name in ["userPrincipalName", "MAIL", "targetAddress"] {
            assert!(unselectable_anchor_attribute(name).is_some(), "{name}");
        }
        assert_eq!(unselectable_anchor_attribute("employeeID"), None);
    }
}
