//! `--to-http URL`, the HTTP sink, against a real HTTP server on loopback
//! (`to_http_server.py`, Python's standard library): what the batches hold, their bounds of size
//! and time, tries again after failures, and the exit status of records not delivered.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{EDDY, eddy};

/// A running test server: its port and the directory of the requests it got. Killed (by its
/// pid) when dropped.
struct Server {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

/// One request the server got.
struct Request {
    /// The status it answered.
    status: u16,
    body: Vec<u8>,
    /// The headers, names in lower case.
    headers: serde_json::Map<String, serde_json::Value>,
}

impl Server {
    /// Starts the server with its options (`--fail 2`, …) and waits for its port.
    fn start(options: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/to_http_server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(dir.path())
            .args(options)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the test server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().expect("the server prints its port");
        Server { child, port, dir }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hook", self.port)
    }

    /// Every request so far, in the order they came.
    fn requests(&self) -> Vec<Request> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|json| {
                let meta: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
                Request {
                    status: meta["status"].as_u64().unwrap() as u16,
                    body: std::fs::read(json.with_extension("body")).unwrap(),
                    headers: meta["headers"].as_object().unwrap().clone(),
                }
            })
            .collect()
    }

    /// The bodies the server accepted (2xx), in order.
    fn accepted(&self) -> Vec<Vec<u8>> {
        let requests = self.requests().into_iter();
        requests
            .filter(|r| r.status == 200)
            .map(|r| r.body)
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A URL on a loopback port nothing listens on (bound, then let go).
fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}/hook", listener.local_addr().unwrap())
}

/// `count` NDJSON events, `{"n":0,"host":"h0","msg":"…"}`, with a few odd ones.
fn events(count: usize) -> String {
    (0..count)
        .map(|n| {
            format!(
                "{{\"n\":{n},\"host\":\"h{}\",\"msg\":\"é \\\"{n}\\\"\"}}\n",
                n % 7
            )
        })
        .collect()
}

/// eddy without the proxy variables of the environment: the requests go to the test server.
fn direct() -> Command {
    unproxied(eddy())
}

/// `command` without the proxy variables of the environment.
fn unproxied(mut command: Command) -> Command {
    for name in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        command.env_remove(name);
    }
    command
}

/// Runs eddy with `args` on `stdin`.
fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = direct()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn records(body: &[u8]) -> usize {
    body.iter().filter(|&&b| b == b'\n').count()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn batches_put_together_are_the_stdout_output() {
    let server = Server::start(&[]);
    let input = events(1234);
    // Through the reader's output lines (a pushed-down filter), through events (sort), and a
    // map that changes the events.
    for chain in [
        &["filter", "n % 3 != 0"][..],
        &["sort", "--by", "host"],
        &["map", "m = n * 2", "then", "select", "n,m"],
    ] {
        let before = server.requests().len();
        let url = server.url();
        let mut args = vec!["--to-http", &url, "--http-batch", "100", "--stats"];
        args.extend_from_slice(chain);
        let posted = run(&args, &input);
        assert_eq!(posted.status.code(), Some(0), "{}", stderr(&posted));
        assert!(posted.stdout.is_empty(), "nothing goes to stdout");
        let stdout = run(chain, &input);
        let bodies = &server.accepted()[before..];
        assert_eq!(bodies.concat(), stdout.stdout, "{chain:?}");
        let expected = records(&stdout.stdout);
        assert_eq!(bodies.len(), expected.div_ceil(100), "{chain:?}");
        assert!(bodies.iter().all(|b| records(b) <= 100));
        for request in &server.requests()[before..] {
            assert_eq!(request.headers["content-type"], "application/x-ndjson");
        }
        let stats = stderr(&posted);
        assert!(
            stats.contains(&format!("\"records_posted\":{expected},")),
            "{stats}"
        );
    }
}

#[test]
fn a_batch_ends_when_its_body_reaches_the_byte_bound() {
    let server = Server::start(&[]);
    let input = events(500);
    let url = server.url();
    let out = run(
        &[
            "--to-http",
            &url,
            "--http-batch-bytes",
            "1KiB",
            "filter",
            "true",
        ],
        &input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bodies = server.accepted();
    assert_eq!(bodies.concat(), input.as_bytes());
    let longest_record = input.lines().map(|l| l.len() + 1).max().unwrap();
    let (last, full) = bodies.split_last().unwrap();
    for body in full {
        // Full: the record that reached the bound ended the batch, and only it is past it.
        assert!(body.len() >= 1024, "{}", body.len());
        assert!(body.len() < 1024 + longest_record, "{}", body.len());
        assert!(body.ends_with(b"\n"));
    }
    assert!(last.len() < 1024 + longest_record);
}

#[test]
fn a_quiet_input_posts_its_partial_batch_in_time() {
    let server = Server::start(&[]);
    let url = server.url();
    let mut child = direct()
        .args([
            "--to-http",
            &url,
            "--http-flush-after",
            "200ms",
            "filter",
            "true",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(events(3).as_bytes()).unwrap();
    stdin.flush().unwrap();
    // The pipe stays open: only the time bound can post these three.
    let began = Instant::now();
    while server.accepted().is_empty() {
        assert!(
            began.elapsed() < Duration::from_secs(30),
            "no batch while the input paused"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(server.accepted(), [events(3).into_bytes()]);
    let rest: String = events(5)
        .lines()
        .skip(3)
        .map(|l| format!("{l}\n"))
        .collect();
    stdin.write_all(rest.as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.accepted().concat(), events(5).as_bytes());
}

/// Starts eddy on a pipe that stays open with `args`, writes `input` into it and waits until
/// `--stats-interval` says all of it was written to the sink; then sends SIGTERM.
fn stopped_after(args: &[&str], input: &str) -> Output {
    let mut child = direct()
        .args(["--stats-interval", "100ms"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let written = format!("\"events_written\":{},", input.lines().count());
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut said = String::new();
    loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "eddy ended: {said}"
        );
        said.push_str(&line);
        if line.contains(&written) {
            break;
        }
    }
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let mut out = child.wait_with_output().unwrap();
    std::io::Read::read_to_end(&mut stderr, &mut out.stderr).unwrap();
    drop(stdin);
    out
}

#[test]
fn sigterm_posts_the_partial_batch_and_counts_what_could_not_go() {
    let server = Server::start(&[]);
    let url = server.url();
    let input = events(3);
    let out = stopped_after(
        &[
            "--to-http",
            &url,
            "--http-flush-after",
            "1h",
            "filter",
            "true",
        ],
        &input,
    );
    assert_eq!(out.status.code(), Some(143), "{}", stderr(&out));
    assert_eq!(server.accepted(), [input.as_bytes()]);
    // Lost records win over the signal's status.
    let dead = dead_url();
    let args = ["--to-http", &dead, "--http-retries", "0", "filter", "true"];
    let out = stopped_after(&args, &input);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "eddy: 3 records could not be delivered to {dead} ("
        )),
        "{err}"
    );
}

#[test]
fn a_signal_ends_the_tries_of_a_failing_server() {
    let server = Server::start(&["--fail", "-1", "--fail-status", "503"]);
    let url = server.url();
    // A hundred tries would take over 45 minutes; the signal ends them after the first.
    let args = [
        "--to-http",
        &url,
        "--http-retries",
        "100",
        "--http-flush-after",
        "1h",
    ];
    let began = Instant::now();
    let out = stopped_after(&[&args[..], &["filter", "true"]].concat(), &events(4));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(began.elapsed() < Duration::from_secs(60));
    assert_eq!(server.requests().len(), 1);
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "eddy: 4 records could not be delivered to {url} (HTTP 503: no thanks)"
        )),
        "{err}"
    );
}

#[test]
fn a_server_that_fails_twice_gets_every_record_once() {
    let server = Server::start(&["--fail", "2", "--fail-status", "503"]);
    let input = events(25);
    let url = server.url();
    let out = run(
        &[
            "--to-http",
            &url,
            "--http-batch",
            "10",
            "--stats",
            "filter",
            "true",
        ],
        &input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let statuses: Vec<u16> = server.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [503, 503, 200, 200, 200]);
    // The failed tries carried the first batch, which then got through once.
    assert_eq!(server.requests()[0].body, server.requests()[2].body);
    assert_eq!(server.accepted().concat(), input.as_bytes());
    assert!(stderr(&out).contains("\"retries\":2,"), "{}", stderr(&out));
    assert!(stderr(&out).contains("\"records_failed\":0,"));
}

#[test]
fn too_many_requests_waits_as_told() {
    let server = Server::start(&["--fail", "1", "--fail-status", "429", "--retry-after", "1"]);
    let input = events(5);
    let url = server.url();
    let began = Instant::now();
    let out = run(&["--to-http", &url, "filter", "true"], &input);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Retry-After: 1 (not the first backoff, 0.2 s).
    assert!(began.elapsed() >= Duration::from_secs(1));
    let statuses: Vec<u16> = server.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 200]);
    assert_eq!(server.accepted().concat(), input.as_bytes());
}

#[test]
fn a_client_error_is_not_tried_again_and_fails_the_run() {
    let server = Server::start(&["--fail", "-1", "--fail-status", "400"]);
    let input = events(25);
    let url = server.url();
    let out = run(
        &["--to-http", &url, "--http-batch", "10", "filter", "true"],
        &input,
    );
    assert_eq!(out.status.code(), Some(3));
    // One request per batch: the run went on after the first failed.
    assert_eq!(server.requests().len(), 3);
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "eddy: --to-http: a batch of 10 records could not be delivered to {url}: HTTP 400: no thanks"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "eddy: 25 records could not be delivered to {url} (HTTP 400: no thanks)"
        )),
        "{err}"
    );
}

#[test]
fn failed_batches_past_the_fifth_are_counted_not_reported() {
    let server = Server::start(&["--fail", "-1", "--fail-status", "404"]);
    let url = server.url();
    let args = [
        "--to-http",
        &url,
        "--http-batch",
        "1",
        "--stats",
        "filter",
        "true",
    ];
    let out = run(&args, &events(8));
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(server.requests().len(), 8);
    let err = stderr(&out);
    assert_eq!(
        err.matches("a batch of 1 record could not").count(),
        5,
        "{err}"
    );
    assert_eq!(
        err.matches("more batches could not be delivered").count(),
        1
    );
    assert!(err.contains("\"batches_failed\":8,"), "{err}");
    assert!(err.contains(&format!(
        "eddy: 8 records could not be delivered to {url} (HTTP 404"
    )));
}

#[test]
fn a_dead_server_gives_status_3_with_the_count() {
    let url = dead_url();
    let out = run(
        &[
            "--to-http",
            &url,
            "--http-retries",
            "2",
            "--stats",
            "filter",
            "true",
        ],
        &events(7),
    );
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "eddy: 7 records could not be delivered to {url} ("
        )),
        "{err}"
    );
    assert!(err.contains("tried 3 times"), "{err}");
    assert!(err.contains("\"records_failed\":7,"), "{err}");
}

#[test]
fn csv_bodies_each_begin_with_the_header() {
    let server = Server::start(&[]);
    let input = events(45);
    let url = server.url();
    let args = ["--to", "csv", "filter", "true"];
    let out = run(
        &[&["--to-http", &url, "--http-batch", "20"][..], &args].concat(),
        &input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8(run(&args, &input).stdout).unwrap();
    let (header, rows) = stdout.split_once('\n').unwrap();
    let mut sent_rows = String::new();
    for request in server.requests() {
        assert_eq!(request.headers["content-type"], "text/csv; charset=utf-8");
        let body = String::from_utf8(request.body).unwrap();
        let (first, rest) = body.split_once('\n').unwrap();
        assert_eq!(first, header);
        sent_rows.push_str(rest);
    }
    assert_eq!(server.requests().len(), 3);
    assert_eq!(sent_rows, rows);
}

#[test]
fn headers_are_sent_and_content_type_can_be_named() {
    let server = Server::start(&[]);
    let url = server.url();
    let out = run(
        &[
            "--to-http",
            &url,
            "--http-header",
            "Authorization: Bearer s3cret",
            "--http-header",
            "Content-Type: application/json-seq",
            "--to",
            "logfmt",
            "head",
            "2",
        ],
        &events(3),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].headers["authorization"], "Bearer s3cret");
    assert_eq!(requests[0].headers["content-type"], "application/json-seq");
    assert!(requests[0].body.starts_with(b"n=0 host=h0 "));
}

#[test]
fn bad_http_options_are_usage_errors_before_any_input() {
    for (args, message) in [
        (&["--to-http", "ftp://h/x"][..], "expected http://"),
        (&["--to-http", "http:///x"], "not a URL"),
        (&["--http-batch", "5"], "--to-http <URL>"),
        (
            &["--to-http", "http://h/", "--http-header", "X"],
            "expected `Name: value`",
        ),
        (
            &["--to-http", "http://h/", "--http-batch", "0"],
            "--http-batch",
        ),
        (
            &["--to-http", "http://h/", "--line-buffered"],
            "apply to stdout",
        ),
    ] {
        let out = eddy()
            .args(args)
            .args(["filter", "true", "/nonexistent/input"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.starts_with("eddy: "), "{err}");
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(!err.contains("/nonexistent"), "{err}");
    }
}

/// Stdout is not written with --to-http: a closed one (`>&-`) is no error, the records are
/// posted (it used to fail the run with "stdout: Bad file descriptor", nothing posted).
#[test]
fn a_closed_stdout_does_not_stop_the_posts() {
    let server = Server::start(&[]);
    let line = format!(
        "printf '{{\"a\":1}}\\n' | '{EDDY}' --to-http '{}' filter true >&-",
        server.url()
    );
    let mut bash = unproxied(Command::new("bash"));
    let out = bash.args(["-c", &line]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.accepted(), [b"{\"a\":1}\n".to_vec()]);
}

/// Credentials in the URL are sent percent-decoded, as curl sends them (`pa%40ss` is the
/// password `pa@ss`); an `--http-header Authorization` wins over them.
#[test]
fn url_credentials_are_percent_decoded() {
    let server = Server::start(&[]);
    let url = format!("http://user:pa%40ss@127.0.0.1:{}/hook", server.port);
    let out = run(&["--to-http", &url, "head", "1"], &events(1));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let header = ["--http-header", "Authorization: Bearer t"];
    let out = run(
        &[&["--to-http", &url][..], &header, &["head", "1"]].concat(),
        &events(1),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let requests = server.requests();
    // base64 of `user:pa@ss`.
    assert_eq!(
        requests[0].headers["authorization"],
        "Basic dXNlcjpwYUBzcw=="
    );
    assert_eq!(requests[1].headers["authorization"], "Bearer t");
}

/// The password of a URL is never printed: not in the failures on stderr, not in the end's
/// count, not in `--stats` (which `--stats-interval` ships to dashboards).
#[test]
fn url_passwords_are_not_printed() {
    let dead = dead_url();
    let with_password = dead.replacen("http://", "http://user:secret@", 1);
    let shown = dead.replacen("http://", "http://user:***@", 1);
    let args = [
        "--to-http",
        &with_password,
        "--http-retries",
        "0",
        "--stats",
    ];
    let out = run(
        &[&args[..], &["--http-batch", "1", "head", "2"]].concat(),
        &events(2),
    );
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(!err.contains("secret"), "{err}");
    assert!(
        err.contains(&format!("could not be delivered to {shown}: ")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "eddy: 2 records could not be delivered to {shown} ("
        )),
        "{err}"
    );
    assert!(err.contains(&format!("\"url\":\"{shown}\"")), "{err}");
    // A user without a password may be a token: all of it is hidden.
    let token = dead.replacen("http://", "http://t0ken@", 1);
    let out = run(
        &["--to-http", &token, "--http-retries", "0", "head", "1"],
        &events(1),
    );
    let err = stderr(&out);
    assert!(!err.contains("t0ken"), "{err}");
    assert!(
        err.contains(&dead.replacen("http://", "http://***@", 1)),
        "{err}"
    );
    // Nor in a usage error about the URL.
    let out = eddy()
        .args(["--to-http", "ftp://u:secret@h/", "head", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("`ftp://u:***@h/`") && !err.contains("secret"),
        "{err}"
    );
}

/// A password holding `/`, `?` or `#` would end the URL's host part where it stands: such a
/// URL is refused before any input, the password not echoed (it was printed whole).
#[test]
fn a_url_with_an_at_after_its_host_part_is_refused_unechoed() {
    let dead = dead_url();
    for sep in ["/", "?", "#"] {
        let url = dead.replacen("http://", &format!("http://user:se{sep}cret@"), 1);
        let out = run(
            &["--to-http", &url, "--http-retries", "0", "head", "1"],
            &events(1),
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(!err.contains("cret"), "{err}");
        assert!(err.contains("percent-encode"), "{err}");
    }
    let encoded = dead.replacen("http://", "http://user:se%2Fcret@", 1);
    let out = run(
        &["--to-http", &encoded, "--http-retries", "0", "head", "1"],
        &events(1),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(!err.contains("cret"), "{err}");
}

/// CSV's warning of fields not in the header is numbered in the run and said once, as on
/// stdout, also though every batch has a writer of its own (it said "event 2", the count of
/// its batch).
#[test]
fn csv_warnings_count_the_events_of_the_run() {
    let server = Server::start(&[]);
    let url = server.url();
    let input =
        "{\"a\":1,\"b\":2}\n{\"a\":3}\n{\"b\":4,\"a\":5}\n{\"c\":6}\n{\"d\":7}\n{\"e\":8}\n";
    let args = ["--to", "csv", "filter", "true"];
    let stdout = run(&args, input);
    let posted = run(
        &[&["--to-http", &url, "--http-batch", "2"][..], &args].concat(),
        input,
    );
    assert_eq!(posted.status.code(), Some(0), "{}", stderr(&posted));
    assert!(stderr(&stdout).contains("event 4 has fields not in the header (c)"));
    assert_eq!(stderr(&posted), stderr(&stdout));
    assert_eq!(server.requests().len(), 3);
}
