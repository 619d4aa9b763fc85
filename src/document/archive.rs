//! Reading parts of the ZIP archives DOCX and HWPX files are, with the
//! limits that keep a decompression bomb (a few KiB that inflate to
//! gigabytes) from taking the machine's memory: no part past
//! [`MAX_PART_BYTES`], no archive past [`MAX_ARCHIVE_BYTES`] in all, no
//! large part inflating more than [`MAX_RATIO`] times.

use std::io::{Cursor, Read};

/// The most one part of an archive may inflate to (a real report's
/// `document.xml` is a few MiB).
pub const MAX_PART_BYTES: u64 = 64 << 20;

/// The most all parts of an archive may inflate to together.
pub const MAX_ARCHIVE_BYTES: u64 = 512 << 20;

/// How many times a part larger than 1 MiB may inflate (XML compresses
/// some 10 to 30 times; a bomb a thousand times and more).
pub const MAX_RATIO: u64 = 200;

/// Checks every part's declared size against the limits, before a reader
/// inflates anything.
pub fn check_archive(bytes: &[u8]) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("damaged ZIP archive: {e}"))?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| format!("damaged ZIP archive: {e}"))?;
        let name = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("entry {i}"));
        check_sizes(&name, entry.size(), entry.compressed_size())?;
        total = total.saturating_add(entry.size());
        if total > MAX_ARCHIVE_BYTES {
            return Err(format!(
                "the archive inflates past {MAX_ARCHIVE_BYTES} bytes: a decompression bomb, not a report"
            ));
        }
    }
    Ok(())
}

fn check_sizes(name: &str, size: u64, compressed: u64) -> Result<(), String> {
    if size > MAX_PART_BYTES || size > MAX_RATIO * compressed.max(1) && size > (1 << 20) {
        return Err(format!(
            "{name} inflates to {size} bytes from {compressed}: a decompression bomb, not a report"
        ));
    }
    Ok(())
}

/// Reads a part of a ZIP archive, refusing a decompression bomb.
pub fn read_zip_part(bytes: &[u8], name: &str) -> Result<Option<Vec<u8>>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("damaged ZIP archive: {e}"))?;
    let mut entry = match archive.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("damaged ZIP archive ({name}): {e}")),
    };
    if entry.encrypted() {
        return Err(format!("{name} is encrypted (password-protected)"));
    }
    check_sizes(name, entry.size(), entry.compressed_size())?;
    let mut out = Vec::new();
    (&mut entry)
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("damaged ZIP archive ({name}): {e}"))?;
    if out.len() as u64 > MAX_PART_BYTES {
        return Err(format!(
            "{name} inflates past {MAX_PART_BYTES} bytes: a decompression bomb, not a report"
        ));
    }
    Ok(Some(out))
}
