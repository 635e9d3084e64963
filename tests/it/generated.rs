//! Man pages (made by tests/it/man.rs) and shell completions are generated from the clap
//! definition and committed.
//! This test regenerates them in memory and fails when the committed files differ.
//! Refresh with `BLESS=1 cargo test --test it generated` and commit the result.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use clap_complete::Shell;

/// Every generated file: path relative to the repository root -> content.
fn generate() -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    crate::man::pages(&mut files);
    // bash, zsh, fish and elvish: the scripts that ask `eddy --complete` (src/complete/).
    for (shell, name) in [
        (eddy::cli::Shell::Bash, "eddy.bash"),
        (eddy::cli::Shell::Zsh, "_eddy"),
        (eddy::cli::Shell::Fish, "eddy.fish"),
        (eddy::cli::Shell::Elvish, "eddy.elv"),
    ] {
        let script = eddy::complete::script(shell);
        files.insert(format!("completions/{name}"), script.as_bytes().to_vec());
    }
    // PowerShell: clap_complete's static script, which knows one stage at a time.
    let mut buf = Vec::new();
    clap_complete::generate(
        Shell::PowerShell,
        &mut eddy::cli::command(),
        "eddy",
        &mut buf,
    );
    files.insert("completions/_eddy.ps1".to_owned(), buf);
    files
}

#[test]
fn man_pages_and_completions_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = generate();
    if std::env::var_os("BLESS").is_some() {
        for dir in ["man", "completions"] {
            let _ = fs::remove_dir_all(root.join(dir));
            fs::create_dir_all(root.join(dir)).unwrap();
        }
        for (path, content) in &files {
            fs::write(root.join(path), content).unwrap();
        }
        return;
    }
    let mut stale = Vec::new();
    for (path, content) in &files {
        match fs::read(root.join(path)) {
            Ok(committed) if &committed == content => {}
            _ => stale.push(path.clone()),
        }
    }
    for dir in ["man", "completions"] {
        for entry in fs::read_dir(root.join(dir)).unwrap() {
            let rel = format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy());
            if !files.contains_key(&rel) {
                stale.push(format!("{rel} (no longer generated)"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated files are stale: {stale:?}\nrun `BLESS=1 cargo test --test it generated` and commit"
    );
}
