//! Bytes of an export file to text, as Export-Csv and ConvertTo-Json wrote them: UTF-8 with or
//! without a BOM, UTF-16 LE or BE with a BOM (`-Encoding Unicode`, `BigEndianUnicode`), and, for
//! a file that is not UTF-8 and has no BOM, the ANSI code page (`-Encoding Default`; Windows-1252
//! is taken, **model assumption**: the common Western code page).

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use serde::Serialize;

/// How the file was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum FileEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// No BOM and not UTF-8: the ANSI code page.
    Ansi,
}

/// The file's text and how it was encoded. A UTF-16 file with an odd byte left over, or a
/// malformed sequence, keeps U+FFFD where the bytes were: `lossy` says so.
#[derive(Debug)]
pub struct Decoded {
    /// The text; a UTF-8 file's own bytes, its BOM kept (the body starts at `start`).
    pub text: String,
    pub start: usize,
    pub encoding: FileEncoding,
    pub lossy: bool,
}

impl Decoded {
    /// The text after a BOM.
    pub fn body(&self) -> &str {
        &self.text[self.start..]
    }
}

/// The file's bytes as text: a UTF-8 file without a copy.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    let transcoded = |encoding: &'static Encoding, body: &[u8], file_encoding| {
        let (text, lossy) = encoding.decode_without_bom_handling(body);
        Decoded {
            text: text.into_owned(),
            start: 0,
            encoding: file_encoding,
            lossy,
        }
    };
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return transcoded(UTF_16LE, &bytes[2..], FileEncoding::Utf16Le);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return transcoded(UTF_16BE, &bytes[2..], FileEncoding::Utf16Be);
    }
    let bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
    match String::from_utf8(bytes) {
        Ok(text) => Decoded {
            text,
            start: if bom { 3 } else { 0 },
            encoding: if bom {
                FileEncoding::Utf8Bom
            } else {
                FileEncoding::Utf8
            },
            lossy: false,
        },
        // A UTF-8 BOM before bytes that are not UTF-8: the BOM wins, the rest is replaced.
        Err(error) if bom => transcoded(UTF_8, &error.into_bytes()[3..], FileEncoding::Utf8Bom),
        Err(error) => transcoded(WINDOWS_1252, error.as_bytes(), FileEncoding::Ansi),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    // Export-Csv -Encoding Unicode (Windows PowerShell 5.1): UTF-16 LE with a BOM.
    #[test]
    fn every_export_csv_encoding_reads_back() {
        let text = "\"Name\"\r\n\"Søren\"\r\n";
        let decoded = decode(utf16le(text));
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            (text, FileEncoding::Utf16Le)
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(be).encoding, FileEncoding::Utf16Be);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(text.as_bytes());
        assert_eq!(decode(bom).body(), text);
        assert_eq!(
            decode(text.as_bytes().to_vec()).encoding,
            FileEncoding::Utf8
        );
        // -Encoding Default on a Western system: ø is one byte, 0xF8.
        let ansi = decode(b"\"S\xF8ren\"".to_vec());
        assert_eq!(
            (ansi.text.as_str(), ansi.encoding),
            ("\"Søren\"", FileEncoding::Ansi)
        );
    }
}
