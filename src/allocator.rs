//! The process allocator of the binaries (`policykg`, `bench`, and the
//! timing examples, which include this file): mimalloc as the global
//! allocator, and its tuning. It is not part of the library: a crate that
//! depends on policykg keeps its own allocator (mimalloc is a dependency of
//! the `cli` feature only).
//!
//! Why mimalloc: extraction, mapping and the export model allocate many
//! small strings, and it serves them about a fifth faster than the system
//! allocator (`examples/extract_timing.rs`: 1.75 s → 1.36 s on 1,000
//! reports). It is built with `override`, so RocksDB's C++ allocates from it
//! too: Oxigraph frees RocksDB's error messages (a locked store) with
//! Rust's allocator, which crashes when the two allocators differ.
//!
//! How it is tuned ([`tune`]):
//!
//! - By default mimalloc gives freed memory back to the system soon after
//!   it is freed, so a program that builds and drops large buffers in turn
//!   (the export's per-predicate scans, each hundreds of thousands of
//!   decoded terms) faults the same pages in again and again. Freed memory
//!   is kept for reuse instead: peak memory is unchanged.
//! - mimalloc asks for transparent huge pages, and every first touch of one
//!   makes the kernel zero 2 MiB. On 1,000 reports that was about a fifth of
//!   an export's time and half of an ingest's system time (2.7 s → 1.3 s),
//!   for a higher peak (756 → 695 MiB without). The process opts out of
//!   them; the system's setting is not touched.

use std::os::raw::{c_int, c_long, c_ulong};

/// mimalloc, for Rust's allocations and (through `override`) RocksDB's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    // exported by the mimalloc library that the `mimalloc` crate links
    fn mi_option_set(option: c_int, value: c_long);
}

#[cfg(target_os = "linux")]
extern "C" {
    fn prctl(option: c_int, ...) -> c_int;
}

/// `mi_option_purge_delay` in mimalloc's `mi_option_e` (v2 and v3).
const MI_OPTION_PURGE_DELAY: c_int = 15;

/// `-1`: freed memory is never returned before the process ends.
const NEVER: c_long = -1;

/// `PR_SET_THP_DISABLE` of `<linux/prctl.h>`.
#[cfg(target_os = "linux")]
const PR_SET_THP_DISABLE: c_int = 41;

/// Makes mimalloc keep freed memory for reuse instead of returning it to
/// the system, and (on Linux) opts the process out of transparent huge
/// pages. Call it first thing in `main`.
pub fn tune() {
    // SAFETY: `mi_option_set` only stores an integer option; any value is
    // valid for this option and it may be set at any time.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, NEVER) }
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes one integer argument and changes
    // only how later page faults of this process are served; a kernel that
    // does not know it returns an error, which is ignored.
    unsafe {
        let (yes, unused): (c_ulong, c_ulong) = (1, 0);
        prctl(PR_SET_THP_DISABLE, yes, unused, unused, unused);
    }
}
