//! Bytes of an export file to text, as Export-Csv and ConvertTo-Json wrote them: UTF-8 with or
//! without a BOM, UTF-16 LE or BE with a BOM (`-Encoding Unicode`, `BigEndianUnicode`), and, for
//! a file that is invalid UTF-8 throughout and has no BOM, the ANSI code page (`-Encoding
//! Default`; Windows-1252 is taken, **model assumption**: the common Western code page, said in a
//! warning). A caller that knows the encoding says it (`-Encoding`), any ANSI code page included.
//! Nothing is ever replaced silently: a file that is mostly UTF-8 with invalid bytes, invalid
//! bytes after a UTF-8 BOM, or UTF-16 cut at an odd byte is an error naming the line.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use serde::Serialize;

/// How the file was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum FileEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// No BOM and not UTF-8: an ANSI code page (Windows-1252 unless the caller said another).
    Ansi,
}

/// The file's text and how it was encoded.
#[derive(Debug)]
pub struct Decoded {
    /// The text; a UTF-8 file's own bytes, its BOM kept (the body starts at `start`).
    pub text: String,
    pub start: usize,
    pub encoding: FileEncoding,
    /// Read as ANSI without being told: the reader should say so.
    pub guessed_ansi: bool,
}

impl Decoded {
    /// The text after a BOM.
    pub fn body(&self) -> &str {
        &self.text[self.start..]
    }
}

/// Why the bytes are not text in the encoding they claim or were said to have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The 1-based line of the first byte that is not text.
    pub line: u64,
    pub reason: String,
}

/// The encoding a caller names: a WHATWG label (`utf-8`, `windows-1251`, `iso-8859-2`…),
/// PowerShell's names (`utf8`, `utf8BOM`, `utf8NoBOM`, `unicode`, `bigendianunicode`, `ansi`,
/// `default`), or a Windows code page number (`1251`, `65001`, `1200`).
pub fn encoding_named(name: &str) -> Result<&'static Encoding, String> {
    let name = name.trim();
    let powershell = match name.to_ascii_lowercase().as_str() {
        "utf8" | "utf8bom" | "utf8nobom" | "65001" => Some(UTF_8),
        "unicode" | "utf16" | "utf-16" | "1200" => Some(UTF_16LE),
        "bigendianunicode" | "1201" => Some(UTF_16BE),
        "ansi" | "default" => Some(WINDOWS_1252),
        _ => None,
    };
    if let Some(encoding) = powershell {
        return Ok(encoding);
    }
    let label = match name.parse::<u32>() {
        // Windows code pages by number, as [Text.Encoding]::GetEncoding takes them.
        Ok(866) => "ibm866".to_owned(),
        Ok(874) => "windows-874".to_owned(),
        Ok(932) => "shift_jis".to_owned(),
        Ok(936) => "gbk".to_owned(),
        Ok(949) => "euc-kr".to_owned(),
        Ok(950) => "big5".to_owned(),
        Ok(page @ 1250..=1258) => format!("windows-{page}"),
        Ok(page @ 28591..=28606) => format!("iso-8859-{}", page - 28590),
        Ok(20866) => "koi8-r".to_owned(),
        Ok(21866) => "koi8-u".to_owned(),
        _ => name.to_owned(),
    };
    Encoding::for_label(label.as_bytes()).ok_or_else(|| {
        format!("'{name}' is not an encoding SyncMatch knows: name it as Export-Csv -Encoding does (utf8, unicode, bigendianunicode, ansi), by its label (windows-1251, iso-8859-2) or by its code page number (1251)")
    })
}

/// The file's bytes as text, by the rules above; `declared` is the encoding the caller said.
pub fn decode(bytes: Vec<u8>, declared: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some((UTF_8, 3))
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        Some((UTF_16LE, 2))
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some((UTF_16BE, 2))
    } else {
        None
    };
    // A BOM says what the file is; a declared encoding is for files without one.
    let (encoding, start) = match (bom, declared) {
        (Some(found), _) => found,
        (None, Some(declared)) => (declared, 0),
        (None, None) => return guess(bytes),
    };
    if encoding == UTF_8 {
        let start_text = start;
        return match String::from_utf8(bytes) {
            Ok(text) => Ok(Decoded {
                text,
                start: start_text,
                encoding: if start_text > 0 {
                    FileEncoding::Utf8Bom
                } else {
                    FileEncoding::Utf8
                },
                guessed_ansi: false,
            }),
            Err(error) => {
                let at = error.utf8_error().valid_up_to();
                let bytes = error.into_bytes();
                Err(DecodeError {
                    line: line_of(&bytes, at),
                    reason: format!(
                        "byte 0x{:02X} is not UTF-8{}: the file mixes encodings (edited or joined from files saved differently). Save it as UTF-8 again, or say its encoding (Import-DirectoryExport -Encoding)",
                        bytes[at],
                        if start_text > 0 {
                            ", yet the file starts with a UTF-8 BOM"
                        } else {
                            ""
                        }
                    ),
                })
            }
        };
    }
    let body = &bytes[start..];
    let wide = encoding == UTF_16LE || encoding == UTF_16BE;
    if wide && body.len() % 2 == 1 {
        return Err(DecodeError {
            line: wide_line_of(body, body.len() - 1, encoding == UTF_16LE),
            reason: "the UTF-16 file ends in half a character (an odd number of bytes): it was cut off while being written or copied; export it again".to_owned(),
        });
    }
    let (text, malformed) = encoding.decode_without_bom_handling(body);
    if malformed {
        let at = text.find('\u{FFFD}').unwrap_or(0);
        return Err(DecodeError {
            line: 1 + text[..at].matches('\n').count() as u64,
            reason: format!(
                "the bytes here are not {} text: the file is not in the encoding {}; say its encoding with Import-DirectoryExport -Encoding",
                encoding.name(),
                if bom.is_some() {
                    "its BOM claims"
                } else {
                    "given"
                }
            ),
        });
    }
    Ok(Decoded {
        text: text.into_owned(),
        start: 0,
        encoding: match encoding {
            e if e == UTF_16LE => FileEncoding::Utf16Le,
            e if e == UTF_16BE => FileEncoding::Utf16Be,
            _ => FileEncoding::Ansi,
        },
        guessed_ansi: false,
    })
}

/// A file without a BOM or a declared encoding: UTF-8 when it is valid UTF-8; ANSI
/// (Windows-1252) when it is invalid UTF-8 throughout; an error when it is mostly UTF-8 with
/// invalid bytes (one bad byte must not turn every row into mojibake).
fn guess(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    // Valid UTF-8 (nearly every file) is known by one validating pass, without a copy.
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            return Ok(Decoded {
                text,
                start: 0,
                encoding: FileEncoding::Utf8,
                guessed_ansi: false,
            });
        }
        Err(error) => error.into_bytes(),
    };
    let (valid, invalid, first_invalid) = utf8_census(&bytes);
    if valid >= invalid {
        return Err(DecodeError {
            line: line_of(&bytes, first_invalid),
            reason: format!(
                "byte 0x{:02X} is not UTF-8, while the rest of the file is UTF-8 ({valid} characters outside ASCII read as UTF-8, {invalid} bytes not): the file mixes encodings (edited or joined from files saved differently). Save it as UTF-8 again, or say its encoding (Import-DirectoryExport -Encoding)",
                bytes[first_invalid]
            ),
        });
    }
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(&bytes);
    Ok(Decoded {
        text: text.into_owned(),
        start: 0,
        encoding: FileEncoding::Ansi,
        guessed_ansi: true,
    })
}

/// Valid non-ASCII UTF-8 sequences, invalid sequences, and where the first invalid one starts.
fn utf8_census(bytes: &[u8]) -> (usize, usize, usize) {
    let (mut valid, mut invalid, mut first) = (0, 0, usize::MAX);
    let mut at = 0;
    while at < bytes.len() {
        match std::str::from_utf8(&bytes[at..]) {
            Ok(rest) => {
                valid += rest.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(error) => {
                let good = error.valid_up_to();
                valid += std::str::from_utf8(&bytes[at..at + good])
                    .map_or(0, |text| text.chars().filter(|c| !c.is_ascii()).count());
                first = first.min(at + good);
                invalid += 1;
                at += good + error.error_len().unwrap_or(bytes.len() - at - good).max(1);
            }
        }
    }
    (valid, invalid, first)
}

/// The 1-based line byte `at` of a single-byte or UTF-8 text is on.
fn line_of(bytes: &[u8], at: usize) -> u64 {
    1 + memchr::memchr_iter(b'\n', &bytes[..at.min(bytes.len())]).count() as u64
}

/// The 1-based line byte `at` of UTF-16 text (without its BOM) is on.
fn wide_line_of(body: &[u8], at: usize, little: bool) -> u64 {
    1 + body[..at - at % 2]
        .chunks_exact(2)
        .filter(|unit| {
            let unit = if little {
                u16::from_le_bytes([unit[0], unit[1]])
            } else {
                u16::from_be_bytes([unit[0], unit[1]])
            };
            unit == u16::from(b'\n')
        })
        .count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    fn read(bytes: &[u8]) -> Result<Decoded, DecodeError> {
        decode(bytes.to_vec(), None)
    }

    // Export-Csv -Encoding Unicode (Windows PowerShell 5.1): UTF-16 LE with a BOM.
    #[test]
    fn every_export_csv_encoding_reads_back() {
        let text = "\"Name\"\r\n\"Søren\"\r\n";
        let decoded = read(&utf16le(text)).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            (text, FileEncoding::Utf16Le)
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(read(&be).unwrap().encoding, FileEncoding::Utf16Be);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(text.as_bytes());
        assert_eq!(read(&bom).unwrap().body(), text);
        assert_eq!(read(text.as_bytes()).unwrap().encoding, FileEncoding::Utf8);
        // -Encoding Default on a Western system: ø is one byte, 0xF8; said, not silent.
        let ansi = read(b"\"S\xF8ren\"\r\n\"J\xF6rg\"").unwrap();
        assert_eq!(
            (ansi.text.as_str(), ansi.encoding, ansi.guessed_ansi),
            ("\"Søren\"\r\n\"Jörg\"", FileEncoding::Ansi, true)
        );
    }

    // PowerShell 7's Export-Csv writes UTF-8 without a BOM: one invalid byte in such a file must
    // not turn every José into JosÃ©; it is an error naming its line.
    #[test]
    fn one_bad_byte_in_a_utf8_file_is_an_error_naming_its_line() {
        let bytes =
            "\"Name\"\n\"José Núñez\"\n\"Ren\u{e9}e\"\n".replace("Ren\u{e9}e", "Ren\u{FFFF}e");
        let mut bytes = bytes.into_bytes();
        // Line 3's é as a lone Windows-1252 byte.
        let at = bytes
            .windows(3)
            .position(|w| w == "\u{FFFF}".as_bytes())
            .unwrap();
        bytes.splice(at..at + 3, [0xE9]);
        let error = read(&bytes).unwrap_err();
        assert_eq!(error.line, 3, "{}", error.reason);
        assert!(error.reason.contains("0xE9"), "{}", error.reason);
        // After a UTF-8 BOM, the same.
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(b"\"Name\"\n\"Ren\xE9e\"\n");
        let error = read(&bom).unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.reason.contains("BOM"));
    }

    #[test]
    fn utf16_cut_at_an_odd_byte_is_an_error() {
        let mut bytes = utf16le("\"Name\"\r\n\"Ann\"\r\n");
        bytes.pop();
        let error = read(&bytes).unwrap_err();
        assert_eq!(error.line, 2, "the half character is line 2's line break");
        assert!(error.reason.contains("half a character"));
    }

    proptest::proptest! {
        // Any UTF-8 text holding a letter outside ASCII, with one byte that can never be UTF-8
        // put between two characters: an error naming that byte's line, never a lossy read.
        #[test]
        fn one_invalid_byte_in_utf8_text_names_its_line(
            text in "[a-zé\n,\"]{0,80}é[a-zøñ\n]{0,80}",
            at in 0usize..200,
        ) {
            let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let at = cuts[at % cuts.len()];
            let mut bytes = text.as_bytes().to_vec();
            bytes.insert(at, 0xFF);
            let error = decode(bytes, None).unwrap_err();
            proptest::prop_assert_eq!(error.line, 1 + text[..at].matches('\n').count() as u64);
        }
    }

    // A Cyrillic ANSI export (Windows-1251) is misread as 1252 unless the caller says so.
    #[test]
    fn a_declared_code_page_reads_its_letters() {
        let bytes = b"\"Name\"\r\n\"\xC8\xE2\xE0\xED\"\r\n".to_vec();
        for name in ["windows-1251", "1251", "WINDOWS-1251"] {
            let encoding = encoding_named(name).unwrap();
            let decoded = decode(bytes.clone(), Some(encoding)).unwrap();
            assert_eq!(decoded.text, "\"Name\"\r\n\"Иван\"\r\n", "{name}");
            assert!(!decoded.guessed_ansi);
        }
        assert_eq!(encoding_named("unicode").unwrap(), UTF_16LE);
        assert_eq!(encoding_named("utf8BOM").unwrap(), UTF_8);
        assert!(encoding_named("klingon").is_err());
        // A BOM wins over what was declared.
        let decoded = decode(utf16le("\"A\"\r\n"), Some(encoding_named("1251").unwrap())).unwrap();
        assert_eq!(decoded.encoding, FileEncoding::Utf16Le);
        // Declared UTF-8 and not UTF-8: an error, never a guess.
        assert!(decode(b"\"S\xF8ren\"".to_vec(), Some(UTF_8)).is_err());
    }
}
