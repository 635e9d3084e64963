//! `--max-record-size`: a record longer than the limit is dropped as `too_long`, reported with
//! its location, its first SIZE bytes kept in `--errors`, and never held whole; the same at one
//! thread and at two.

use std::io::Write;

use crate::common::run_in;

fn stats_of(stderr: &str) -> &str {
    stderr
        .lines()
        .find(|l| l.starts_with("{\"lines_read\""))
        .expect("a --stats line")
}

/// Lines of 3,000 and 5,000 bytes among short ones, a CRLF and a last line without `\n`.
fn long_lines() -> Vec<u8> {
    let mut data = b"{\"a\":1}\n".to_vec();
    data.extend_from_slice(format!("{{\"b\":\"{}\"}}\r\n", "x".repeat(3000)).as_bytes());
    data.extend_from_slice(b"{\"c\":3}\n\n");
    data.extend_from_slice(format!("{{\"d\":\"{}\"}}\n", "y".repeat(1022)).as_bytes());
    data.extend_from_slice(format!("{{\"e\":\"{}", "z".repeat(5000)).as_bytes());
    data
}

#[test]
fn a_record_longer_than_the_limit_is_dropped_as_too_long() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.ndjson"), long_lines()).unwrap();
    let mut seen = Vec::new();
    for threads in ["1", "2"] {
        let out = run_in(
            dir.path(),
            &[
                "--threads",
                threads,
                "--max-record-size",
                "1KiB",
                "--stats",
                "--errors",
                "err.txt",
                "filter",
                "true",
                "in.ndjson",
            ],
            b"",
        );
        assert_eq!(out.status.code(), Some(0));
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(stdout, "{\"a\":1}\n{\"c\":3}\n");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains("in.ndjson:2: record longer than --max-record-size (1024 bytes)"),
            "{stderr}"
        );
        assert!(stderr.contains("in.ndjson:5: record longer"), "{stderr}");
        assert!(stderr.contains("in.ndjson:6: record longer"), "{stderr}");
        let stats = stats_of(&stderr);
        assert!(stats.contains("\"lines_read\":6,"), "{stats}");
        assert!(stats.contains("\"too_long\":3"), "{stats}");
        let side = std::fs::read(dir.path().join("err.txt")).unwrap();
        std::fs::remove_file(dir.path().join("err.txt")).unwrap();
        // Each too-long record is represented by its first 1,024 bytes.
        assert!(side.starts_with(b"{\"b\":\"xxx"), "{}", side.len());
        assert!(side.windows(5).any(|w| w == b"{\"e\":"));
        seen.push((
            stdout,
            stats.split(",\"wall").next().unwrap().to_owned(),
            side,
        ));
    }
    assert_eq!(seen[0], seen[1]);
}

#[test]
fn a_line_without_end_from_a_gzip_bomb_is_skipped_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b'0'; 1 << 20];
    for _ in 0..64 {
        gz.write_all(&zeros).unwrap();
    }
    gz.write_all(b"\n{\"after\":1}\n").unwrap();
    std::fs::write(dir.path().join("bomb.ndjson.gz"), gz.finish().unwrap()).unwrap();
    for threads in ["1", "2"] {
        let out = run_in(
            dir.path(),
            &[
                "--threads",
                threads,
                "--max-record-size",
                "64KiB",
                "--stats",
                "filter",
                "true",
                "bomb.ndjson.gz",
            ],
            b"",
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert_eq!(out.stdout, b"{\"after\":1}\n");
        let stats = stats_of(&stderr);
        assert!(stats.contains("\"lines_read\":2,"), "{stats}");
        assert!(stats.contains("\"too_long\":1"), "{stats}");
        assert!(stats.contains("\"bytes_read\":67108877,"), "{stats}");
    }
}

#[test]
fn sizes_take_binary_units() {
    let dir = tempfile::tempdir().unwrap();
    for (size, ok) in [
        ("64MiB", true),
        ("1GiB", true),
        ("4096", true),
        ("1k", true),
    ] {
        let out = run_in(
            dir.path(),
            &["--max-record-size", size, "head", "1"],
            b"{}\n",
        );
        assert_eq!(out.status.success(), ok, "{size}");
    }
    for size in ["0", "12 MB", "1TiB0", "-1", "1PiB"] {
        let out = run_in(
            dir.path(),
            &["--max-record-size", size, "head", "1"],
            b"{}\n",
        );
        assert_eq!(out.status.code(), Some(2), "{size}");
    }
}

/// `--errors` holds each dropped record's exact bytes, its own line end included: `\r\n`
/// stays, and a last line without `\n` gets none, for malformed lines and evaluation errors,
/// at one thread and at two.
#[test]
fn the_errors_file_is_byte_exact() {
    let dir = tempfile::tempdir().unwrap();
    let input: &[u8] =
        b"{\"a\":1}\r\n{bad\r\n{\"a\":\"x\"}\r\n\r\n{\"a\":\"y\"}\nnope\n{\"a\":\"z\"}";
    std::fs::write(dir.path().join("in.ndjson"), input).unwrap();
    for threads in ["1", "2"] {
        let out = run_in(
            dir.path(),
            &[
                "--threads",
                threads,
                "--errors",
                "err.txt",
                "map",
                "b = a * 2",
                "in.ndjson",
            ],
            b"",
        );
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(out.stdout, b"{\"a\":1,\"b\":2}\n");
        let side = std::fs::read(dir.path().join("err.txt")).unwrap();
        std::fs::remove_file(dir.path().join("err.txt")).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&side),
            "{bad\r\n{\"a\":\"x\"}\r\n{\"a\":\"y\"}\nnope\n{\"a\":\"z\"}",
            "threads {threads}"
        );
    }
    // Appending the side file of a run to another input keeps every record apart.
    std::fs::write(dir.path().join("csv.csv"), b"a,b\r\n1,2\r\n3\r\n4,5,6").unwrap();
    let out = run_in(
        dir.path(),
        &["--errors", "e.txt", "head", "9", "csv.csv"],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    let side = std::fs::read(dir.path().join("e.txt")).unwrap();
    assert_eq!(String::from_utf8_lossy(&side), "3\r\n4,5,6");
}
