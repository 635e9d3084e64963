//! Build script: link the binary with packed relative relocations where the toolchain and the C
//! library support them, and tell the allocator's test where mimalloc's header is.
//!
//! A position-independent eddy has about 15,700 relative relocations, which the loader (or,
//! in a static build, the start code) applies at every start. `-z pack-relative-relocs`
//! stores them as DT_RELR, a bitmap of the words to adjust: about 1 KiB instead of 370 KiB of
//! `.rela.dyn` to read, and a faster loop over them (docs/perf.md, "Start-up"). It needs a
//! linker that knows the option (binutils 2.38, lld 15) and a C library whose loader applies
//! DT_RELR (glibc 2.36); an older loader would ignore the table and run an unrelocated
//! program. So a small program is built with the same compiler, target and flags as eddy and
//! the option, and run: only if it prints what it should does eddy get the option. Cross
//! builds (the probe cannot run here) and other targets link as before.

use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=EDDY_NO_RELR");
    if let Some(include) = env::var_os("DEP_MIMALLOC_INCLUDE_DIR") {
        println!(
            "cargo:rustc-env=EDDY_MIMALLOC_INCLUDE_DIR={}",
            include.to_string_lossy()
        );
    }
    if env::var_os("EDDY_NO_RELR").is_none() && packed_relocations_work() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// The option the probe is linked with.
const PACK: &str = "link-arg=-Wl,-z,pack-relative-relocs";

/// Whether a program linked with [`PACK`] for this target runs and prints through a trait
/// object (a vtable, which relative relocations fill in).
fn packed_relocations_work() -> bool {
    let var = |name| env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux"
        || var("CARGO_CFG_TARGET_ENV") != "gnu"
        || var("HOST") != var("TARGET")
    {
        return false;
    }
    let out = PathBuf::from(var("OUT_DIR"));
    let source = out.join("relr_probe.rs");
    let binary = out.join("relr_probe");
    let program = "use std::io::Write;\n\
        fn main() {\n\
            let out: &mut dyn Write = &mut std::io::stdout();\n\
            let _ = out.write_all(b\"relocated\");\n\
        }\n";
    if std::fs::write(&source, program).is_err() {
        return false;
    }
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut probe = Command::new(rustc);
    probe.arg("--target").arg(var("TARGET"));
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    probe.args(flags.split('\x1f').filter(|f| !f.is_empty()));
    probe.args(["-C", PACK, "-o"]).arg(&binary).arg(&source);
    let built = probe.output().is_ok_and(|o| o.status.success());
    built
        && Command::new(&binary)
            .output()
            .is_ok_and(|o| o.status.success() && o.stdout == b"relocated")
}
