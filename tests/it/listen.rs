//! `--listen`: sockets as sources. Many TCP clients and UDP senders at once with every line
//! accounted for (output or counted drop), framing per connection (a client that closes
//! inside a line), back-pressure (a pipeline that is not read slows TCP senders, keeps eddy's
//! memory bounded, answers HTTP 503), SIGTERM reading what was received and flushing windows,
//! idle ticks, Unix sockets, HTTP (1,000 POSTs from 10 Python clients), bind errors.
//!
//! eddy binds port 0 and says the address on stderr; every test stops the eddy it started
//! (SIGTERM, or a kill when it fails first: [`Server`]'s drop).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpStream, UdpSocket};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use crate::common::eddy;

/// A running `eddy --listen …`: its addresses, its output lines as they come.
struct Server {
    child: Child,
    /// The URLs it said it listens on, in the order of the `--listen` options.
    urls: Vec<String>,
    lines: Option<Receiver<String>>,
    stderr: Receiver<String>,
}

impl Server {
    /// Starts eddy with `args` (which hold `n` `--listen` options) in `dir` and waits until it
    /// listens. `read_stdout`: false leaves its stdout pipe unread (back-pressure tests).
    fn start(dir: &Path, args: &[&str], read_stdout: bool) -> Server {
        let n = args.iter().filter(|a| **a == "--listen").count();
        let mut child = eddy()
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = read_stdout.then(|| crate::common::stdout_lines(&mut child));
        let pipe = child.stderr.take().unwrap();
        let (tx, stderr) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut urls = Vec::new();
        while urls.len() < n {
            let line = stderr
                .recv_timeout(Duration::from_secs(20))
                .expect("eddy says where it listens");
            if let Some(url) = line.strip_prefix("eddy: listening on ") {
                urls.push(url.to_owned());
            }
        }
        Server {
            child,
            urls,
            lines,
            stderr,
        }
    }

    /// The `host:port` of listener `i`.
    fn addr(&self, i: usize) -> String {
        let url = &self.urls[i];
        url.split_once("://")
            .map_or(url.as_str(), |(_, a)| a)
            .to_owned()
    }

    /// Waits (up to 60 s) for `n` output lines.
    fn wait_for(&mut self, n: usize, seen: &mut Vec<String>) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let lines = self.lines.as_ref().expect("stdout is read");
        while seen.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) => seen.push(line),
                Err(_) => panic!("only {} of {n} lines", seen.len()),
            }
        }
    }

    /// Sends SIGTERM and waits for the exit: its status, the output lines not taken yet, and
    /// the rest of its stderr.
    fn stop(mut self) -> (Option<i32>, Vec<String>, String) {
        let pid = self.child.id().to_string();
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        // Its stdout is read to its end (a test that left it unread reads it now).
        let rest: Vec<String> = match self.lines.take() {
            Some(lines) => lines.iter().collect(),
            None => {
                let mut text = String::new();
                let _ = self.child.stdout.take().unwrap().read_to_string(&mut text);
                text.lines().map(str::to_owned).collect()
            }
        };
        let status = self.child.wait().unwrap();
        let stderr: Vec<String> = self.stderr.iter().collect();
        use std::os::unix::process::ExitStatusExt;
        (status.code().or(status.signal()), rest, stderr.join("\n"))
    }
}

impl Drop for Server {
    /// A test that fails before it stops its eddy leaves no process behind.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `--stats` object in `stderr`.
fn stats(stderr: &str) -> serde_json::Value {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("{\"lines_read\""))
        .unwrap_or_else(|| panic!("no --stats in {stderr}"));
    serde_json::from_str(line).unwrap()
}

/// How often each line occurs.
fn counts(lines: &[String]) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for line in lines {
        *counts.entry(line.as_str()).or_insert(0) += 1;
    }
    counts
}

/// 24 TCP clients at once, each writing 300 lines in pieces (so that connections interleave
/// inside lines); every other one closes inside a last line. Every whole line comes out once,
/// named by its connection (`source()`), and every cut line is a reported, counted drop whose
/// bytes are in `--errors`, joined to nothing.
#[test]
fn tcp_clients_every_line_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "map",
        "src = source()",
        "--listen",
        "tcp://:0",
        "--errors",
        "bad.txt",
        "--stats",
    ];
    let mut server = Server::start(dir.path(), &args, true);
    let addr = server.addr(0);
    let clients: Vec<_> = (0..24)
        .map(|c| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut conn = TcpStream::connect(&addr).unwrap();
                let port = conn.local_addr().unwrap().port();
                for n in 0..300 {
                    let line = format!("{{\"c\":{c},\"n\":{n}}}\n");
                    let (a, b) = line.split_at(line.len() / 2);
                    conn.write_all(a.as_bytes()).unwrap();
                    if n % 50 == 0 {
                        std::thread::sleep(Duration::from_millis(2));
                    }
                    conn.write_all(b.as_bytes()).unwrap();
                }
                if c % 2 == 1 {
                    conn.write_all(format!("{{\"c\":{c},\"cut\":").as_bytes())
                        .unwrap();
                }
                port
            })
        })
        .collect();
    let ports: Vec<u16> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    let mut seen = Vec::new();
    server.wait_for(24 * 300, &mut seen);
    let (status, rest, stderr) = server.stop();
    assert_eq!(status, Some(143), "{stderr}");
    seen.extend(rest);
    assert_eq!(seen.len(), 24 * 300, "{stderr}");
    let counts = counts(&seen);
    for (c, port) in ports.iter().enumerate() {
        for n in 0..300 {
            let line = format!("{{\"c\":{c},\"n\":{n},\"src\":\"tcp://127.0.0.1:{port}\"}}");
            assert_eq!(counts.get(line.as_str()), Some(&1), "{line}");
        }
    }
    let stats = stats(&stderr);
    assert_eq!(stats["malformed_lines"], 12, "{stderr}");
    assert_eq!(stats["lines_read"], 24 * 300 + 12);
    assert_eq!(stats["listen"][0]["connections"], 24);
    let mut bad = std::fs::read_to_string(dir.path().join("bad.txt")).unwrap();
    for c in (1..24).step_by(2) {
        let cut = format!("{{\"c\":{c},\"cut\":");
        assert!(bad.contains(&cut), "{bad}");
        bad = bad.replacen(&cut, "", 1);
    }
    assert!(bad.trim().is_empty(), "only the cut lines: {bad}");
    // The first few are reported in full (the rest in the summary), each at its connection's
    // line 301.
    let reported = stderr
        .matches(":301: connection closed inside a line (by its client")
        .count();
    assert!(reported >= 1, "{stderr}");
    for line in stderr
        .lines()
        .filter(|l| l.contains("connection closed inside"))
    {
        let port: u16 = line["eddy: tcp://127.0.0.1:".len()..]
            .split(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let c = ports.iter().position(|p| *p == port).unwrap();
        assert_eq!(c % 2, 1, "{line}");
    }
}

/// 20 UDP senders at once, 300 datagrams each of two lines (the last without a line end):
/// every datagram's lines come out (both) or it is counted as dropped, by eddy or by the
/// kernel, in `--stats`; `--strict` then makes the drops the exit status's business.
#[test]
fn udp_senders_every_datagram_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["filter", "true", "--listen", "udp://:0", "--stats"];
    let mut server = Server::start(dir.path(), &args, true);
    let addr = server.addr(0);
    let senders: Vec<_> = (0..20)
        .map(|s| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
                for n in 0..300 {
                    let datagram =
                        format!("{{\"s\":{s},\"n\":{n},\"k\":0}}\n{{\"s\":{s},\"n\":{n},\"k\":1}}");
                    socket.send_to(datagram.as_bytes(), &addr).unwrap();
                    if n % 20 == 0 {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                }
            })
        })
        .collect();
    for sender in senders {
        sender.join().unwrap();
    }
    // The datagrams still on their way arrive while eddy runs on.
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    let lines = server.lines.take().unwrap();
    while Instant::now() < deadline && seen.len() < 2 * 20 * 300 {
        if let Ok(line) = lines.recv_timeout(Duration::from_millis(500)) {
            seen.push(line);
        }
    }
    server.lines = Some(lines);
    let (status, rest, stderr) = server.stop();
    assert_eq!(status, Some(143), "{stderr}");
    seen.extend(rest);
    let counts = counts(&seen);
    assert!(counts.values().all(|&n| n == 1), "a line twice");
    let mut whole = 0;
    for s in 0..20 {
        for n in 0..300 {
            let k = |k| format!("{{\"s\":{s},\"n\":{n},\"k\":{k}}}");
            let (a, b) = (
                counts.contains_key(k(0).as_str()),
                counts.contains_key(k(1).as_str()),
            );
            assert_eq!(a, b, "a datagram's lines come out together: {s} {n}");
            whole += usize::from(a);
        }
    }
    let stats = stats(&stderr);
    let listen = &stats["listen"][0];
    let dropped = listen["datagrams_dropped"].as_u64().unwrap()
        + listen["datagrams_dropped_by_kernel"].as_u64().unwrap();
    assert_eq!(whole as u64 + dropped, 20 * 300, "{stderr}");
    assert_eq!(
        listen["datagrams"].as_u64().unwrap(),
        20 * 300 - listen["datagrams_dropped_by_kernel"].as_u64().unwrap()
    );
    assert_eq!(seen.len(), 2 * whole);
}

/// A pipeline whose output nobody reads while datagrams pour in: the socket holds what fits
/// and drops the rest, counting it (and what the kernel dropped); nothing held is lost at the
/// stop. Every datagram sent is output or counted.
#[test]
fn udp_drops_under_back_pressure_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["filter", "true", "--listen", "udp://:0", "--stats"];
    let server = Server::start(dir.path(), &args, false);
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let pad = "x".repeat(1000);
    let sent = 30_000;
    for n in 0..sent {
        let datagram = format!("{{\"n\":{n},\"pad\":\"{pad}\"}}");
        socket.send_to(datagram.as_bytes(), server.addr(0)).unwrap();
        // Paced, so that eddy rather than the kernel has the datagrams to drop.
        if n % 10 == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    std::thread::sleep(Duration::from_millis(500));
    let (status, out, stderr) = server.stop();
    assert_eq!(status, Some(143), "{stderr}");
    let listen = &stats(&stderr)["listen"][0];
    let dropped = listen["datagrams_dropped"].as_u64().unwrap();
    let by_kernel = listen["datagrams_dropped_by_kernel"].as_u64().unwrap();
    assert!(
        dropped > 0,
        "30 MB into a pipeline that is not read: {listen}"
    );
    assert_eq!(out.len() as u64 + dropped + by_kernel, sent, "{listen}");
    assert_eq!(counts(&out).len(), out.len(), "no datagram twice");
    assert!(stderr.contains("datagrams dropped"), "{stderr}");
}

/// A pipeline whose output nobody reads: TCP senders are slowed (their writes wait) while
/// eddy's memory stays bounded; once the output is read, every line comes out.
#[test]
fn back_pressure_slows_tcp_senders_and_bounds_memory() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["filter", "true", "--listen", "tcp://:0"];
    let server = Server::start(dir.path(), &args, false);
    let addr = server.addr(0);
    let line = format!("{{\"pad\":\"{}\",\"n\":0}}\n", "x".repeat(200));
    let total: u64 = 160 << 20;
    let lines_per_client = total / 4 / line.len() as u64;
    let sent = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let (addr, sent, line) = (addr.clone(), sent.clone(), line.clone());
            std::thread::spawn(move || {
                let mut conn = TcpStream::connect(&addr).unwrap();
                let block = line.repeat(1000);
                for _ in 0..lines_per_client / 1000 {
                    if conn.write_all(block.as_bytes()).is_err() {
                        return;
                    }
                    sent.fetch_add(block.len() as u64, std::sync::atomic::Ordering::Relaxed);
                }
            })
        })
        .collect();
    // The senders come to a stand: no progress for a second (on a busy machine it may take a
    // while; the bound is generous).
    let began = Instant::now();
    let mut before = u64::MAX;
    let stood = loop {
        std::thread::sleep(Duration::from_secs(1));
        let now = sent.load(std::sync::atomic::Ordering::Relaxed);
        if now == before {
            break now;
        }
        assert!(
            began.elapsed() < Duration::from_secs(60),
            "senders never stood still"
        );
        before = now;
    };
    let rss = rss_kib(server.child.id());
    // What they wrote is in socket buffers, the read-ahead (4 MiB) and the output's pipe, far
    // from the 160 MiB they want to send.
    assert!(stood < 100 << 20, "senders not slowed: {stood} bytes sent");
    assert!(rss < 200 << 10, "eddy's memory grew: {rss} KiB");
    // Reading the output lets everything through.
    let mut server = server;
    let stdout = server.child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut lines = 0u64;
        for _ in BufReader::new(stdout).lines().map_while(Result::ok) {
            lines += 1;
        }
        lines
    });
    for client in clients {
        client.join().unwrap();
    }
    let expected = lines_per_client / 1000 * 1000 * 4;
    // Every line is read before the stop: the stop reads what was received (nothing is lost).
    let pid = server.child.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    let status = server.child.wait().unwrap();
    assert_eq!(status.code(), Some(143));
    assert_eq!(reader.join().unwrap(), expected);
}

/// eddy's resident memory, in KiB (`/proc/PID/status`).
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// SIGTERM while windows are open: what the clients sent (the last of it perhaps still in the
/// socket) is read, the windows close and are written, and the exit status is 143.
#[test]
fn sigterm_reads_what_was_received_and_flushes_windows() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "window",
        "tumbling",
        "--size",
        "1h",
        "--time-field",
        "ts",
        "--by",
        "c",
        "--agg",
        "count",
        "--listen",
        "tcp://:0",
        "--listen",
        "unix:eddy.sock",
    ];
    let server = Server::start(dir.path(), &args, true);
    let addr = server.addr(0);
    let mut tcp: Vec<TcpStream> = (0..20)
        .map(|_| TcpStream::connect(&addr).unwrap())
        .collect();
    for (c, conn) in tcp.iter_mut().enumerate() {
        for n in 0..50 {
            let ts = format!("2024-03-01T10:{:02}:00Z", n % 60);
            writeln!(conn, "{{\"ts\":\"{ts}\",\"c\":{c}}}").unwrap();
        }
    }
    let mut unix = UnixStream::connect(dir.path().join("eddy.sock")).unwrap();
    for _ in 0..7 {
        writeln!(unix, "{{\"ts\":\"2024-03-01T10:30:00Z\",\"c\":\"u\"}}").unwrap();
    }
    unix.flush().unwrap();
    // The connections stay open: the stop reads what they sent.
    std::thread::sleep(Duration::from_millis(300));
    let (status, rest, stderr) = server.stop();
    assert_eq!(status, Some(143), "{stderr}");
    let windows: Vec<serde_json::Value> = rest
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(windows.len(), 21, "{rest:?}");
    for c in 0..20 {
        assert!(
            windows.iter().any(|w| w["c"] == c && w["count"] == 50),
            "{rest:?}"
        );
    }
    assert!(windows.iter().any(|w| w["c"] == "u" && w["count"] == 7));
    assert!(
        !dir.path().join("eddy.sock").exists(),
        "the socket file is removed"
    );
    drop(tcp);
}

/// While every client is quiet (connected, sending nothing), windows still close on the wall
/// clock (`--idle-timeout`) and their output is flushed.
#[test]
fn quiet_sockets_still_tick_windows() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "window",
        "tumbling",
        "--size",
        "1s",
        "--time-field",
        "ts",
        "--idle-timeout",
        "1s",
        "--agg",
        "count",
        "--listen",
        "tcp://:0",
    ];
    let mut server = Server::start(dir.path(), &args, true);
    let mut conn = TcpStream::connect(server.addr(0)).unwrap();
    let now = jiff::Timestamp::now();
    for _ in 0..5 {
        writeln!(conn, "{{\"ts\":\"{now}\"}}").unwrap();
    }
    let mut seen = Vec::new();
    server.wait_for(1, &mut seen);
    let window: serde_json::Value = serde_json::from_str(&seen[0]).unwrap();
    assert_eq!(window["count"], 5);
    let (status, _, stderr) = server.stop();
    assert_eq!(status, Some(143), "{stderr}");
}

/// Each connection is a source of its own: two CSV clients with different headers are each
/// read by their own header, and `--from` applies to every connection.
#[test]
fn every_connection_has_its_own_format_state() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["filter", "true", "--from", "csv", "--listen", "tcp://:0"];
    let mut server = Server::start(dir.path(), &args, true);
    let mut a = TcpStream::connect(server.addr(0)).unwrap();
    let mut b = TcpStream::connect(server.addr(0)).unwrap();
    a.write_all(b"x,y\n1,").unwrap();
    b.write_all(b"name\nann\n").unwrap();
    a.write_all(b"2\n").unwrap();
    drop((a, b));
    let mut seen = Vec::new();
    server.wait_for(2, &mut seen);
    seen.sort();
    assert_eq!(seen, [r#"{"name":"ann"}"#, r#"{"x":1,"y":2}"#]);
    let (status, _, _) = server.stop();
    assert_eq!(status, Some(143));
}

/// Files are read beside the sockets; the end of the files is not the end of the run.
#[test]
fn files_beside_sockets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.ndjson"), "{\"f\":1}\n{\"f\":2}\n").unwrap();
    let args = ["filter", "true", "--listen", "udp://:0", "a.ndjson"];
    let mut server = Server::start(dir.path(), &args, true);
    let mut seen = Vec::new();
    server.wait_for(2, &mut seen);
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.send_to(b"{\"u\":1}", server.addr(0)).unwrap();
    server.wait_for(3, &mut seen);
    assert_eq!(seen, [r#"{"f":1}"#, r#"{"f":2}"#, r#"{"u":1}"#]);
    let (status, _, _) = server.stop();
    assert_eq!(status, Some(143));
}

/// A socket file nobody listens on (left by a run that died) is taken over; a file that is
/// not a socket, a socket someone listens on, an address in use are errors of the run (3)
/// before any input; a malformed URL, and --listen with --state, are usage errors (2).
#[test]
fn bind_errors_and_stale_unix_sockets() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join("stale.sock");
    drop(std::os::unix::net::UnixListener::bind(&stale).unwrap());
    assert!(stale.exists());
    let mut server = Server::start(
        dir.path(),
        &["filter", "true", "--listen", "unix:stale.sock"],
        true,
    );
    let mut conn = UnixStream::connect(&stale).unwrap();
    conn.write_all(b"{\"a\":1}\n").unwrap();
    let mut seen = Vec::new();
    server.wait_for(1, &mut seen);
    // Another run cannot take the socket while this one listens.
    let taken = eddy()
        .args(["filter", "true", "--listen", "unix:stale.sock"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(taken.status.code(), Some(3));
    let err = String::from_utf8_lossy(&taken.stderr);
    assert!(
        err.contains("eddy: --listen unix:stale.sock: another process listens"),
        "{err}"
    );
    let (status, _, _) = server.stop();
    assert_eq!(status, Some(143));
    assert!(!stale.exists());

    std::fs::write(dir.path().join("plain"), "x").unwrap();
    let in_use = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = in_use.local_addr().unwrap().port().to_string();
    let cases: [(&[&str], i32, &str); 5] = [
        (
            &["--listen", "unix:plain"],
            3,
            "a file that is not a socket is in the way",
        ),
        (
            &["--listen", &format!("tcp://:{port}")],
            3,
            "eddy: --listen tcp://127.0.0.1:",
        ),
        (&["--listen", "tcp://1.2.3:9"], 2, "expected an IP address"),
        (&["--listen", "smtp://:25"], 2, "unknown scheme `smtp`"),
        (
            &["--listen", "tcp://:0", "--state", "s.json"],
            2,
            "sockets (--listen) have no place",
        ),
    ];
    for (extra, code, message) in cases {
        let out = eddy()
            .args(["filter", "true"])
            .args(extra)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{extra:?}: {err}");
        assert!(err.contains(message), "{extra:?}: {err}");
    }
    assert!(std::fs::read_to_string(dir.path().join("plain")).unwrap() == "x");
}

/// Sends `request` on a new connection and returns the status line and body of the answer.
fn http(addr: &str, request: &[u8]) -> (u16, String, String) {
    let mut conn = TcpStream::connect(addr).unwrap();
    conn.write_all(request).unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    (status, head.to_owned(), body.to_owned())
}

/// HTTP: bodies by Content-Length, chunked and gzip, two on one kept-alive connection (each
/// body's unterminated last line its own record), and the requests eddy refuses.
#[test]
fn http_bodies_and_bad_requests() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "filter",
        "true",
        "--listen",
        "http://:0",
        "--errors",
        "bad.txt",
    ];
    let mut server = Server::start(dir.path(), &args, true);
    let addr = server.addr(0);
    // Two requests on one connection, the second closing it.
    let two = b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 15\r\n\r\n{\"a\":1}\n{\"a\":2}\
        POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n\
        4\r\n{\"b\"\r\n3\r\n:1}\r\n0\r\n\r\n";
    let (status, head, body) = http(&addr, two);
    assert_eq!(status, 202, "{head}");
    assert_eq!(body.matches("{\"accepted\":").count(), 2, "{body}");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"{\"g\":1}\n{\"g\":2}\nnot json\n").unwrap();
    let gz = gz.finish().unwrap();
    let mut request = format!(
        "POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        gz.len()
    )
    .into_bytes();
    request.extend_from_slice(&gz);
    let (status, _, body) = http(&addr, &request);
    assert_eq!(
        (status, body.trim()),
        (202, r#"{"accepted":2,"malformed":1}"#)
    );
    let bad: [(&[u8], u16); 7] = [
        (b"GET / HTTP/1.1\r\n\r\n", 405),
        (b"POST / HTTP/1.1\r\n\r\n", 411),
        (
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            400,
        ),
        (
            b"POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n",
            413,
        ),
        (
            b"POST / HTTP/1.1\r\nContent-Encoding: br\r\nContent-Length: 1\r\n\r\nx",
            415,
        ),
        (
            b"POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc",
            400,
        ),
        (b"BREW\r\n\r\n", 400),
    ];
    for (request, expected) in bad {
        let (status, head, _) = http(&addr, request);
        assert_eq!(
            status,
            expected,
            "{}: {head}",
            String::from_utf8_lossy(request)
        );
    }
    let mut seen = Vec::new();
    server.wait_for(5, &mut seen);
    let (status, rest, stderr) = server.stop();
    assert_eq!(status, Some(143), "{stderr}");
    seen.extend(rest);
    assert_eq!(
        seen,
        [
            r#"{"a":1}"#,
            r#"{"a":2}"#,
            r#"{"b":1}"#,
            r#"{"g":1}"#,
            r#"{"g":2}"#
        ]
    );
    let errors = std::fs::read_to_string(dir.path().join("bad.txt")).unwrap();
    assert_eq!(errors, "not json\n");
}

/// 1,000 POSTs from 10 concurrent Python clients (`http.client`, kept-alive connections, some
/// bodies chunked, some gzip): every record of every 2xx comes out exactly once; a 503 is
/// sent again.
#[test]
fn http_thousand_posts_from_ten_clients() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["filter", "true", "--listen", "http://:0", "--stats"];
    let mut server = Server::start(dir.path(), &args, true);
    let (host, port) = server
        .addr(0)
        .rsplit_once(':')
        .map(|(h, p)| (h.to_owned(), p.to_owned()))
        .unwrap();
    let python = r#"
import gzip, http.client, json, sys, threading, time
host, port = sys.argv[1], int(sys.argv[2])
results = []
def client(c):
    conn = http.client.HTTPConnection(host, port, timeout=60)
    for n in range(100):
        lines = [json.dumps({"c": c, "n": n, "k": k}, separators=(",", ":")) for k in range(3)]
        body = "\n".join(lines).encode()  # the last line has no line end
        headers = {"Content-Type": "application/x-ndjson"}
        if n % 3 == 1:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        while True:
            if n % 3 == 2:
                conn.request("POST", "/", body=iter([body[:5], body[5:]]), headers=headers, encode_chunked=True)
            else:
                conn.request("POST", "/", body=body, headers=headers)
            r = conn.getresponse()
            answer = r.read()
            if r.status == 503:
                time.sleep(float(r.getheader("Retry-After", "1")) / 10)
                continue
            results.append((r.status, json.loads(answer)["accepted"]))
            break
threads = [threading.Thread(target=client, args=(c,)) for c in range(10)]
for t in threads: t.start()
for t in threads: t.join()
print(len(results), sum(a for s, a in results), sorted(set(s for s, a in results)))
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", python, &host, &port])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "1000 3000 [202]"
    );
    let mut seen = Vec::new();
    server.wait_for(3000, &mut seen);
    let (status, rest, stderr) = server.stop();
    assert_eq!(status, Some(143), "{stderr}");
    seen.extend(rest);
    assert_eq!(seen.len(), 3000);
    let counts = counts(&seen);
    for c in 0..10 {
        for n in 0..100 {
            for k in 0..3 {
                let line = format!("{{\"c\":{c},\"n\":{n},\"k\":{k}}}");
                assert_eq!(counts.get(line.as_str()), Some(&1), "{line}");
            }
        }
    }
    let stats = stats(&stderr);
    assert_eq!(stats["listen"][0]["requests_accepted"], 1000);
}

/// A pipeline whose output nobody reads: POSTs are answered 503 with Retry-After once the
/// queue is full, and nothing of a refused body comes out; every record of a 202 does, once
/// the output is read.
#[test]
fn http_answers_503_under_back_pressure() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["filter", "true", "--listen", "http://:0", "--stats"];
    let server = Server::start(dir.path(), &args, false);
    let addr = server.addr(0);
    let mut conn = TcpStream::connect(&addr).unwrap();
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let pad = "x".repeat(1000);
    let (mut accepted, mut refused) = (Vec::new(), 0);
    for n in 0u64..20_000 {
        let body: String = (0..100)
            .map(|k| format!("{{\"n\":{n},\"k\":{k},\"pad\":\"{pad}\"}}\n"))
            .collect();
        write!(
            conn,
            "POST / HTTP/1.1\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        let mut head = String::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if let Some(l) = line.strip_prefix("Content-Length: ") {
                length = l.trim().parse().unwrap();
            }
            head.push_str(&line);
            if line == "\r\n" {
                break;
            }
        }
        let mut answer = vec![0; length];
        reader.read_exact(&mut answer).unwrap();
        match &status[9..12] {
            "202" => accepted.push(n),
            "503" => {
                assert!(head.contains("Retry-After: 1"), "{head}");
                refused += 1;
                if refused == 3 {
                    break;
                }
            }
            other => panic!("{other}: {head}"),
        }
    }
    assert_eq!(refused, 3, "no 503 while nobody reads the output");
    drop((conn, reader));
    let (status, rest, stderr) = server.stop();
    assert_eq!(status, Some(143), "{stderr}");
    assert_eq!(rest.len(), accepted.len() * 100, "{stderr}");
    let out: std::collections::BTreeSet<u64> = rest
        .iter()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["n"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(out.into_iter().collect::<Vec<_>>(), accepted);
    assert_eq!(stats(&stderr)["listen"][0]["requests_rejected"], 3);
}

/// With only `--listen`, stdin is not read; a stage that wants no more (`head`) ends the run
/// by itself (status 0), and the Unix socket file is removed then too.
#[test]
fn only_sockets_no_stdin_and_head_ends_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = eddy()
        .args(["head", "2", "--listen", "unix:in.sock"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"{\"stdin\":1}\n{\"stdin\":2}\n").unwrap();
    drop(stdin);
    let path = dir.path().join("in.sock");
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut conn = loop {
        match UnixStream::connect(&path) {
            Ok(conn) => break conn,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("eddy does not listen: {e}"),
        }
    };
    conn.write_all(b"{\"s\":1}\n{\"s\":2}\n{\"s\":3}\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "{\"s\":1}\n{\"s\":2}\n"
    );
    assert!(!path.exists(), "the socket file is removed");
}

/// SIGTERM while a TCP and a Unix client send without a pause: eddy reads them for at most
/// 1 s more, then ends (exit 143) although both still send, the line each was inside dropped
/// as cut off by the stop.
#[test]
fn sigterm_stops_clients_that_never_pause() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "filter",
        "false",
        "--listen",
        "tcp://:0",
        "--listen",
        "unix:eddy.sock",
    ];
    let server = Server::start(dir.path(), &args, true);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let block = "{\"a\":1}\n".repeat(10_000);
    let send = |mut conn: Box<dyn Write + Send>| {
        let (stop, block) = (stop.clone(), block.clone());
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if conn.write_all(block.as_bytes()).is_err() {
                    return;
                }
            }
        })
    };
    let tcp = send(Box::new(TcpStream::connect(server.addr(0)).unwrap()));
    let unix = send(Box::new(
        UnixStream::connect(dir.path().join("eddy.sock")).unwrap(),
    ));
    std::thread::sleep(Duration::from_millis(500));
    let began = Instant::now();
    let (status, _, stderr) = server.stop();
    let took = began.elapsed();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert_eq!(status, Some(143), "{stderr}");
    assert!(took < Duration::from_secs(4), "the stop took {took:?}");
    tcp.join().unwrap();
    unix.join().unwrap();
}

/// Many connections holding long lines without a line end, and many large HTTP bodies while
/// the pipeline is behind: eddy's memory stays under the README's bound (3 × 64 MiB + 192 KiB
/// × connections for unended lines and bodies, beside a fixed base), not connections ×
/// 64 MiB; the connections that did not fit are cut and counted, bodies answered 503.
#[test]
fn memory_is_bounded_across_connections() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "filter",
        "true",
        "--stats",
        "--listen",
        "tcp://:0",
        "--listen",
        "http://:0",
    ];
    let server = Server::start(dir.path(), &args, false);
    let pid = server.child.id();
    let base = rss_kib(pid);
    let (tcp, http) = (server.addr(0), server.addr(1));
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (peak, done) = (peak.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                peak.fetch_max(rss_kib(pid), std::sync::atomic::Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let mut clients = Vec::new();
    for _ in 0..20 {
        let tcp = tcp.clone();
        clients.push(std::thread::spawn(move || {
            let mut conn = TcpStream::connect(&tcp).unwrap();
            conn.set_write_timeout(Some(Duration::from_secs(8)))
                .unwrap();
            let piece = vec![b'x'; 1 << 20];
            for _ in 0..30 {
                if conn.write_all(&piece).is_err() {
                    return;
                }
            }
        }));
    }
    let body = vec![b'y'; 15 << 20];
    let body = std::sync::Arc::new(body);
    let statuses = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    for _ in 0..40 {
        let (http, body, statuses) = (http.clone(), body.clone(), statuses.clone());
        clients.push(std::thread::spawn(move || {
            let mut conn = TcpStream::connect(&http).unwrap();
            conn.set_read_timeout(Some(Duration::from_secs(20)))
                .unwrap();
            let head = format!("POST / HTTP/1.1\r\nContent-Length: {}\r\n\r\n", body.len());
            let _ = conn.write_all(head.as_bytes());
            let _ = conn.write_all(&body);
            let mut answer = String::new();
            let _ = conn.read_to_string(&mut answer);
            statuses
                .lock()
                .unwrap()
                .push(answer.get(9..12).unwrap_or("").to_owned());
        }));
    }
    for client in clients {
        client.join().unwrap();
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    watcher.join().unwrap();
    let peak = peak.load(std::sync::atomic::Ordering::Relaxed);
    let (status, _, stderr) = server.stop();
    assert_eq!(status, Some(143), "{stderr}");
    // The README's bound for 60 connections (3 × 64 MiB + 192 KiB each), beside the base and
    // what the pipeline holds: the read-ahead, here one 16 MiB body alone, as an event and as
    // output waiting for stdout.
    let bound = 3 * (64 << 10) + 60 * 192 + base + (48 << 10);
    eprintln!("peak {peak} KiB, bound {bound} KiB");
    assert!(
        peak < bound,
        "peak {peak} KiB over {bound} KiB (base {base})"
    );
    let stats = stats(&stderr);
    let cut = stats["listen"][0]["connections_cut"].as_i64().unwrap();
    assert!(cut > 0, "{stats}");
    let statuses = statuses.lock().unwrap();
    assert!(
        statuses.iter().all(|s| s == "202" || s == "503"),
        "{statuses:?}"
    );
    assert_eq!(
        stats["listen"][1]["requests_rejected"].as_i64().unwrap()
            + stats["listen"][1]["requests_accepted"].as_i64().unwrap(),
        40,
        "{stats}"
    );
    assert!(stderr.contains("connections closed by eddy"), "{stderr}");
}

/// A connection that sends gzip or zstd (recognised by its first bytes, as on stdin) is
/// decompressed: its records come out, nothing is dropped. A plain connection beside them is
/// read as it is.
#[test]
fn compressed_connections_are_decompressed() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "filter",
        "true",
        "--stats",
        "--listen",
        "tcp://:0",
        "--listen",
        "unix:eddy.sock",
    ];
    let mut server = Server::start(dir.path(), &args, true);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"{\"g\":1}\n{\"g\":2}\n").unwrap();
    let gz = gz.finish().unwrap();
    let zst = zstd::stream::encode_all(&b"{\"z\":1}\n{\"z\":2}\n"[..], 3).unwrap();
    TcpStream::connect(server.addr(0))
        .unwrap()
        .write_all(&gz)
        .unwrap();
    UnixStream::connect(dir.path().join("eddy.sock"))
        .unwrap()
        .write_all(&zst)
        .unwrap();
    TcpStream::connect(server.addr(0))
        .unwrap()
        .write_all(b"{\"p\":1}\n")
        .unwrap();
    let mut seen = Vec::new();
    server.wait_for(5, &mut seen);
    let (status, rest, stderr) = server.stop();
    assert_eq!(status, Some(143), "{stderr}");
    seen.extend(rest);
    seen.sort();
    assert_eq!(
        seen,
        [
            r#"{"g":1}"#,
            r#"{"g":2}"#,
            r#"{"p":1}"#,
            r#"{"z":1}"#,
            r#"{"z":2}"#
        ]
    );
    let stats = stats(&stderr);
    assert_eq!(stats["dropped"]["malformed"], 0, "{stats}");
    assert_eq!(stats["records_cut"], 0, "{stats}");
}

/// A later `--listen` that cannot bind fails the run before any listener is announced, and
/// the Unix socket file an earlier one made is removed.
#[test]
fn a_failed_bind_announces_no_listener() {
    let dir = tempfile::tempdir().unwrap();
    let in_use = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = format!("tcp://:{}", in_use.local_addr().unwrap().port());
    let out = eddy()
        .args([
            "filter",
            "true",
            "--listen",
            "udp://:0",
            "--listen",
            "unix:a.sock",
        ])
        .args(["--listen", "tcp://:0", "--listen", &taken])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("eddy: --listen tcp://127.0.0.1:"), "{err}");
    assert!(!err.contains("listening on"), "{err}");
    assert!(!dir.path().join("a.sock").exists(), "the socket file stays");
}

/// A request the stop cuts off inside its body is answered 503 and counted in
/// `requests_bad`.
#[test]
fn http_request_cut_off_by_the_stop_is_answered() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["filter", "true", "--stats", "--listen", "http://:0"];
    let server = Server::start(dir.path(), &args, true);
    let mut conn = TcpStream::connect(server.addr(0)).unwrap();
    conn.write_all(b"POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"a\":1}")
        .unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let answer = std::thread::spawn(move || {
        let mut answer = String::new();
        let _ = conn.read_to_string(&mut answer);
        answer
    });
    std::thread::sleep(Duration::from_millis(200));
    let (status, _, stderr) = server.stop();
    assert_eq!(status, Some(143), "{stderr}");
    let answer = answer.join().unwrap();
    assert!(answer.starts_with("HTTP/1.1 503 "), "{answer}");
    assert!(answer.contains("cut off"), "{answer}");
    let stats = stats(&stderr);
    assert_eq!(stats["listen"][0]["requests_bad"], 1, "{stats}");
    assert_eq!(stats["listen"][0]["requests_rejected"], 0, "{stats}");
}

/// SIGTERM while an HTTP client pipelines requests and never reads the answers (eddy's write
/// of an answer blocks once the buffers are full): the write gives up at the stop's drain, eddy ends within 4 s.
#[test]
fn sigterm_stops_an_http_client_that_does_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["filter", "true", "--listen", "http://:0"];
    let mut server = Server::start(dir.path(), &args, true);
    let conn = TcpStream::connect(server.addr(0)).unwrap();
    let mut writer = conn.try_clone().unwrap();
    writer
        .set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let sender = std::thread::spawn(move || {
        let requests = "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n".repeat(300_000);
        let _ = writer.write_all(requests.as_bytes());
    });
    std::thread::sleep(Duration::from_millis(1500));
    let pid = server.child.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    // Not `Server::stop`, which would wait for ever: a stop that hangs fails the test.
    let deadline = Instant::now() + Duration::from_secs(4);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running 4 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(143));
    drop(conn);
    sender.join().unwrap();
}

/// Requests whose framing two servers could read differently (request smuggling) are refused
/// with 400 and their connection closed: Content-Length beside chunked, a sign before a length
/// or a chunk size, whitespace before a header's colon.
#[test]
fn http_ambiguous_framing_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["filter", "true", "--listen", "http://:0"];
    let server = Server::start(dir.path(), &args, true);
    let addr = server.addr(0);
    let smuggled: [&[u8]; 4] = [
        b"POST / HTTP/1.1\r\nContent-Length: 8\r\nTransfer-Encoding: chunked\r\n\r\n\
          0\r\n\r\nPOST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: +8\r\n\r\n{\"a\":1}\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n+8\r\n{\"a\":1}\n\r\n0\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length : 8\r\n\r\n{\"a\":1}\n",
    ];
    for request in smuggled {
        let mut conn = TcpStream::connect(&addr).unwrap();
        conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        conn.write_all(request).unwrap();
        let mut answer = String::new();
        let read = conn.read_to_string(&mut answer);
        let shown = String::from_utf8_lossy(request);
        assert!(read.is_ok(), "{shown}: the connection stays open: {answer}");
        assert!(answer.starts_with("HTTP/1.1 400 "), "{shown}: {answer}");
        assert_eq!(answer.matches("HTTP/1.1 ").count(), 1, "{shown}: {answer}");
    }
    // A chunk size with an extension is still taken.
    let (status, head, _) = http(
        &addr,
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n\
          8;x=1\r\n{\"a\":1}\n\r\n0\r\n\r\n",
    );
    assert_eq!(status, 202, "{head}");
    let (status, _, stderr) = server.stop();
    assert_eq!(status, Some(143), "{stderr}");
}

/// `Expect: 100-continue` is answered `100 Continue` only for a body eddy would take: a
/// request too large, without a length or not a POST gets its refusal at once.
#[test]
fn http_refuses_before_100_continue() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["filter", "true", "--listen", "http://:0"];
    let server = Server::start(dir.path(), &args, true);
    let addr = server.addr(0);
    let refused: [(&[u8], u16); 3] = [
        (
            b"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 99999999999\r\n\r\n",
            413,
        ),
        (b"POST / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n", 411),
        (
            b"PUT / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n",
            405,
        ),
    ];
    for (request, expected) in refused {
        let (status, head, _) = http(&addr, request);
        assert_eq!(status, expected, "{head}");
    }
    let (status, head, body) = http(
        &addr,
        b"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 8\r\nConnection: close\r\n\r\n{\"a\":1}\n",
    );
    assert_eq!(status, 100, "{head}");
    assert!(body.starts_with("HTTP/1.1 202 "), "{body}");
    let (status, _, stderr) = server.stop();
    assert_eq!(status, Some(143), "{stderr}");
}

/// A client that sends its request head a byte at a time (slowloris) is answered 408 and
/// closed 10 s after its first byte, however steadily it sends; trailers larger than 64 KiB
/// are a bad request (400).
#[test]
fn http_slow_heads_and_endless_trailers_are_cut() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["filter", "true", "--listen", "http://:0", "--stats"];
    let server = Server::start(dir.path(), &args, true);
    let addr = server.addr(0);
    let mut slow = TcpStream::connect(&addr).unwrap();
    slow.write_all(b"POST / HTTP/1.1\r\nX-Slow: ").unwrap();
    slow.set_nonblocking(true).unwrap();
    let began = Instant::now();
    let mut answer = Vec::new();
    while began.elapsed() < Duration::from_secs(20) {
        if slow.write_all(b"a").is_err() {
            break;
        }
        let mut buf = [0u8; 512];
        match slow.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer:?}");
    let took = began.elapsed();
    assert!(took < Duration::from_secs(13), "answered after {took:?}");
    // Endless trailers.
    let mut conn = TcpStream::connect(&addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    conn.write_all(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n")
        .unwrap();
    let trailers = "X-T: y\r\n".repeat(10_000);
    let _ = conn.write_all(trailers.as_bytes());
    let mut answer = String::new();
    let _ = conn.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer:?}");
    let (status, _, stderr) = server.stop();
    assert_eq!(status, Some(143), "{stderr}");
    assert_eq!(stats(&stderr)["listen"][0]["requests_bad"], 2, "{stderr}");
}
