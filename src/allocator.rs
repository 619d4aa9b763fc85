//! Tuning of mimalloc, the allocator of the binaries (see `src/main.rs`).
//!
//! By default mimalloc gives freed memory back to the system 10 ms after
//! it is freed, so a program that builds and drops large buffers in turn
//! (the export's per-predicate scans, each a vector of hundreds of
//! thousands of decoded terms) faults the same pages in again and again:
//! on 1,000 reports that was a fifth of the export's time, spent by the
//! kernel zeroing pages. Keeping freed memory until the process ends removes
//! that and leaves peak memory as it was (freed memory is reused, not
//! added to). Even a one-second delay left most of the faults.

use std::os::raw::{c_int, c_long};

extern "C" {
    // exported by the mimalloc library that the `mimalloc` crate links
    fn mi_option_set(option: c_int, value: c_long);
}

/// `mi_option_purge_delay` in mimalloc's `mi_option_e` (v2 and v3).
const MI_OPTION_PURGE_DELAY: c_int = 15;

/// `-1`: freed memory is never returned before the process ends.
const NEVER: c_long = -1;

/// Makes mimalloc keep freed memory for reuse instead of returning it to
/// the system. Call it first thing in `main` of a binary whose global allocator
/// is `mimalloc::MiMalloc`.
pub fn delay_purging() {
    // SAFETY: `mi_option_set` only stores an integer option; any value is
    // valid for this option and it may be set at any time.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, NEVER) }
}
