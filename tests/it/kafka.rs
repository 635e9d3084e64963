//! `--from-kafka` and `--to-kafka` against a real Kafka-protocol broker: tansu 0.6 with its
//! SQLite storage, started by each test on a free loopback port and stopped by its pid, with
//! confluent-kafka (librdkafka 2.x from PyPI, `kafka_client.py`) as the independent producer
//! and consumer. Both live in `${EDDY_CI_CACHE:-$HOME/.cache/eddy-ci}` (`.ci/run` installs
//! them); where they are missing a test is skipped with a note, except under `CI`, where it
//! fails.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::eddy;

/// Where CI keeps the tools it installs.
fn cache() -> PathBuf {
    match std::env::var_os("EDDY_CI_CACHE") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/eddy-ci"),
    }
}

/// The broker and the client's Python, or `None` (with a note) where either is missing; under
/// `CI` a missing one fails the test.
fn tools() -> Option<(PathBuf, PathBuf)> {
    let tansu = cache().join("tansu-0.6.0/bin/tansu");
    let python = cache().join("kafka-venv/bin/python");
    let client = python.exists()
        && Command::new(&python)
            .args(["-c", "import confluent_kafka"])
            .status()
            .is_ok_and(|s| s.success());
    if tansu.exists() && client {
        return Some((tansu, python));
    }
    let missing = format!(
        "tansu ({}) or confluent-kafka ({}) is missing: .ci/run installs them",
        tansu.display(),
        python.display()
    );
    assert!(std::env::var_os("CI").is_none(), "{missing}");
    eprintln!("skipped: {missing}");
    None
}

/// A free TCP port on loopback (tansu takes no port 0).
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A running tansu broker, killed by its pid when dropped.
struct Broker {
    child: Child,
    port: u16,
    tansu: PathBuf,
    python: PathBuf,
    _dir: tempfile::TempDir,
}

impl Broker {
    /// Starts a broker with SQLite storage in a fresh directory; `None` where the tools are
    /// missing (outside CI).
    fn start() -> Option<Broker> {
        let (tansu, python) = tools()?;
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let url = format!("tcp://127.0.0.1:{port}");
        let storage = format!("sqlite://{}/tansu.db", dir.path().display());
        let child = Command::new(&tansu)
            .args([
                "broker",
                "--listener-url",
                &url,
                "--advertised-listener-url",
                &url,
            ])
            .args(["--storage-engine", &storage])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tansu starts");
        let broker = Broker {
            child,
            port,
            tansu,
            python,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tansu did not listen on {port}");
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(broker)
    }

    fn brokers(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn url(&self, topic: &str) -> String {
        format!("kafka://{}/{topic}", self.brokers())
    }

    /// Creates `topic` with `partitions` partitions (tansu's own command).
    fn create(&self, topic: &str, partitions: u32) {
        let status = Command::new(&self.tansu)
            .args([
                "topic",
                "create",
                topic,
                "--partitions",
                &partitions.to_string(),
            ])
            .args(["--broker", &format!("tcp://127.0.0.1:{}", self.port)])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "tansu topic create {topic}");
    }

    /// Runs the client with `args`, `stdin` as its input; its stdout.
    fn client(&self, args: &[&str], stdin: &[u8]) -> Vec<u8> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/kafka_client.py");
        let mut child = Command::new(&self.python)
            .arg(script)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        let stdin = stdin.to_vec();
        let writer = std::thread::spawn(move || input.write_all(&stdin));
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        assert!(out.status.success(), "kafka_client.py {args:?} failed");
        out.stdout
    }

    /// Produces each line of `lines` as a record, record i into partition i % `partitions`.
    fn produce(&self, topic: &str, partitions: u32, lines: &[u8], extra: &[&str]) {
        let brokers = self.brokers();
        let parts = partitions.to_string();
        let mut args = vec!["produce", &brokers, topic, &parts];
        args.extend(extra);
        let out = self.client(&args, lines);
        let expected = lines.iter().filter(|&&b| b == b'\n').count();
        assert_eq!(String::from_utf8_lossy(&out).trim(), expected.to_string());
    }

    /// The first `count` records of `topic`, as JSON objects (partition, offset, key, value).
    fn consume(&self, topic: &str, count: usize) -> Vec<serde_json::Value> {
        let out = self.client(
            &["consume", &self.brokers(), topic, &count.to_string()],
            b"",
        );
        let text = String::from_utf8(out).unwrap();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The group's committed offset and the end offset of every partition of `topic`.
    fn offsets(&self, topic: &str, group: &str) -> Vec<(i64, i64)> {
        let out = self.client(&["offsets", &self.brokers(), topic, group], b"");
        let map: HashMap<String, (i64, i64)> = serde_json::from_slice(&out).unwrap();
        let mut offsets: Vec<(u32, (i64, i64))> = (map.into_iter())
            .map(|(p, o)| (p.parse().unwrap(), o))
            .collect();
        offsets.sort();
        offsets.into_iter().map(|(_, o)| o).collect()
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `n` NDJSON events: `{"id":I,"host":"hI%3","bytes":I*7}`.
fn events(n: usize) -> Vec<u8> {
    let mut text = Vec::new();
    for i in 0..n {
        let line = format!(r#"{{"id":{i},"host":"h{}","bytes":{}}}"#, i % 3, i * 7);
        text.extend_from_slice(line.as_bytes());
        text.push(b'\n');
    }
    text
}

/// eddy with `args`, `stdin` as its input, to its end.
fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = eddy()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || input.write_all(&stdin));
    let out = child.wait_with_output().unwrap();
    let _ = writer.join();
    out
}

/// The records eddy writes to a topic are its stdout for the same pipeline, byte for byte
/// (NDJSON and CSV rows), each keyed by `--kafka-key`; `--stats` counts them under `kafka`.
#[test]
fn sink_records_are_stdout_byte_for_byte() {
    let Some(broker) = Broker::start() else {
        return;
    };
    let input = events(5000);
    for (topic, to) in [("out-ndjson", "ndjson"), ("out-csv", "csv")] {
        broker.create(topic, 1);
        let chain = [
            "--to",
            to,
            "filter",
            "id % 5 != 0",
            "then",
            "map",
            "kb = bytes / 1000",
        ];
        let stdout = run(&chain, &input);
        assert!(stdout.status.success());
        let url = broker.url(topic);
        let mut args = vec!["--to-kafka", url.as_str()];
        args.extend(["--kafka-key", "host", "--stats"]);
        args.extend(chain);
        let sent = run(&args, &input);
        let stderr = String::from_utf8_lossy(&sent.stderr);
        assert!(sent.status.success(), "{stderr}");
        assert!(sent.stdout.is_empty());
        let stats: serde_json::Value =
            serde_json::from_str(stderr.lines().last().unwrap()).unwrap();
        assert_eq!(stats["kafka"]["records_posted"], 4000, "{stderr}");
        assert_eq!(stats["kafka"]["records_failed"], 0);
        // CSV records are rows: stdout without its header.
        let expected: Vec<u8> = match to {
            "csv" => stdout
                .stdout
                .splitn(2, |&b| b == b'\n')
                .nth(1)
                .unwrap()
                .to_vec(),
            _ => stdout.stdout.clone(),
        };
        let brokers = broker.brokers();
        let values = broker.client(&["values", &brokers, topic, "4000"], b"");
        assert_eq!(values, expected, "{topic}");
        for record in broker.consume(topic, 4000) {
            let value = record["value"].as_str().unwrap();
            let host = match to {
                "csv" => value.split(',').nth(1).unwrap().to_owned(),
                _ => {
                    let event: serde_json::Value = serde_json::from_str(value).unwrap();
                    event["host"].as_str().unwrap().to_owned()
                }
            };
            assert_eq!(record["key"].as_str(), Some(host.as_str()));
        }
    }
}

/// Records that cannot be delivered (no broker there) are counted and reported, exit status 3,
/// within the URL's `timeout=`.
#[test]
fn undelivered_records_are_exit_3() {
    let port = free_port();
    let url = format!("kafka://127.0.0.1:{port}/nowhere?timeout=2s");
    let began = Instant::now();
    let out = run(&["--to-kafka", &url, "filter", "true"], &events(10));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("10 records could not be delivered to kafka://"),
        "{stderr}"
    );
    assert!(began.elapsed() < Duration::from_secs(20));
}

/// Usage errors come before any input: a bad URL, a format that is not one record per event,
/// `--kafka-key` without `--to-kafka`, a bad key expression.
#[test]
fn sink_usage_errors() {
    for (args, message) in [
        (
            vec!["--to-kafka", "http://x/t"],
            "expected kafka://HOST:PORT/TOPIC",
        ),
        (vec!["--to-kafka", "kafka://h:1"], "no topic"),
        (vec!["--to-kafka", "kafka://h:1/a b"], "a topic is"),
        (vec!["--to-kafka", "kafka://h:1/t?x=1"], "timeout=DUR"),
        (
            vec!["--to-kafka", "kafka://h:1/t", "--to", "table"],
            "one record per event",
        ),
        (vec!["--kafka-key", "host"], "--to-kafka"),
        (
            vec!["--to-kafka", "kafka://h:1/t", "--kafka-key", "(("],
            "--kafka-key",
        ),
    ] {
        let mut all = args.clone();
        all.extend(["filter", "true"]);
        let out = run(&all, b"");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}
