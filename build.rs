//! Build script: two link options for a faster start, each used only where a probe shows that
//! the toolchain and the C library support it, and where mimalloc's header is (for the
//! allocator's test).
//!
//! - Packed relative relocations. A position-independent eddy has about 15,700 relative
//!   relocations, which the loader (or, in a static build, the start code) applies at every
//!   start. `-z pack-relative-relocs` stores them as DT_RELR, a bitmap of the words to adjust:
//!   19 KB instead of 372 KB of `.rela.dyn` to read. It needs a linker that knows the option
//!   (binutils 2.38, lld 15) and a loader that applies DT_RELR (glibc 2.36): the binary then
//!   needs the version `GLIBC_ABI_DT_RELR`, and an older glibc refuses to start it (a binary
//!   for older systems is built with `EDDY_PLAIN_LINK=1`, or on them).
//! - The unwinder linked in (`libgcc_eh.a`, as the static build does) instead of the shared
//!   `libgcc_s.so.1`: one library fewer for the loader to find, map and relocate, and its
//!   constructor, which probes the CPU with `cpuid` (a trap to the hypervisor in a VM), no
//!   longer runs.
//!
//! Each probe builds a small program with the same compiler, target and flags as eddy plus the
//! option, runs it and checks what it prints (through a trait object, whose vtable relative
//! relocations fill in; after a panic caught by unwinding). Cross builds (the probes cannot run
//! here), other targets and `EDDY_PLAIN_LINK=1` link as before (docs/perf.md, "Start-up").

use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=EDDY_PLAIN_LINK");
    if let Some(include) = env::var_os("DEP_MIMALLOC_INCLUDE_DIR") {
        println!(
            "cargo:rustc-env=EDDY_MIMALLOC_INCLUDE_DIR={}",
            include.to_string_lossy()
        );
    }
    let var = |name| env::var(name).unwrap_or_default();
    if env::var_os("EDDY_PLAIN_LINK").is_some()
        || var("CARGO_CFG_TARGET_OS") != "linux"
        || var("CARGO_CFG_TARGET_ENV") != "gnu"
        || var("HOST") != var("TARGET")
    {
        return;
    }
    if runs("relr", &["-C", "link-arg=-Wl,-z,pack-relative-relocs"]) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    let static_build = var("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|f| f == "crt-static");
    if !static_build && runs("unwind", &["-l", "static:-bundle=gcc_eh"]) {
        println!("cargo:rustc-link-lib=static:-bundle=gcc_eh");
    }
}

/// The probe: a vtable call that prints, and a panic caught by unwinding.
const PROBE: &str = "use std::io::Write;\n\
    fn main() {\n\
        std::panic::set_hook(Box::new(|_| {}));\n\
        let caught = std::panic::catch_unwind(|| {\n\
            if std::env::args().count() < 9 { panic!(\"unwind\") }\n\
        });\n\
        let out: &mut dyn Write = &mut std::io::stdout();\n\
        let _ = out.write_all(if caught.is_err() { b\"probed\" } else { b\"not\" });\n\
    }\n";

/// Whether [`PROBE`] built for this target with this build's flags and `extra` runs as it
/// should.
fn runs(name: &str, extra: &[&str]) -> bool {
    let var = |name| env::var(name).unwrap_or_default();
    let out = PathBuf::from(var("OUT_DIR"));
    let source = out.join(format!("probe_{name}.rs"));
    let binary = out.join(format!("probe_{name}"));
    if std::fs::write(&source, PROBE).is_err() {
        return false;
    }
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    // The linker the build configured (`target.<triple>.linker`), which is not in the flags.
    let linker = env::var("RUSTC_LINKER")
        .ok()
        .map(|linker| format!("-Clinker={linker}"));
    let built = Command::new(rustc)
        .arg("--target")
        .arg(var("TARGET"))
        .args(flags.split('\x1f').filter(|f| !f.is_empty()))
        .args(linker)
        .args(extra)
        .arg("-o")
        .arg(&binary)
        .arg(&source)
        .output()
        .is_ok_and(|o| o.status.success());
    built
        && Command::new(&binary)
            .output()
            .is_ok_and(|o| o.status.success() && o.stdout == b"probed")
}
