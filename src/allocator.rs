//! The global allocator: mimalloc, tuned to give freed memory back promptly.
//!
//! Events are allocated on the reader threads and freed on the main thread; mimalloc frees
//! across threads without the arena lock glibc's allocator takes (`--no-default-features`
//! builds with the system allocator, for a faster start).
//!
//! mimalloc (v3) keeps a page freed by a thread committed for a second before it purges it.
//! eddy sets 100 ms: a page freed and wanted again soon (the events the stage frees and the
//! readers make next) is not given back and faulted in again, which at 1 ms cost a window with
//! many keys 150,000 page faults and 13 % of its time, while peak RSS stays where 1 ms had it
//! (docs/memory.md). It overrides a `MIMALLOC_PURGE_DELAY` in the environment. Setting an
//! option is the binary's second `unsafe` call.

#![allow(unsafe_code)]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_e` (the Rust bindings name only v2's
/// options); the test below fails if the vendored mimalloc renumbers it.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Milliseconds a freed page stays committed before mimalloc returns it to the system.
const PURGE_DELAY_MS: std::ffi::c_long = 100;

/// Sets mimalloc's options; call first thing in `main`, before any other thread starts.
pub fn tune() {
    // SAFETY: `mi_option_set` stores an integer in mimalloc's option table with plain stores
    // and reads no pointer; it is valid before and after mimalloc's initialisation, and `main`
    // calls this before any other thread exists, so nothing reads the option meanwhile.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_DELAY_MS) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_delay_is_the_option_we_mean() {
        // SAFETY: reads mimalloc's version and one option's value; no pointers.
        let (version, default) = unsafe {
            (
                libmimalloc_sys::mi_version(),
                libmimalloc_sys::mi_option_get(PURGE_DELAY),
            )
        };
        assert!(version >= 300, "mimalloc {version} is not v3");
        // v3's default purge delay is 1,000 ms; another value means the index moved.
        assert_eq!(default, 1000, "option {PURGE_DELAY} is not the purge delay");
    }
}
