//! Whether standard output was closed when the process started (`eddy … >&-`).
//!
//! Rust's runtime reopens a closed descriptor 0, 1 or 2 on `/dev/null` before `main` runs, so
//! that every write to a closed stdout would "succeed" and the output be lost without a word.
//! This module looks at descriptor 1 before that, from the ELF `.init_array`, the only place
//! that runs earlier; `main` then fails the run as `cat` does ("Bad file descriptor", exit 3)
//! before reading any input, unless the output goes to `--to-http` (stdout is not written). Its one `unsafe` block is a `fcntl` query (the binary's other one sets
//! an allocator option, `allocator.rs`).

#![allow(unsafe_code)]

use std::sync::atomic::{AtomicBool, Ordering};

static CLOSED: AtomicBool = AtomicBool::new(false);

/// Runs before Rust's runtime initialisation, with the descriptors as the parent left them.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static LOOK_AT_STDOUT: extern "C" fn() = look_at_stdout;

#[cfg(target_os = "linux")]
extern "C" fn look_at_stdout() {
    // SAFETY: `fcntl(1, F_GETFD)` reads the descriptor flags of descriptor 1 and touches no
    // memory; it fails with EBADF exactly when the descriptor is not open.
    let flags = unsafe { libc::fcntl(1, libc::F_GETFD) };
    CLOSED.store(flags == -1, Ordering::Relaxed);
}

/// True when descriptor 1 was not open when the process started (always false off Linux,
/// where it is not checked).
pub fn stdout_was_closed() -> bool {
    CLOSED.load(Ordering::Relaxed)
}
