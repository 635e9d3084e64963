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
        // The database's path is relative to the broker's directory.
        let child = Command::new(&tansu)
            .current_dir(dir.path())
            .args([
                "broker",
                "--listener-url",
                &url,
                "--advertised-listener-url",
                &url,
            ])
            .args(["--storage-engine", "sqlite://tansu.db"])
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

    /// Starts the client with `args`, `stdin` fed to it by a thread.
    fn start_client(&self, args: &[&str], stdin: &[u8]) -> Child {
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
        std::thread::spawn(move || input.write_all(&stdin));
        child
    }

    /// Runs the client with `args`, `stdin` as its input; its stdout.
    fn client(&self, args: &[&str], stdin: &[u8]) -> Vec<u8> {
        let out = self.start_client(args, stdin).wait_with_output().unwrap();
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

/// NDJSON events `{"id":I,"host":"hI%3","bytes":I*7}` for I in `ids`.
fn events(ids: std::ops::Range<usize>) -> Vec<u8> {
    let mut text = Vec::new();
    for i in ids {
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
    let input = events(0..5000);
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
        // A CSV record stands alone: the header line, then the event's row.
        let expected: Vec<u8> = match to {
            "csv" => {
                let text = String::from_utf8(stdout.stdout.clone()).unwrap();
                let mut lines = text.lines();
                let header = lines.next().unwrap();
                lines
                    .map(|row| format!("{header}\n{row}\n"))
                    .collect::<String>()
                    .into_bytes()
            }
            _ => stdout.stdout.clone(),
        };
        let brokers = broker.brokers();
        let values = broker.client(&["values", &brokers, topic, "4000"], b"");
        assert_eq!(values, expected, "{topic}");
        for record in broker.consume(topic, 4000) {
            let value = record["value"].as_str().unwrap();
            let host = match to {
                "csv" => value
                    .lines()
                    .nth(1)
                    .unwrap()
                    .split(',')
                    .nth(1)
                    .unwrap()
                    .to_owned(),
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
    let out = run(&["--to-kafka", &url, "filter", "true"], &events(0..10));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("10 records could not be delivered to kafka://"),
        "{stderr}"
    );
    assert!(began.elapsed() < Duration::from_secs(20));
}

/// A consumer that never reaches a broker is a failed run (exit 3, said why), not an empty one,
/// when `--exit-idle` ends it: a cron job with a wrong address must not report success.
#[test]
fn a_source_that_never_joins_is_exit_3() {
    let port = free_port();
    let url = format!("kafka://127.0.0.1:{port}/nowhere?group=g");
    let out = run(
        &["--from-kafka", &url, "--exit-idle", "2s", "select", "id"],
        b"",
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("never joined group `g`"), "{stderr}");
    assert!(out.stdout.is_empty());
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

/// A background eddy whose stdout goes to a file.
struct Consumer {
    child: Child,
    out: PathBuf,
}

impl Consumer {
    /// Starts eddy with `args`, its stdout into `out`.
    fn start(args: &[&str], out: PathBuf) -> Consumer {
        let file = std::fs::File::create(&out).unwrap();
        let child = eddy()
            .args(args)
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        Consumer { child, out }
    }

    /// The lines written so far.
    fn lines(&self) -> usize {
        let text = std::fs::read(&self.out).unwrap_or_default();
        text.iter().filter(|&&b| b == b'\n').count()
    }

    /// Waits for the end (at most `limit`), the exit status and stderr.
    fn wait(mut self, limit: Duration) -> (Option<i32>, String) {
        let deadline = Instant::now() + limit;
        while self.child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("eddy did not end within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let status = self.child.wait().unwrap();
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            use std::io::Read;
            let _ = pipe.read_to_string(&mut stderr);
        }
        let code = status.code().or_else(|| {
            use std::os::unix::process::ExitStatusExt;
            status.signal().map(|s| 128 + s)
        });
        (code, stderr)
    }
}

/// A test that fails leaves no eddy behind.
impl Drop for Consumer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until `done` holds (at most `limit`).
fn wait_for(limit: Duration, what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The ids in NDJSON `text`, one per line.
fn ids(text: &[u8]) -> Vec<u64> {
    (text.split(|&b| b == b'\n'))
        .filter(|l| !l.is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_slice(l).unwrap();
            v["id"].as_u64().unwrap()
        })
        .collect()
}

/// `--meta-field` gives each event the record's topic, partition, offset, key, timestamp and
/// headers; the timestamp is usable as event time; `source()` names the partition. Offsets are
/// committed: the group's committed offsets end at the log end, and a second run of the group
/// reads nothing again.
#[test]
fn source_metadata_event_time_and_commits() {
    let Some(broker) = Broker::start() else {
        return;
    };
    broker.create("meta", 2);
    let lines = b"{\"key\":\"a\",\"n\":1}\n{\"key\":\"b\",\"n\":2}\n{\"key\":\"c\",\"n\":3}\n";
    let at = "--timestamp";
    broker.produce(
        "meta",
        2,
        lines,
        &["--key-field", "--header", "h=v", at, "1700000000123"],
    );
    let url = format!("{}?group=g1", broker.url("meta"));
    let meta = [
        "--from-kafka",
        &url,
        "--exit-idle",
        "3s",
        "--meta-field",
        "kafka",
        "map",
        "src = source(); line = source_line()",
    ];
    let out = run(&meta, b"");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let mut events: Vec<serde_json::Value> = (String::from_utf8(out.stdout).unwrap().lines())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    events.sort_by_key(|e| e["n"].as_u64());
    assert_eq!(events.len(), 3, "{stderr}");
    for (i, event) in events.iter().enumerate() {
        let kafka = &event["kafka"];
        let partition = (i % 2) as u64;
        assert_eq!(kafka["topic"], "meta");
        assert_eq!(kafka["partition"], partition);
        assert_eq!(kafka["offset"], (i / 2) as u64);
        assert_eq!(kafka["key"], ["a", "b", "c"][i]);
        assert_eq!(kafka["timestamp"], 1_700_000_000_123_u64);
        assert_eq!(kafka["headers"], serde_json::json!({"h": "v"}));
        let source = format!("kafka://{}/meta/{partition}", broker.brokers());
        assert_eq!(event["src"], source.as_str());
        assert_eq!(event["line"], (i / 2 + 1) as u64);
    }
    assert_eq!(broker.offsets("meta", "g1"), [(2, 2), (1, 1)]);
    // The record timestamp as event time; a new group reads from the start again.
    let url = format!("{}?group=g2", broker.url("meta"));
    let window = [
        "--from-kafka",
        &url,
        "--exit-idle",
        "3s",
        "--meta-field",
        "kafka",
        "window",
        "tumbling",
        "--size",
        "1m",
        "--time-field",
        "kafka.timestamp",
        "--time-format",
        "epoch_ms",
        "--agg",
        "count",
    ];
    let out = run(&window, b"");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains(r#""window_start":1699999980000,"#), "{text}");
    assert!(text.contains(r#""count":3"#), "{text}");
    // g1 committed everything: nothing is read twice.
    let url = format!("{}?group=g1", broker.url("meta"));
    let again = run(
        &["--from-kafka", &url, "--exit-idle", "3s", "filter", "true"],
        b"",
    );
    assert!(again.status.success());
    assert!(
        again.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
}

/// SIGTERM: the output is flushed, the offsets of what was written are committed and the
/// group is left, so that the next member takes the partitions at once and reads exactly what
/// came after (none twice, none lost).
#[test]
fn sigterm_flushes_commits_and_leaves_the_group() {
    let Some(broker) = Broker::start() else {
        return;
    };
    broker.create("term", 3);
    let first = events(0..20_000);
    broker.produce("term", 3, &first, &[]);
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}?group=t", broker.url("term"));
    let args = ["--from-kafka", &url, "select", "id"];
    let consumer = Consumer::start(&args, dir.path().join("1.ndjson"));
    wait_for(Duration::from_secs(60), "20 000 lines", || {
        consumer.lines() >= 20_000
    });
    let pid = consumer.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let (code, stderr) = consumer.wait(Duration::from_secs(30));
    assert_eq!(code, Some(143), "{stderr}");
    let offsets = broker.offsets("term", "t");
    assert!(
        offsets.iter().all(|(committed, end)| committed == end),
        "{offsets:?}"
    );
    broker.produce("term", 3, &events(20_000..30_000), &[]);
    let next = run(
        &["--from-kafka", &url, "--exit-idle", "5s", "select", "id"],
        b"",
    );
    assert!(
        next.status.success(),
        "{}",
        String::from_utf8_lossy(&next.stderr)
    );
    let mut seen = ids(&std::fs::read(dir.path().join("1.ndjson")).unwrap());
    seen.extend(ids(&next.stdout));
    seen.sort_unstable();
    assert_eq!(seen, (0..30_000).collect::<Vec<u64>>());
}

/// The acceptance of issue 22: three eddy consumers in one group share a 6-partition topic of
/// 200 000 records that an independent client produces meanwhile; one is killed (-9) mid-run
/// and a replacement started. Every record is processed; a record is written twice only if the
/// killed consumer read it after its last commit, or a rebalance moved its partition while its
/// batch was in flight (at least once), and the duplicates are counted; the committed offsets
/// at the end are the log-end offsets.
#[test]
fn group_of_three_with_one_killed_loses_nothing() {
    const RECORDS: usize = 200_000;
    let Some(broker) = Broker::start() else {
        return;
    };
    broker.create("acc", 6);
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}?group=acc", broker.url("acc"));
    let args = ["--from-kafka", &url, "--exit-idle", "30s", "select", "id"];
    let out = |i: usize| dir.path().join(format!("{i}.ndjson"));
    let mut consumers: Vec<Consumer> = (0..3).map(|i| Consumer::start(&args, out(i))).collect();
    // The group forms (each member with two partitions) before the records come.
    std::thread::sleep(Duration::from_secs(5));
    let began = Instant::now();
    let brokers = broker.brokers();
    let producer = broker.start_client(&["produce", &brokers, "acc", "6"], &events(0..RECORDS));
    // The first to have written 10 000 lines is killed mid-run.
    let mut victim = 0;
    wait_for(Duration::from_secs(120), "10 000 lines", || {
        let found = consumers.iter().position(|c| c.lines() >= 10_000);
        victim = found.unwrap_or(0);
        found.is_some()
    });
    let mut killed = consumers.remove(victim);
    killed.child.kill().unwrap();
    let _ = killed.child.wait();
    // The replacement runs until SIGTERM. tansu completes the rebalance its joining starts
    // only once the survivors leave after the killed member's session timed out (10 s): their
    // 30 s without records (a margin for a loaded machine), then the replacement takes every
    // partition.
    let file = std::fs::File::create(out(3)).unwrap();
    let mut replacement = eddy()
        .args(["--from-kafka", &url, "select", "id"])
        .stdout(file)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let produced = producer.wait_with_output().unwrap();
    let produced = String::from_utf8_lossy(&produced.stdout);
    assert_eq!(produced.trim(), RECORDS.to_string());
    let produced_in = began.elapsed();
    let mut stderrs = String::new();
    for consumer in consumers {
        let (code, stderr) = consumer.wait(Duration::from_secs(300));
        assert_eq!(code, Some(0), "{stderr}");
        stderrs.push_str(&stderr);
    }
    // How often each record was written, and whether the killed consumer wrote it.
    let tally = || {
        let mut count = vec![0u32; RECORDS];
        let mut victims = vec![false; RECORDS];
        for i in 0..4 {
            let text = std::fs::read(out(i)).unwrap();
            // The killed one may have been cut inside a line.
            let whole = &text[..text.iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1)];
            for id in ids(whole) {
                count[id as usize] += 1;
                victims[id as usize] |= i == victim;
            }
        }
        (count, victims)
    };
    let deadline = Instant::now() + Duration::from_secs(180);
    while tally().0.contains(&0) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(500));
    }
    let consumed_in = began.elapsed();
    let pid = replacement.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = replacement.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(143),
        "the replacement ends by its SIGTERM"
    );
    let (count, victims) = tally();
    let lost: Vec<usize> = (0..RECORDS).filter(|&id| count[id] == 0).collect();
    let mut lost_in = [0; 6];
    for id in &lost {
        lost_in[id % 6] += 1;
    }
    let offsets = broker.offsets("acc", "acc");
    assert!(
        lost.is_empty(),
        "records lost per partition: {lost_in:?}; offsets {offsets:?}; {stderrs}"
    );
    let twice = |victim: bool| {
        (0..RECORDS)
            .filter(|&id| victims[id] == victim)
            .map(|id| u64::from(count[id] - 1))
            .sum::<u64>()
    };
    eprintln!(
        "{RECORDS} records: produced in {produced_in:?}, all consumed in {consumed_in:?}; \
         written twice: {} read by the killed consumer, {} by moved partitions",
        twice(true),
        twice(false),
    );
    assert!(
        count.iter().all(|&n| n <= 2),
        "a record written three times"
    );
    let offsets = broker.offsets("acc", "acc");
    assert!(
        offsets.iter().all(|(committed, end)| committed == end),
        "{offsets:?}"
    );
    assert_eq!(
        offsets.iter().map(|(_, end)| end).sum::<i64>(),
        RECORDS as i64
    );
}

/// Windows tick while the topic is quiet: with `--idle-timeout` a window closes and is written
/// (and its records committed) while eddy waits for more, without SIGTERM or `--exit-idle`.
#[test]
fn windows_close_while_the_topic_is_quiet() {
    let Some(broker) = Broker::start() else {
        return;
    };
    broker.create("quiet", 1);
    // Records 2 s before their window's end: once the topic is quiet (1 s), event time goes on
    // with the wall clock from there.
    let at = ["--timestamp", "1700000038000"];
    broker.produce("quiet", 1, &events(0..100), &at);
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}?group=q", broker.url("quiet"));
    let args = [
        "--from-kafka",
        &url,
        "--meta-field",
        "kafka",
        "window",
        "tumbling",
        "--size",
        "1m",
        "--time-field",
        "kafka.timestamp",
        "--time-format",
        "epoch_ms",
        "--idle-timeout",
        "1s",
        "--agg",
        "count",
    ];
    let consumer = Consumer::start(&args, dir.path().join("w.ndjson"));
    wait_for(Duration::from_secs(30), "the window", || {
        consumer.lines() >= 1
    });
    let text = std::fs::read_to_string(dir.path().join("w.ndjson")).unwrap();
    assert!(text.contains(r#""count":100"#), "{text}");
    wait_for(Duration::from_secs(10), "the commit", || {
        broker.offsets("quiet", "q") == [(100, 100)]
    });
    let pid = consumer.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let (code, stderr) = consumer.wait(Duration::from_secs(30));
    assert_eq!(code, Some(143), "{stderr}");
}

/// Kafka to Kafka: eddy reads a topic and writes another; its input is committed only once the
/// output is delivered, and what arrives is what it read, changed by the chain.
#[test]
fn topic_to_topic() {
    let Some(broker) = Broker::start() else {
        return;
    };
    broker.create("from", 3);
    broker.create("to", 1);
    broker.produce("from", 3, &events(0..3000), &[]);
    let from = format!("{}?group=pipe", broker.url("from"));
    let to = broker.url("to");
    let args = [
        "--from-kafka",
        &from,
        "--to-kafka",
        &to,
        "--kafka-key",
        "host",
        "--exit-idle",
        "3s",
        "map",
        "kb = bytes / 1000",
    ];
    let out = run(&args, b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(broker.offsets("from", "pipe"), [(1000, 1000); 3]);
    let mut ids: Vec<u64> = (broker.consume("to", 3000).iter())
        .map(|r| {
            let event: serde_json::Value =
                serde_json::from_str(r["value"].as_str().unwrap()).unwrap();
            assert_eq!(event["kb"], event["bytes"].as_f64().unwrap() / 1000.0);
            assert_eq!(r["key"], event["host"]);
            event["id"].as_u64().unwrap()
        })
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, (0..3000).collect::<Vec<u64>>());
}

/// Where a partition without a committed offset starts: `start=` a time (the first record at or
/// after it), `latest` (only what comes after the group joined); the committed offset wins
/// over `start=` once there is one.
#[test]
fn start_positions() {
    let Some(broker) = Broker::start() else {
        return;
    };
    broker.create("start", 2);
    let lines: String = (0..6)
        .map(|i| {
            format!(
                "{{\"id\":{i},\"ts\":{}}}\n",
                1_700_000_000_000_u64 + i * 60_000
            )
        })
        .collect();
    broker.produce("start", 2, lines.as_bytes(), &["--timestamp", "field"]);
    let ids_of = |out: &Output| {
        let mut ids = ids(&out.stdout);
        ids.sort_unstable();
        ids
    };
    // 2023-11-14T22:15:20Z is the time of id 2: ids 2 to 5 from both partitions.
    let url = format!("{}?group=t&start=2023-11-14T22:15:20Z", broker.url("start"));
    let timed = run(
        &["--from-kafka", &url, "--exit-idle", "3s", "select", "id"],
        b"",
    );
    assert!(
        timed.status.success(),
        "{}",
        String::from_utf8_lossy(&timed.stderr)
    );
    assert_eq!(ids_of(&timed), [2, 3, 4, 5]);
    // Group t committed: start= no longer applies, and nothing is left to read.
    let url = format!("{}?group=t&start=earliest", broker.url("start"));
    let again = run(
        &["--from-kafka", &url, "--exit-idle", "3s", "select", "id"],
        b"",
    );
    assert_eq!(ids_of(&again), Vec::<u64>::new());
    // latest: only records produced once the group is joined.
    let url = format!("{}?group=l&start=latest", broker.url("start"));
    let dir = tempfile::tempdir().unwrap();
    let args = ["--from-kafka", &url, "--exit-idle", "8s", "select", "id"];
    let consumer = Consumer::start(&args, dir.path().join("l.ndjson"));
    std::thread::sleep(Duration::from_secs(3));
    broker.produce("start", 2, b"{\"id\":6}\n{\"id\":7}\n", &[]);
    let (code, stderr) = consumer.wait(Duration::from_secs(60));
    assert_eq!(code, Some(0), "{stderr}");
    let mut latest = ids(&std::fs::read(dir.path().join("l.ndjson")).unwrap());
    latest.sort_unstable();
    assert_eq!(latest, [6, 7]);
}

/// The source's usage errors come before anything connects.
#[test]
fn source_usage_errors() {
    for (url, message) in [
        (
            "kafka://h:1/t?start=yesterday",
            "expected earliest, latest or an RFC 3339 time",
        ),
        ("kafka://h:1/t?groups=a", "unknown query parameter `groups`"),
        ("kafka://h:1/t?group=", "group= needs a name"),
        ("kafka://h/t", "expected HOST:PORT brokers"),
    ] {
        let out = run(&["--from-kafka", url, "filter", "true"], b"");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{url}: {stderr}");
        assert!(stderr.contains(message), "{url}: {stderr}");
    }
    let out = run(
        &[
            "--from-kafka",
            "kafka://h:1/t",
            "filter",
            "true",
            "x.ndjson",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
}

/// Exactly once across kill -9 with `--state` (as `tests/it/redis.rs` does for Redis): `count
/// --by host` over a topic that grows while it runs, killed (-9) after a few checkpoints and
/// restarted with the same state (`--final`): the counts are those of every record once, none
/// twice or lost, and the committed offsets end at the log end.
#[test]
fn state_counts_exactly_once_across_kill_9() {
    let Some(broker) = Broker::start() else {
        return;
    };
    broker.create("cp", 3);
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("s.json");
    let url = format!("{}?group=cp", broker.url("cp"));
    let args = [
        "--from-kafka",
        &url,
        "--state",
        state.to_str().unwrap(),
        "--checkpoint-interval",
        "200ms",
    ];
    let mut consumer = Consumer::start(
        &[&args[..], &["count", "--by", "host"]].concat(),
        dir.path().join("1.ndjson"),
    );
    let saved = || {
        let text = std::fs::read_to_string(&state).unwrap_or_default();
        text.find(r#""transport":"#)
            .map(|at| text[at..at + text[at..].find('}').unwrap()].to_owned())
    };
    let mut produced = 0;
    let mut checkpoints = std::collections::HashSet::new();
    while produced < 15_000 || checkpoints.len() < 3 {
        assert!(
            produced < 60_000,
            "fewer than 3 checkpoints: {checkpoints:?}"
        );
        broker.produce("cp", 3, &events(produced..produced + 5_000), &[]);
        produced += 5_000;
        std::thread::sleep(Duration::from_millis(300));
        checkpoints.extend(saved());
    }
    consumer.child.kill().unwrap();
    consumer.child.wait().unwrap();
    broker.produce("cp", 3, &events(produced..produced + 5_000), &[]);
    produced += 5_000;
    // The restart reads the topic as a new group: tansu gives the killed member's partitions to
    // a new member of its group only once its session timed out and the group rebalanced, later
    // than a test should wait. The new group gets every record again, from the start: those at
    // or below the saved positions are skipped (they are in the restored counts), the rest
    // counted once.
    let again = format!("{}?group=cp2", broker.url("cp"));
    let args = [
        "--from-kafka",
        &again,
        "--state",
        state.to_str().unwrap(),
        "--checkpoint-interval",
        "200ms",
    ];
    let out = run(
        &[
            &args[..],
            &["--final", "--exit-idle", "5s", "count", "--by", "host"],
        ]
        .concat(),
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut counts: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    counts.sort();
    let expected: Vec<String> = (0..3)
        .map(|h| {
            let n = (0..produced).filter(|i| i % 3 == h).count();
            format!(r#"{{"host":"h{h}","count":{n}}}"#)
        })
        .collect();
    assert_eq!(counts, expected);
    let offsets = broker.offsets("cp", "cp2");
    assert!(offsets.iter().all(|(c, e)| c == e), "{offsets:?}");
    eprintln!(
        "kafka exactly once: {produced} records, killed after {} checkpoints",
        checkpoints.len()
    );
}

/// A stage the reader aggregates for (`count --by`) over records of several partitions in one
/// poll: every partition's records are counted (each partition has a framer of its own, and
/// what one's work holds is added before another's records).
#[test]
fn counts_over_several_partitions_count_every_record() {
    let Some(broker) = Broker::start() else {
        return;
    };
    broker.create("pc", 3);
    broker.produce("pc", 3, &events(0..9_000), &[]);
    let url = format!("{}?group=pc", broker.url("pc"));
    let out = run(
        &[
            "--from-kafka",
            &url,
            "--exit-idle",
            "5s",
            "count",
            "--by",
            "host",
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut counts: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    counts.sort();
    let expected: Vec<String> = (0..3)
        .map(|h| format!(r#"{{"host":"h{h}","count":3000}}"#))
        .collect();
    assert_eq!(counts, expected);
}
