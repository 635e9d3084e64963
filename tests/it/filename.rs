//! `--with-filename` is `map '_file = source()'` at the head of the chain: for random events and
//! chains (the pushdown harness's generators), the two give the same output bytes, messages and
//! exit status, at one reader thread and at two, over two files.

use std::process::Stdio;

use proptest::prelude::*;

use crate::common::eddy;
use crate::pushdown::{line, stage};

/// Runs eddy with `args` on `files`: stdout, stderr, exit status.
fn run(args: &[String], files: &[std::path::PathBuf]) -> (String, String, Option<i32>) {
    let out = eddy()
        .args(args)
        .args(files)
        .stdin(Stdio::null())
        .output()
        .expect("eddy runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    #[test]
    fn with_filename_is_a_leading_map_of_source(
        first in prop::collection::vec(line(), 0..20),
        second in prop::collection::vec(line(), 0..20),
        stages in prop::collection::vec(stage(), 0..3),
        by_file in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = [dir.path().join("a.ndjson"), dir.path().join("b.ndjson")];
        for (file, lines) in files.iter().zip([&first, &second]) {
            std::fs::write(file, lines.join("\n")).expect("input file");
        }
        let mut chain: Vec<String> = Vec::new();
        let last = by_file.then(|| vec!["count".to_owned(), "--by".to_owned(), "_file".to_owned()]);
        for stage in stages.iter().chain(&last) {
            chain.push("then".into());
            chain.extend(stage.iter().cloned());
        }
        for threads in ["1", "2"] {
            let mut with = vec!["--threads".to_owned(), threads.to_owned(), "--with-filename".to_owned()];
            with.extend(["filter".to_owned(), "true".to_owned()]);
            with.extend(chain.iter().cloned());
            let mut mapped = vec!["--threads".to_owned(), threads.to_owned()];
            mapped.extend(["map".to_owned(), "_file = source()".to_owned()]);
            mapped.extend(chain.iter().cloned());
            prop_assert_eq!(run(&with, &files), run(&mapped, &files), "{:?}", chain);
        }
    }
}
