//! Links the `eddy` binary as a position-dependent executable on Linux (unless it is linked
//! statically, which rustc makes a static-pie that must stay so): the dynamic loader then has no
//! relocations of eddy's own to apply at every start (about 15,700 relative ones of a PIE, 380
//! KB read and 100 pages of tables written), the part of a short run's start-up that is not
//! eddy's. The code is compiled position-independent as always; only the link differs.
//! docs/perf.md, "Start-up".

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let features = std::env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    let static_crt = features.split(',').any(|feature| feature == "crt-static");
    if linux && !static_crt {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
