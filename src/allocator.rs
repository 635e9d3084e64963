//! The global allocator: mimalloc, tuned to give freed memory back promptly and to start fast.
//!
//! Events are allocated on the reader threads and freed on the main thread; mimalloc frees
//! across threads without the arena lock glibc's allocator takes (`--no-default-features`
//! builds with the system allocator, for a faster start).
//!
//! mimalloc (v3) keeps a page freed by a thread committed for a second before it purges it.
//! eddy sets 100 ms: a page freed and wanted again soon (the events the stage frees and the
//! readers make next) is not given back and faulted in again, which at 1 ms cost a window with
//! many keys 150,000 page faults and 13 % of its time, while peak RSS stays where 1 ms had it
//! (docs/memory.md).
//!
//! Two more options are for the start-up (docs/perf.md, "Start-up"): the first arena is
//! reserved at 64 MiB instead of 1 GiB (its bitmaps, one per size class, are written when it
//! is made: 42 pages for 1 GiB, 5 for 64 MiB; a larger heap gets more arenas, each about twice
//! the last), and at exit mimalloc does not purge its pages one `madvise` at a time (the
//! kernel frees them with the process). Each is a default: a `MIMALLOC_PURGE_DELAY`,
//! `MIMALLOC_ARENA_RESERVE` or `MIMALLOC_DESTROY_ON_EXIT` in the environment wins, and
//! `MIMALLOC_SHOW_STATS` or `MIMALLOC_VERBOSE` keeps the exit work that prints the statistics.
//!
//! The options must be set before the first allocation, which std's runtime makes before
//! `main`: on ELF platforms the loader calls [`tune`] from `.init_array`; elsewhere `main` calls
//! it first thing. mimalloc's own constructor may run before or after it (by its priority
//! under clang, by link order under gcc): either way a default set here stays, and an option
//! not read yet is read from the environment at its first use. Setting options and the `.init_array` entry are the binary's second
//! `unsafe` place.

#![allow(unsafe_code)]

use libmimalloc_sys::{
    mi_option_is_enabled, mi_option_set_default, mi_option_show_stats, mi_option_t,
    mi_option_verbose,
};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_e` (the Rust bindings name only v2's
/// options, and some of those at v2's numbers); the tests below fail if the vendored mimalloc
/// renumbers it or the two below.
const PURGE_DELAY: mi_option_t = 15;
/// `mi_option_destroy_on_exit`: 2 skips mimalloc's whole exit-time clean-up.
const DESTROY_ON_EXIT: mi_option_t = 22;
/// `mi_option_arena_reserve`, in KiB.
const ARENA_RESERVE: mi_option_t = 23;

/// Milliseconds a freed page stays committed before mimalloc returns it to the system.
const PURGE_DELAY_MS: std::ffi::c_long = 100;
/// The first arenas' size in KiB: 64 MiB, the least mimalloc reserves for a small allocation
/// (its 32 MiB minimum plus room for a 32 MiB object).
const ARENA_RESERVE_KIB: std::ffi::c_long = 64 * 1024;

/// Runs [`tune`] before `main`, before std's runtime allocates (see the module's header).
#[cfg(all(unix, not(target_vendor = "apple")))]
#[used]
// SAFETY: `.init_array` holds `extern "C" fn()` pointers the loader calls once, in the main
// thread, before `main`; `tune` takes no arguments, does not unwind and only sets integers.
#[unsafe(link_section = ".init_array")]
static TUNE_BEFORE_MAIN: extern "C" fn() = tune;

/// Sets mimalloc's option defaults; runs before any other thread starts.
pub extern "C" fn tune() {
    // SAFETY: the `mi_option_*` calls read and store integers in mimalloc's option table (the
    // first reads of an option read the environment) and take no pointer; they are valid before
    // and after mimalloc's initialisation, and no other thread exists yet to read an option
    // meanwhile.
    unsafe {
        mi_option_set_default(PURGE_DELAY, PURGE_DELAY_MS);
        mi_option_set_default(ARENA_RESERVE, ARENA_RESERVE_KIB);
        if !mi_option_is_enabled(mi_option_show_stats) && !mi_option_is_enabled(mi_option_verbose) {
            mi_option_set_default(DESTROY_ON_EXIT, 2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use libmimalloc_sys::{mi_option_get, mi_version};

    /// The names of `mi_option_e` in the vendored `mimalloc.h`, in order.
    fn option_names() -> Vec<String> {
        let header = std::path::Path::new(env!("EDDY_MIMALLOC_INCLUDE_DIR")).join("mimalloc.h");
        let text = std::fs::read_to_string(header).unwrap();
        let body = text.split("typedef enum mi_option_e {").nth(1).unwrap();
        let body = body.split("_mi_option_last").next().unwrap();
        body.lines()
            .map(|line| line.split("//").next().unwrap().trim())
            .filter(|item| !item.is_empty())
            .map(|item| item.trim_end_matches(',').to_string())
            .collect()
    }

    #[test]
    fn the_options_are_the_ones_we_mean() {
        let names = option_names();
        for (index, name) in [
            (PURGE_DELAY, "mi_option_purge_delay"),
            (DESTROY_ON_EXIT, "mi_option_destroy_on_exit"),
            (ARENA_RESERVE, "mi_option_arena_reserve"),
        ] {
            assert_eq!(names[index as usize], name, "{names:?}");
        }
    }

    #[cfg(all(unix, not(target_vendor = "apple")))]
    #[test]
    fn the_defaults_are_set_before_main() {
        // SAFETY: reads mimalloc's version and options' values; no pointers. The test binary
        // has the same `.init_array` entry (and no `main` of ours that would call `tune`).
        let (version, delay, reserve) = unsafe {
            (
                mi_version(),
                mi_option_get(PURGE_DELAY),
                mi_option_get(ARENA_RESERVE),
            )
        };
        assert!(version >= 300, "mimalloc {version} is not v3");
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(delay, PURGE_DELAY_MS);
        }
        if std::env::var_os("MIMALLOC_ARENA_RESERVE").is_none() {
            assert_eq!(reserve, ARENA_RESERVE_KIB);
        }
    }
}
