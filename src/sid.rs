//! A security identifier's binary form as its text (`S-1-5-21-…`), as Get-ADUser and Graph's
//! onPremisesSecurityIdentifier show it (MS-DTYP 2.4.2.2, SID; 2.4.2.1, SID string format): a
//! revision byte, the sub-authority count, a 48-bit big-endian identifier authority, then that
//! many 32-bit little-endian sub-authorities. LDAP and a byte[] in ConvertTo-Json give the
//! binary form.

/// The text of the SID `bytes` hold, or None when they are not one.
pub fn sid_text(bytes: &[u8]) -> Option<String> {
    let (&revision, rest) = bytes.split_first()?;
    let (&count, rest) = rest.split_first()?;
    let (authority, rest) = rest.split_at_checked(6)?;
    if revision != 1 || count > 15 || rest.len() != 4 * usize::from(count) {
        return None;
    }
    let authority = authority
        .iter()
        .fold(0u64, |value, &byte| (value << 8) | u64::from(byte));
    // MS-DTYP 2.4.2.1: the authority in decimal below 2^32, else in hexadecimal.
    let mut text = if authority < 1 << 32 {
        format!("S-{revision}-{authority}")
    } else {
        format!("S-{revision}-0x{authority:012X}")
    };
    for part in rest.chunks_exact(4) {
        let value = u32::from_le_bytes([part[0], part[1], part[2], part[3]]);
        text.push('-');
        text.push_str(&value.to_string());
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    // MS-DTYP 2.4.2.2: S-1-5-32-544 (BUILTIN\Administrators) is 01 02 000000000005 20000000 20020000.
    #[test]
    fn ms_dtyp_the_builtin_administrators_sid() {
        let bytes = [1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 32, 2, 0, 0];
        assert_eq!(sid_text(&bytes).as_deref(), Some("S-1-5-32-544"));
    }

    #[test]
    fn a_domain_sid_and_self() {
        let mut bytes = vec![1, 5, 0, 0, 0, 0, 0, 5];
        for part in [21u32, 1004336348, 1177238915, 682003330, 1104] {
            bytes.extend_from_slice(&part.to_le_bytes());
        }
        assert_eq!(
            sid_text(&bytes).as_deref(),
            Some("S-1-5-21-1004336348-1177238915-682003330-1104")
        );
        assert_eq!(
            sid_text(&[1, 1, 0, 0, 0, 0, 0, 5, 10, 0, 0, 0]).as_deref(),
            Some("S-1-5-10")
        );
    }

    #[test]
    fn what_is_not_a_sid_is_none() {
        assert_eq!(sid_text(&[]), None);
        assert_eq!(sid_text(&[1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0]), None);
        assert_eq!(sid_text(&[2, 0, 0, 0, 0, 0, 0, 5]), None);
        // A big authority is written in hexadecimal.
        assert_eq!(
            sid_text(&[1, 0, 1, 0, 0, 0, 0, 0]).as_deref(),
            Some("S-1-0x010000000000")
        );
    }
}
