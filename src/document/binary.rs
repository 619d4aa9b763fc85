//! The readers of binary report formats behind one call: [`render`] picks
//! the reader the bytes need ([`format`](super::format)), runs it so that a
//! panic inside a third-party parser on a damaged file becomes an error
//! naming the file instead of ending the process, and returns the Markdown
//! rendering the Markdown reader then reads.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Once;

use super::format::BinaryFormat;
use super::rendering::Rendered;
use super::{docx, hangul, pdf};
use crate::error::Error;

thread_local! {
    /// Set while this thread runs a reader: its panics are reported as errors, not printed.
    static IN_READER: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// Keeps the default panic message for every panic except those of a
/// reader, which [`render`] turns into a one-line error.
fn install_quiet_hook() {
    QUIET_HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_READER.with(Cell::get) {
                default(info);
            }
        }));
    });
}

/// Renders a binary report as Markdown with its source map.
pub fn render(path: &Path, format: BinaryFormat, bytes: &[u8]) -> Result<Rendered, Error> {
    install_quiet_hook();
    IN_READER.with(|f| f.set(true));
    let result = catch_unwind(AssertUnwindSafe(|| match format {
        BinaryFormat::Pdf => pdf::render(bytes).map_err(|e| (e.page, e.message)),
        BinaryFormat::Hwp | BinaryFormat::Hwpx => hangul::render(bytes).map_err(|m| (None, m)),
        BinaryFormat::Docx => docx::render(bytes).map_err(|m| (None, m)),
    }));
    IN_READER.with(|f| f.set(false));
    let bad = |page: Option<u32>, message: String| Error::BadDocument {
        path: path.to_path_buf(),
        place: page.map(|p| format!("page {p}: ")).unwrap_or_default(),
        message,
    };
    match result {
        Ok(Ok(rendered)) => Ok(rendered),
        Ok(Err((page, message))) => Err(bad(page, message)),
        Err(panic) => {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let why: String = why.lines().next().unwrap_or("").chars().take(120).collect();
            Err(bad(
                None,
                format!("damaged {} file: its parser gave up ({why})", format.name()),
            ))
        }
    }
}
