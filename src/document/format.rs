//! Which reader a report file needs: told by its bytes (`%PDF-`, an OLE
//! compound file with an HWP header, a ZIP holding `word/document.xml` or
//! the HWPX `mimetype`), checked against its extension. A file whose
//! extension names one binary format while its bytes are another (or no
//! known one) is refused rather than guessed at.

use std::path::Path;

/// A binary report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryFormat {
    /// PDF.
    Pdf,
    /// Hangul HWP 5.0 (an OLE compound file).
    Hwp,
    /// Hangul HWPX (OWPML in a ZIP).
    Hwpx,
    /// Office Open XML word processing (a ZIP).
    Docx,
}

impl BinaryFormat {
    /// The usual name of the format, for messages.
    pub fn name(self) -> &'static str {
        match self {
            BinaryFormat::Pdf => "PDF",
            BinaryFormat::Hwp => "HWP",
            BinaryFormat::Hwpx => "HWPX",
            BinaryFormat::Docx => "DOCX",
        }
    }

    fn from_extension(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(BinaryFormat::Pdf),
            "hwp" => Some(BinaryFormat::Hwp),
            "hwpx" => Some(BinaryFormat::Hwpx),
            "docx" => Some(BinaryFormat::Docx),
            _ => None,
        }
    }
}

/// What the bytes of a file are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// One of the binary formats.
    Binary(BinaryFormat),
    /// An OLE compound file that is not HWP: an encrypted (password-protected)
    /// Office document, or a legacy `.doc`.
    OtherOle {
        /// Whether it is an encrypted OOXML package.
        encrypted: bool,
    },
    /// A ZIP that is neither DOCX nor HWPX.
    OtherZip,
    /// Anything else (text, HTML, unknown binary).
    Other,
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads the format from the bytes alone.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Sniffed::Binary(BinaryFormat::Pdf);
    }
    if bytes.starts_with(OLE_MAGIC) {
        if find(bytes, b"HWP Document File").is_some() {
            return Sniffed::Binary(BinaryFormat::Hwp);
        }
        let encrypted = find(bytes, &utf16("EncryptedPackage")).is_some();
        return Sniffed::OtherOle { encrypted };
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // the HWPX `mimetype` entry comes first, stored; DOCX names its parts
        if find(head, b"application/hwp+zip").is_some() {
            return Sniffed::Binary(BinaryFormat::Hwpx);
        }
        if find(bytes, b"word/document.xml").is_some() {
            return Sniffed::Binary(BinaryFormat::Docx);
        }
        if find(bytes, b"Contents/section0.xml").is_some() {
            return Sniffed::Binary(BinaryFormat::Hwpx);
        }
        return Sniffed::OtherZip;
    }
    Sniffed::Other
}

/// The binary format to read `path` as, `None` for a text report, or the
/// reason the extension and the bytes disagree.
pub fn binary_format(path: &Path, bytes: &[u8]) -> Result<Option<BinaryFormat>, String> {
    let claimed = BinaryFormat::from_extension(path);
    let sniffed = sniff(bytes);
    match (claimed, sniffed) {
        (_, Sniffed::Binary(f)) if claimed.is_none_or(|c| c == f) => Ok(Some(f)),
        (Some(c), Sniffed::Binary(f)) => Err(format!(
            "the extension says {} but the bytes are a {} file; rename it to .{}",
            c.name(),
            f.name(),
            f.name().to_ascii_lowercase()
        )),
        (Some(BinaryFormat::Docx), Sniffed::OtherOle { encrypted: true }) => {
            Err("encrypted (password-protected) DOCX; save it without a password first".into())
        }
        (_, Sniffed::OtherOle { encrypted: true }) => Err(
            "an encrypted (password-protected) Office document; save it without a password first"
                .into(),
        ),
        (Some(BinaryFormat::Hwp), Sniffed::OtherOle { .. }) => {
            Err("damaged or truncated HWP file (its compound file holds no HWP header)".into())
        }
        (Some(c), Sniffed::OtherOle { .. }) => Err(format!(
            "not a {} file (an OLE compound file of another kind, such as a legacy .doc)",
            c.name()
        )),
        (Some(c), Sniffed::OtherZip) => Err(format!(
            "not a {} file (a ZIP archive without {})",
            c.name(),
            if c == BinaryFormat::Docx {
                "word/document.xml"
            } else {
                "an HWPX document"
            }
        )),
        (Some(c), Sniffed::Other) => Err(format!(
            "not a {} file (its first bytes are not a {} signature)",
            c.name(),
            c.name()
        )),
        (None, _) => Ok(None),
    }
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_and_extensions() {
        let p = Path::new;
        let pdf = b"%PDF-1.7\n...";
        assert_eq!(binary_format(p("a.pdf"), pdf), Ok(Some(BinaryFormat::Pdf)));
        assert_eq!(binary_format(p("a.bin"), pdf), Ok(Some(BinaryFormat::Pdf)));
        assert_eq!(binary_format(p("a.md"), b"# title"), Ok(None));
        assert!(binary_format(p("a.pdf"), b"# title").is_err());
        assert!(binary_format(p("a.hwpx"), pdf).is_err());
        let mut docx = b"PK\x03\x04".to_vec();
        docx.extend_from_slice(b"....word/document.xml....");
        assert_eq!(
            binary_format(p("a.docx"), &docx),
            Ok(Some(BinaryFormat::Docx))
        );
        assert!(binary_format(p("a.pdf"), &docx)
            .unwrap_err()
            .contains("rename it to .docx"));
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend(utf16("EncryptedPackage"));
        assert!(binary_format(p("a.docx"), &ole)
            .unwrap_err()
            .contains("password"));
    }
}
