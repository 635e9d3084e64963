//! `--listen`: sockets as sources, beside or instead of files. One file per transport:
//! [`tcp`] and [`unix`] (stream sockets: every connection is a source of its own, read as a
//! pipe is), [`udp`] (datagrams: one or more lines each) and [`http`] (POSTed bodies).
//!
//! - **Framing per connection.** A connection is read by a `SourceReader` of its own, its
//!   own `LineFramer`, decoder and format guess, named `tcp://PEER:PORT` (`unix:PATH`) as a file
//!   is named by its path. A last line its client did not end before closing is dropped,
//!   counted and reported (`--errors` gets its bytes), never glued to anything. A datagram and
//!   a request body are whole messages ([`Messages`]): their last line needs no line end.
//! - **Back-pressure.** Every batch takes its weight from the run's read-ahead budget as a
//!   file's do: a connection's reader waits while the pipeline is behind, so TCP's flow control
//!   slows its client. A datagram is not waited for: one that does not fit what the socket may
//!   hold ([`udp::HELD`]) is dropped and counted; an HTTP body that cannot be queued within
//!   [`http::QUEUE_WAIT`] is answered `503` with `Retry-After`.
//! - **Memory across connections.** What connections hold before it is framed (a line not
//!   ended yet beyond 64 KiB, request bodies) takes room from one pool of 64 MiB (or
//!   `--max-record-size`) for all listeners; a connection that finds none within a second is
//!   cut, a body answered `503`.
//! - **Stop.** SIGINT or SIGTERM stops the listeners ([`Listening::stop`]): no connection is
//!   accepted any more, every connection's bytes already received are read and framed (a line
//!   cut off by the stop is dropped as one cut off by a close), and only once all of it is sent
//!   does the pipeline hear of the signal, finish its stages and exit.

pub mod http;
pub mod tcp;
pub mod udp;
pub mod unix;

use std::fmt;
use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use crate::clock::SharedClock;
use crate::error::{DataError, Error};
use crate::input::compress;
use crate::input::messages::Messages;
use crate::input::{Batch, DecoderOptions, InputFormat, Item, Message, SourceReader, budget};
use crate::value::{Map, Value};

/// How often a quiet socket looks whether the run is stopping.
const POLL: Duration = Duration::from_millis(50);

/// How long a connection is read on after the stop, at most.
const DRAIN: Duration = Duration::from_secs(1);

/// How long a write to a client that does not read may wait before its connection is closed
/// (until the stop's [`DRAIN`] is over, at the latest).
const WRITE_WAIT: Duration = Duration::from_secs(10);

/// What a stream connection may hold of a line not ended yet on its own; beyond it, room is
/// taken from the run's [`Pool`].
const CONNECTION_HELD: u64 = 64 << 10;

/// The least of the room all connections share for lines not ended yet and request bodies
/// ([`Pool`]): 64 MiB, or `--max-record-size` when that is larger (one record always fits).
const POOL: u64 = 64 << 20;

/// The largest zstd window a connection may ask for: 8 MiB (2^23, what zstd's levels up to
/// 19 use), held per zstd connection.
const ZSTD_WINDOW_LOG: u32 = 23;

/// How long a connection waits for room in the [`Pool`] before it is cut.
const POOL_WAIT: Duration = Duration::from_secs(1);

/// How often a listener with no connection waiting looks again.
const ACCEPT_POLL: Duration = Duration::from_millis(10);

/// The most connections one listener reads at once; the kernel's listen backlog (128) holds
/// a few more, unread, and turns away the rest.
pub const MAX_CONNECTIONS: usize = 1024;

/// The prefix of a Unix socket's `--listen` URL.
pub const UNIX: &str = "unix:";

/// `--listen`'s schemes and what each listens for (for completion).
pub const SCHEMES: [(&str, &str); 4] = [
    ("tcp://", "TCP: tcp://ADDR:PORT, a source per connection"),
    ("udp://", "UDP: udp://ADDR:PORT, lines in datagrams"),
    (UNIX, "a Unix stream socket: unix:PATH"),
    ("http://", "HTTP: http://ADDR:PORT, POSTed bodies"),
];

/// What `--listen` listens on: `tcp://ADDR:PORT`, `udp://ADDR:PORT`, `unix:PATH`,
/// `http://ADDR:PORT`. An empty ADDR is the loopback address 127.0.0.1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// A TCP server: a source per connection.
    Tcp(SocketAddr),
    /// A UDP socket: datagrams of lines.
    Udp(SocketAddr),
    /// A Unix stream socket at a path: a source per connection.
    Unix(PathBuf),
    /// An HTTP/1.1 server taking POSTed bodies.
    Http(SocketAddr),
}

impl Endpoint {
    /// Parses `--listen`'s URL.
    pub fn parse(text: &str) -> Result<Endpoint, String> {
        if let Some(path) = text.strip_prefix(UNIX) {
            let path = path.strip_prefix("//").unwrap_or(path);
            if path.is_empty() {
                return Err("expected a socket path after `unix:` (unix:/run/eddy.sock)".into());
            }
            return Ok(Endpoint::Unix(PathBuf::from(path)));
        }
        let (scheme, rest) = text.split_once("://").ok_or_else(|| {
            format!("expected tcp://ADDR:PORT, udp://ADDR:PORT, http://ADDR:PORT or unix:PATH, got `{text}`")
        })?;
        let make: fn(SocketAddr) -> Endpoint = match scheme {
            "tcp" => Endpoint::Tcp,
            "udp" => Endpoint::Udp,
            "http" => Endpoint::Http,
            _ => {
                return Err(format!(
                    "unknown scheme `{scheme}` (use tcp://, udp://, http:// or unix:)"
                ));
            }
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let (host, port) = rest
            .rsplit_once(':')
            .ok_or_else(|| format!("expected ADDR:PORT after `{scheme}://`, got `{rest}`"))?;
        let port: u16 = port
            .parse()
            .map_err(|_| format!("expected a port from 0 to 65535, got `{port}`"))?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let ip = match host {
            "" | "localhost" => std::net::Ipv4Addr::LOCALHOST.into(),
            _ => host.parse().map_err(|_| {
                format!("expected an IP address (127.0.0.1, 0.0.0.0, [::1]), got `{host}`")
            })?,
        };
        Ok(make(SocketAddr::new(ip, port)))
    }

    /// The scheme sources of this endpoint are named with.
    fn scheme(&self) -> &'static str {
        match self {
            Endpoint::Tcp(_) => "tcp",
            Endpoint::Udp(_) => "udp",
            Endpoint::Unix(_) => "unix",
            Endpoint::Http(_) => "http",
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Endpoint::Tcp(a) | Endpoint::Udp(a) | Endpoint::Http(a) => {
                write!(f, "{}://{a}", self.scheme())
            }
            Endpoint::Unix(path) => write!(f, "unix:{}", path.display()),
        }
    }
}

/// What one listener counted, for `--stats` and the end summary.
#[derive(Debug, Default)]
pub struct Counters {
    /// Connections accepted (stream sockets, HTTP).
    connections: AtomicU64,
    /// Stream connections eddy closed because the [`Pool`] had no room for their unended
    /// line.
    cut: AtomicU64,
    /// Datagrams received.
    datagrams: AtomicU64,
    /// Datagrams dropped because what the socket held did not fit the read-ahead.
    dropped: AtomicU64,
    /// Datagrams the kernel dropped (its receive buffer was full), as it counts them.
    kernel_dropped: AtomicU64,
    /// HTTP requests whose records were queued (answered 2xx).
    accepted: AtomicU64,
    /// HTTP requests answered 503: the queue was full.
    rejected: AtomicU64,
    /// HTTP requests answered 4xx or 5xx for themselves (malformed, too large, ...).
    bad: AtomicU64,
    /// The format the first message chose, kept for the listener's later datagrams and
    /// bodies (without `--from`).
    format: OnceLock<InputFormat>,
}

impl Counters {
    fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }
}

/// One bound listener: where it listens (the port the system chose for port 0), its counters.
#[derive(Debug)]
struct Listener {
    endpoint: Endpoint,
    counters: Arc<Counters>,
}

/// The run's listeners as the pipeline sees them: the stop, the counters, the socket files to
/// remove.
#[derive(Debug, Default)]
pub struct Listening {
    /// The signal that stops them; 0 while they run.
    signal: AtomicI32,
    /// Set by the stop: when reading what was received ends ([`DRAIN`] after the stop),
    /// however fast clients still send.
    drained_by: OnceLock<Instant>,
    listeners: Vec<Listener>,
    /// Socket files this run created, removed at its end.
    files: Mutex<Vec<unix::Created>>,
}

impl Listening {
    /// Stops the listeners for `signal`: they accept nothing more, hand on what they received
    /// and then send the pipeline [`Message::Signal`].
    pub fn stop(&self, signal: i32) {
        let _ = self
            .signal
            .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
        self.drained_by.get_or_init(|| Instant::now() + DRAIN);
    }

    fn stopping(&self) -> bool {
        self.signal.load(Ordering::SeqCst) != 0
    }

    /// Once stopped: when the connections' reading ends, whatever they still send.
    fn drain_deadline(&self) -> Option<Instant> {
        self.drained_by.get().copied()
    }

    /// True once the stop's [`DRAIN`] is over.
    fn drained(&self) -> bool {
        self.drain_deadline().is_some_and(|by| Instant::now() >= by)
    }

    /// The end of the run: stops the listeners (if a signal did not) and removes the socket
    /// files it created.
    pub fn close(&self) {
        self.stop(-1);
        let files = std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()));
        for file in files {
            file.remove();
        }
    }

    /// Datagrams lost (dropped by eddy or by the kernel): data the run did not read.
    pub fn lost(&self) -> u64 {
        (self.listeners.iter())
            .map(|l| Counters::get(&l.counters.dropped) + Counters::get(&l.counters.kernel_dropped))
            .sum()
    }

    /// The `listen` array of `--stats`: per listener what it took in and what it turned away.
    pub fn stats(&self) -> Value {
        let listeners = self.listeners.iter().map(|l| {
            let c = &l.counters;
            let mut m = Map::default();
            m.insert("url".into(), Value::from(l.endpoint.to_string().as_str()));
            let int = |counter: &AtomicU64| Value::Int(Counters::get(counter) as i64);
            let fields: &[(&str, &AtomicU64)] = match l.endpoint {
                Endpoint::Tcp(_) | Endpoint::Unix(_) => {
                    &[("connections", &c.connections), ("connections_cut", &c.cut)]
                }
                Endpoint::Udp(_) => &[
                    ("datagrams", &c.datagrams),
                    ("datagrams_dropped", &c.dropped),
                    ("datagrams_dropped_by_kernel", &c.kernel_dropped),
                ],
                Endpoint::Http(_) => &[
                    ("connections", &c.connections),
                    ("requests_accepted", &c.accepted),
                    ("requests_rejected", &c.rejected),
                    ("requests_bad", &c.bad),
                ],
            };
            for (key, counter) in fields {
                m.insert((*key).into(), int(counter));
            }
            Value::Object(m)
        });
        Value::Array(listeners.collect())
    }

    /// The end summary's lines: datagrams lost, requests turned away.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for l in &self.listeners {
            let c = &l.counters;
            let (dropped, kernel) = (Counters::get(&c.dropped), Counters::get(&c.kernel_dropped));
            if dropped + kernel > 0 {
                lines.push(format!(
                    "eddy: {}: {} datagrams dropped: {dropped} did not fit the read-ahead (the \
                     pipeline was behind), {kernel} did not fit the kernel's receive buffer",
                    l.endpoint,
                    dropped + kernel
                ));
            }
            let cut = Counters::get(&c.cut);
            if cut > 0 {
                lines.push(format!(
                    "eddy: {}: {cut} connections closed by eddy: their unended lines did not fit \
                     the memory all connections share (their last lines dropped)",
                    l.endpoint
                ));
            }
            let rejected = Counters::get(&c.rejected);
            if rejected > 0 {
                lines.push(format!(
                    "eddy: {}: {rejected} requests answered 503 (the pipeline was behind)",
                    l.endpoint
                ));
            }
        }
        lines
    }
}

/// A bound socket, before it is served.
enum Socket {
    Tcp(std::net::TcpListener),
    Udp(std::net::UdpSocket),
    Unix(std::os::unix::net::UnixListener),
    Http(std::net::TcpListener),
}

/// The run's sockets, bound ([`bind`]), and what the pipeline keeps of them.
pub struct Bound {
    sockets: Vec<Socket>,
    /// Shared with the pipeline: the stop, the counters.
    pub listening: Arc<Listening>,
}

/// Binds every endpoint, before any input is read, and says on stderr where each listens
/// (the port the system chose for port 0). An address in use, a port not allowed, a socket
/// path taken are errors of the run (status 3).
pub fn bind(endpoints: &[Endpoint]) -> Result<Bound, Error> {
    let mut sockets = Vec::with_capacity(endpoints.len());
    let mut listeners = Vec::with_capacity(endpoints.len());
    let mut created = Vec::new();
    for endpoint in endpoints {
        match bind_one(endpoint, &mut created) {
            Ok((socket, bound)) => {
                sockets.push(socket);
                listeners.push(Listener {
                    endpoint: bound,
                    counters: Arc::default(),
                });
            }
            Err(e) => {
                // Nothing listens then: the socket files made so far go too.
                created.into_iter().for_each(unix::Created::remove);
                return Err(e);
            }
        }
    }
    // Said once every listener is bound, so that a run that fails to bind one says none.
    let mut stderr = io::stderr().lock();
    for listener in &listeners {
        let _ = writeln!(stderr, "eddy: listening on {}", listener.endpoint);
    }
    drop(stderr);
    Ok(Bound {
        sockets,
        listening: Arc::new(Listening {
            signal: AtomicI32::new(0),
            drained_by: OnceLock::new(),
            listeners,
            files: Mutex::new(created),
        }),
    })
}

/// Binds `endpoint`: the socket and where it listens (the port the system chose for port 0).
fn bind_one(
    endpoint: &Endpoint,
    created: &mut Vec<unix::Created>,
) -> Result<(Socket, Endpoint), Error> {
    let failed = |e: io::Error| Error::runtime(format!("--listen {endpoint}: {e}"));
    Ok(match endpoint {
        Endpoint::Tcp(addr) => {
            let l = tcp::bind(*addr).map_err(failed)?;
            let at = Endpoint::Tcp(l.local_addr().map_err(failed)?);
            (Socket::Tcp(l), at)
        }
        Endpoint::Http(addr) => {
            let l = tcp::bind(*addr).map_err(failed)?;
            let at = Endpoint::Http(l.local_addr().map_err(failed)?);
            (Socket::Http(l), at)
        }
        Endpoint::Udp(addr) => {
            let s = udp::bind(*addr).map_err(failed)?;
            let at = Endpoint::Udp(s.local_addr().map_err(failed)?);
            (Socket::Udp(s), at)
        }
        Endpoint::Unix(path) => {
            let (l, file) = unix::bind(path).map_err(failed)?;
            created.push(file);
            (Socket::Unix(l), endpoint.clone())
        }
    })
}

/// What every socket's threads share: how to read, where to send.
#[derive(Clone)]
struct Feed {
    /// `--from`.
    format: Option<InputFormat>,
    options: DecoderOptions,
    clock: SharedClock,
    tx: SyncSender<Message>,
    budget: budget::Budget,
    listening: Arc<Listening>,
    /// The listener's own counters.
    counters: Arc<Counters>,
    /// The room all listeners share for unended lines and request bodies.
    pool: Arc<Pool>,
}

/// Serves the bound sockets until the run stops: reads every connection, datagram and request
/// and sends its batches on `tx`; once stopped by a signal and everything received is sent,
/// sends [`Message::Signal`]. Runs on the reader thread.
pub fn serve(
    bound: Bound,
    format: Option<InputFormat>,
    options: &DecoderOptions,
    clock: SharedClock,
    tx: &SyncSender<Message>,
    budget: &budget::Budget,
) {
    let Bound { sockets, listening } = bound;
    let pool = Arc::new(Pool::new(POOL.max(options.max_record() as u64 + 2)));
    let mut threads = Vec::with_capacity(sockets.len());
    for (socket, listener) in sockets.into_iter().zip(&listening.listeners) {
        let feed = Feed {
            format,
            options: options.clone(),
            clock: clock.clone(),
            tx: tx.clone(),
            budget: budget.clone(),
            listening: Arc::clone(&listening),
            counters: Arc::clone(&listener.counters),
            pool: Arc::clone(&pool),
        };
        let name = format!("eddy-listen {}", listener.endpoint);
        let spawned = thread::Builder::new()
            .name(name)
            .spawn(move || match socket {
                Socket::Tcp(l) => accept_all(tcp::Acceptor::new(l, "tcp"), &feed, read_stream),
                Socket::Unix(l) => {
                    let name: Arc<str> = Arc::from(format!("unix:{}", unix::path_of(&l)).as_str());
                    accept_all(unix::Acceptor::new(l, name), &feed, read_stream)
                }
                Socket::Http(l) => accept_all(tcp::Acceptor::new(l, "http"), &feed, http::serve),
                Socket::Udp(s) => udp::receive(s, &feed),
            });
        match spawned {
            Ok(thread) => threads.push(thread),
            Err(e) => {
                let e = Error::runtime(format!("cannot start a listener thread: {e}"));
                let _ = tx.send(Message::Failed(e));
                return;
            }
        }
    }
    for thread in threads {
        let _ = thread.join();
    }
    let signal = listening.signal.load(Ordering::SeqCst);
    if signal > 0 {
        let _ = tx.send(Message::Signal(signal));
    }
}

/// A stream socket's connection, as [`tcp`] and [`unix`] accept them.
trait Conn: Read + Write + Send + 'static {
    /// [`std::net::TcpStream::set_read_timeout`].
    fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()>;
    /// [`std::net::TcpStream::set_write_timeout`].
    fn set_write_timeout(&self, timeout: Option<Duration>) -> io::Result<()>;
    /// [`std::net::TcpStream::set_nonblocking`].
    fn set_nonblocking(&self, on: bool) -> io::Result<()>;
}

/// A listening stream socket.
trait Accept: Send + 'static {
    /// Its connections.
    type Conn: Conn;
    /// A connection waiting and the name of the source it is (`WouldBlock`: none waits).
    fn accept(&self) -> io::Result<(Self::Conn, Arc<str>)>;
}

/// Accepts connections until the run stops, each read by `read` on a thread of its own (at
/// most [`MAX_CONNECTIONS`] at once), then waits for every connection to be read to its end.
fn accept_all<A: Accept>(acceptor: A, feed: &Feed, read: fn(A::Conn, Arc<str>, &Feed)) {
    let mut connections: Vec<thread::JoinHandle<()>> = Vec::new();
    while !feed.listening.stopping() {
        connections.retain(|c| !c.is_finished());
        if connections.len() >= MAX_CONNECTIONS {
            thread::sleep(ACCEPT_POLL);
            continue;
        }
        // None waiting (`WouldBlock`), or out of file descriptors, or a connection reset
        // while queued: look again soon.
        let Ok((conn, name)) = acceptor.accept() else {
            thread::sleep(ACCEPT_POLL);
            continue;
        };
        Counters::add(&feed.counters.connections, 1);
        let feed = feed.clone();
        let spawned = thread::Builder::new()
            .name(format!("eddy-conn {name}"))
            .spawn(move || read(conn, name, &feed));
        match spawned {
            Ok(thread) => connections.push(thread),
            Err(e) => {
                let _ = writeln!(io::stderr().lock(), "eddy: cannot read a connection: {e}");
            }
        }
    }
    // Connections the system completed before the stop are read too (what their clients sent
    // was taken from them), until the stop's drain is over.
    while !feed.listening.drained()
        && let Ok((conn, name)) = acceptor.accept()
    {
        Counters::add(&feed.counters.connections, 1);
        read(conn, name, feed);
    }
    for connection in connections {
        let _ = connection.join();
    }
}

/// Reads one stream connection (TCP, Unix) as a source of its own, to its end or the run's
/// stop.
fn read_stream<C: Conn>(conn: C, name: Arc<str>, feed: &Feed) {
    // Compressed connections (gzip, zstd: by their first bytes, as stdin) are decompressed;
    // the bound on what is held applies to the decompressed lines.
    let opened = Draining::new(conn, &feed.listening, None).and_then(|reader| {
        let counted = feed.options.meter.counting(Box::new(reader), false);
        compress::wrap_with_window(counted, ZSTD_WINDOW_LOG)
    });
    let reader = match opened {
        Ok((reader, _)) => reader,
        Err(e) => {
            let _ = feed
                .tx
                .send(Message::SourceFailed(super::source_error(&name, &e)));
            return;
        }
    };
    let reader = Box::new(Limited {
        inner: reader,
        hold: Hold::new(&feed.pool),
        unended: 0,
        max_record: feed.options.max_record() as u64,
        counters: Arc::clone(&feed.counters),
    });
    let mut source = SourceReader::with_reader(
        reader,
        &name,
        feed.format,
        &feed.options,
        feed.clock.clone(),
    );
    source.connection = Some(CLOSED_INSIDE_A_LINE);
    if let Err(e) = source.run(&feed.tx, &feed.budget) {
        let _ = feed.tx.send(Message::SourceFailed(e));
    }
}

/// What a connection's last line without a line end is dropped as.
const CLOSED_INSIDE_A_LINE: &str = "connection closed inside a line (by its client, by the \
     stop, or by eddy when the unended lines of all connections outgrew their shared memory): \
     its last bytes had no line end (dropped, not joined to anything)";

/// Says of the record a connection's close cut off (the last malformed item of `batch`; the
/// reader's work may add absorbed events after it) `what`, not that reading failed.
pub(super) fn closed_inside_a_line(batch: &mut Batch, what: &str) {
    let last = batch.items.iter_mut().rev().find_map(|item| match item {
        Item::Malformed(DataError { message, .. }, _) => Some(message),
        _ => None,
    });
    if let Some(message) = last.filter(|m| *m == super::CUT_OFF) {
        *message = what.to_owned();
    }
}

/// A connection read with a short timeout, so that its reader sees the run stop: then it reads
/// what the connection holds without waiting (for at most [`DRAIN`], against a client that
/// sends as fast as it is read), and ends. A reset by the client is an end too.
struct Draining<C: Conn> {
    conn: C,
    listening: Arc<Listening>,
    /// Since the stop: what the connection holds is read without waiting, until the run's
    /// [`Listening::drain_deadline`].
    draining: bool,
    /// Ends the connection when nothing came for this long (HTTP's keep-alive).
    idle: Option<Duration>,
    quiet_since: Option<Instant>,
    /// When set and passed, a read fails (`TimedOut`) however fast bytes come (HTTP's bound
    /// on a request head).
    deadline: Option<Instant>,
}

/// A stream connection's bytes (decompressed), bounding what it holds of a line not ended
/// yet: [`CONNECTION_HELD`] on its own, more from the [`Pool`]. A connection that finds no
/// room is cut: its reading ends.
struct Limited {
    inner: Box<dyn Read + Send>,
    hold: Hold,
    /// Bytes read since the last line end.
    unended: u64,
    /// `--max-record-size`: a line longer is skipped by the framer, not held.
    max_record: u64,
    counters: Arc<Counters>,
}

impl Read for Limited {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Cut: its unended line is dropped as a line a close cut off.
        let Some(room) = self.room(buf.len()) else {
            return Ok(0);
        };
        let n = self.inner.read(&mut buf[..room])?;
        self.unended = match memchr::memrchr(b'\n', &buf[..n]) {
            Some(at) => (n - at - 1) as u64,
            None => self.unended + n as u64,
        };
        Ok(n)
    }
}

impl Limited {
    /// How much the next read may take (at most `want`); `None` when the pool had no room
    /// within [`POOL_WAIT`]: the connection is cut. The reader's buffer only grows to twice
    /// what it holds, so the room kept is what the connection held at most, until it ends.
    fn room(&mut self, want: usize) -> Option<usize> {
        let chunk = CONNECTION_HELD;
        if self.unended > self.max_record {
            // The framer skips the rest of this line: nothing more is held.
            return Some(want.min(chunk as usize));
        }
        let have = chunk + self.hold.amount;
        if have >= self.unended + chunk {
            return Some(want.min((have - self.unended) as usize));
        }
        let need = self.unended + chunk - have;
        let more = need.max(self.hold.amount);
        let grown = self.hold.grow(more, Instant::now())
            || self.hold.grow(need, Instant::now() + POOL_WAIT);
        if !grown {
            Counters::add(&self.counters.cut, 1);
            return None;
        }
        Some(want.min((chunk + self.hold.amount - self.unended) as usize))
    }
}

/// The room all listeners share for what connections hold unended and for request bodies:
/// a connection takes from it with a [`Hold`], which gives it back when dropped.
#[derive(Debug)]
struct Pool {
    limit: u64,
    used: Mutex<u64>,
    freed: std::sync::Condvar,
}

impl Pool {
    fn new(limit: u64) -> Pool {
        Pool {
            limit,
            used: Mutex::new(0),
            freed: std::sync::Condvar::new(),
        }
    }
}

/// Room taken from a [`Pool`], given back when dropped.
struct Hold {
    pool: Arc<Pool>,
    amount: u64,
}

impl Hold {
    /// Nothing held yet.
    fn new(pool: &Arc<Pool>) -> Hold {
        Hold {
            pool: Arc::clone(pool),
            amount: 0,
        }
    }

    /// Takes `more`, waiting for room no later than `deadline`; false when there was none.
    fn grow(&mut self, more: u64, deadline: Instant) -> bool {
        let pool = &self.pool;
        let mut used = pool.used.lock().unwrap_or_else(|e| e.into_inner());
        while used.saturating_add(more) > pool.limit {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            used = (pool.freed.wait_timeout(used, left))
                .map_or_else(|e| e.into_inner().0, |(used, _)| used);
        }
        *used += more;
        self.amount += more;
        true
    }
}

impl Drop for Hold {
    fn drop(&mut self) {
        if self.amount > 0 {
            let mut used = self.pool.used.lock().unwrap_or_else(|e| e.into_inner());
            *used -= self.amount;
            self.pool.freed.notify_all();
        }
    }
}

impl<C: Conn> Draining<C> {
    fn new(conn: C, listening: &Arc<Listening>, idle: Option<Duration>) -> io::Result<Self> {
        conn.set_nonblocking(false)?;
        conn.set_read_timeout(Some(POLL))?;
        conn.set_write_timeout(Some(POLL))?;
        Ok(Draining {
            conn,
            listening: Arc::clone(listening),
            draining: false,
            idle,
            quiet_since: None,
            deadline: None,
        })
    }
}

impl<C: Conn> Read for Draining<C> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.deadline.is_some_and(|by| Instant::now() >= by) {
                return Err(io::ErrorKind::TimedOut.into());
            }
            // The stop is looked for before every read, not only when the client is quiet: a
            // client that never pauses is read for at most [`DRAIN`] more.
            if let Some(until) = self.listening.drain_deadline() {
                if Instant::now() >= until {
                    return Ok(0);
                }
                if !self.draining {
                    self.draining = true;
                    self.conn.set_nonblocking(true)?;
                }
            }
            match self.conn.read(buf) {
                Ok(n) => {
                    self.quiet_since = None;
                    return Ok(n);
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    if self.draining {
                        return Ok(0);
                    }
                    let now = Instant::now();
                    let since = *self.quiet_since.get_or_insert(now);
                    if self.idle.is_some_and(|idle| now >= since + idle) {
                        return Ok(0);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted
                    ) =>
                {
                    return Ok(0);
                }
                Err(e) => return Err(e),
            }
        }
    }
}

impl<C: Conn> Write for Draining<C> {
    /// Writes, waiting for a client that does not read for at most [`WRITE_WAIT`] and not past
    /// the stop's drain: then the write fails (`TimedOut`) and the connection is to be closed.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let until = Instant::now() + WRITE_WAIT;
        loop {
            match self.conn.write(buf) {
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    let now = Instant::now();
                    let drained = self.listening.drain_deadline().is_some_and(|by| now >= by);
                    if drained || now >= until {
                        return Err(io::ErrorKind::TimedOut.into());
                    }
                    if self.draining {
                        // Without waiting since the stop: look again soon.
                        thread::sleep(ACCEPT_POLL);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                written => return written,
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.conn.flush()
    }
}

/// What became of a batch handed to the pipeline without waiting long ([`hand_over`]).
enum Handed {
    /// It is queued.
    Queued,
    /// The queue had no room for it by the deadline: it is given back.
    Full(Box<Batch>),
    /// The pipeline hung up.
    HungUp,
}

/// Queues `batch` if the read-ahead and the channel have room for it by `deadline`, whole or
/// not at all.
fn hand_over(mut batch: Batch, feed: &Feed, deadline: Instant) -> Handed {
    let weight = budget::weight(batch.bytes, batch.items.len());
    let queued = budget::Queued {
        lines: batch.lines,
        bytes: batch.bytes,
    };
    let Some(held) = feed.budget.take_until(weight, queued, deadline) else {
        return Handed::Full(Box::new(batch));
    };
    batch.held = held;
    loop {
        match feed.tx.try_send(Message::Batch(batch)) {
            Ok(()) => return Handed::Queued,
            Err(TrySendError::Disconnected(_)) => return Handed::HungUp,
            Err(TrySendError::Full(message)) => {
                let Message::Batch(back) = message else {
                    unreachable!("a batch was sent")
                };
                batch = back;
                if Instant::now() >= deadline {
                    batch.held = budget::Held::default();
                    return Handed::Full(Box::new(batch));
                }
                thread::sleep(Duration::from_millis(1));
            }
        }
    }
}

/// The framer of whole messages (datagrams, request bodies) of one listener.
fn messages(feed: &Feed) -> Messages {
    Messages::new(
        feed.format,
        &feed.options,
        feed.clock.now(),
        &feed.counters.format,
    )
}

/// A new batch, read now.
fn new_batch(feed: &Feed) -> Batch {
    Batch {
        arrival: feed.clock.now(),
        ..Batch::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_with_loopback_by_default() {
        let ok = |text: &str| Endpoint::parse(text).unwrap().to_string();
        assert_eq!(ok("tcp://:9000"), "tcp://127.0.0.1:9000");
        assert_eq!(ok("udp://0.0.0.0:514"), "udp://0.0.0.0:514");
        assert_eq!(ok("http://[::1]:8080/"), "http://[::1]:8080");
        assert_eq!(ok("tcp://localhost:0"), "tcp://127.0.0.1:0");
        assert_eq!(ok("unix:/tmp/e.sock"), "unix:/tmp/e.sock");
        assert_eq!(ok("unix:///tmp/e.sock"), "unix:/tmp/e.sock");
        for bad in [
            "tcp://:99999",
            "ftp://:1",
            "tcp:9000",
            "unix:",
            "tcp://host.example:1",
        ] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
    }
}
