//! `--threads N` decodes input in parallel chunks; what comes out must equal a single-threaded
//! run byte for byte (stdout, stderr, exit status).

use std::io::Write;

use crate::common::eddy_assert;

/// A few MB of mixed lines: objects, CRLF, blank lines, malformed lines, non-objects, long lines,
/// and no final newline.
fn input() -> Vec<u8> {
    let mut data = b"\xEF\xBB\xBF".to_vec();
    for i in 0..40_000 {
        let line = match i % 9 {
            0 => format!("{{\"i\":{i},\"path\":\"/caf\\u00e9\"}}\r\n"),
            1 => "\n".to_owned(),
            2 if i % 900 == 2 => format!("{{\"i\":{i} broken\n"),
            3 => format!("[{i}, \"x\"]\n"),
            4 => format!("{{\"long\":\"{}\"}}\n", "y".repeat(i % 2000)),
            _ => format!("{{\"i\":{i},\"s\":\"a b c\",\"n\":{}.5}}\n", i * 3),
        };
        data.extend_from_slice(line.as_bytes());
    }
    data.extend_from_slice(b"{\"last\":true}");
    data
}

fn run(args: &[&str], file: &std::path::Path) -> (Vec<u8>, Vec<u8>, Option<i32>) {
    let out = eddy_assert()
        .args(args)
        .arg(file)
        .output()
        .expect("eddy runs");
    (out.stdout, out.stderr, out.status.code())
}

#[test]
fn threads_give_the_same_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("in.ndjson");
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(&input()))
        .expect("write input");
    let single = run(&["head", "1000000"], &path);
    assert!(single.0.len() > 1_000_000, "{}", single.0.len());
    assert!(!single.1.is_empty(), "malformed lines are reported");
    for threads in ["2", "3"] {
        let parallel = run(&["--threads", threads, "head", "1000000"], &path);
        assert!(parallel == single, "--threads {threads} differs");
    }
    // A filter drops events; the order of what remains and the error reports stay the same.
    let single = run(&["filter", "i >= 100 and i % 3 == 0"], &path);
    assert!(!single.0.is_empty());
    assert_eq!(
        run(
            &["--threads", "2", "filter", "i >= 100 and i % 3 == 0"],
            &path
        ),
        single
    );
    // Stages whose work the reader takes over in part (field spans, text edits), and chains.
    let pipelines: &[&[&str]] = &[
        &["map", "n2 = n * 2; del(s)"],
        &["select", "n,i"],
        &[
            "map",
            "k = i % 7",
            "then",
            "select",
            "k,n",
            "then",
            "count",
            "--by",
            "k",
        ],
        &["count", "--by", "s"],
        &["filter", "i % 2 == 0", "then", "map", "j = i + 1"],
        &[
            "window", "global", "--by", "s", "--agg", "count", "--agg", "mean:n",
        ],
        &[
            "parse", "* *", "--as", "x,rest", "--field", "s", "then", "count", "--by", "x",
        ],
        &[
            "--from",
            "lines",
            "parse",
            "{\"i\":*,*",
            "--as",
            "i,rest",
            "then",
            "map",
            "k = i % 5",
        ],
    ];
    for pipeline in pipelines {
        let with_threads = |n: &'static str| {
            let mut args = vec!["--threads", n];
            args.extend_from_slice(pipeline);
            run(&args, &path)
        };
        let single = with_threads("1");
        assert!(!single.0.is_empty(), "{pipeline:?}");
        assert!(with_threads("2") == single, "{pipeline:?} differs");
    }
    // `head` stops early: the parallel reader must stop too, with the same output.
    let single = run(&["head", "10"], &path);
    assert_eq!(run(&["--threads", "2", "head", "10"], &path), single);
}

/// A window with about one group per event switches its reader-side aggregation off: the stage
/// bounds the run, the extra workers stand down and the reader thread decodes the chunks the
/// last worker leaves (on two cores: 16 of the 21 chunks at `--threads 2`). Output, errors and
/// `--stats` counters stay those of one thread.
#[test]
fn many_groups_read_the_same_when_the_reader_decodes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("in.ndjson");
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(&input()))
        .expect("write input");
    let window: &[&str] = &[
        "--stats", "window", "global", "--by", "i", "--agg", "count", "--agg", "mean:n",
    ];
    let stripped = |threads: &str, tail: &[&str]| {
        let mut args = vec!["--threads", threads];
        args.extend_from_slice(window);
        args.extend_from_slice(tail);
        let (stdout, stderr, status) = run(&args, &path);
        let stderr = crate::pushdown::strip_timing(&String::from_utf8_lossy(&stderr));
        (stdout, stderr, status)
    };
    for tail in [&[][..], &["then", "head", "5"][..]] {
        let single = stripped("1", tail);
        assert!(!single.0.is_empty(), "{tail:?}");
        assert!(single.1.contains("\"events_read\""), "{}", single.1);
        for threads in ["2", "3"] {
            assert!(
                stripped(threads, tail) == single,
                "--threads {threads} {tail:?} differs"
            );
        }
    }
}
