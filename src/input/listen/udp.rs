//! `--listen udp://ADDR:PORT`: datagrams of lines (syslog's way), each datagram from source
//! `udp://PEER:PORT`.
//!
//! A datagram is a whole message: every line in it is a record, its last line needs no line
//! end, and no record spans two datagrams. Lines are numbered in the order they arrive on the
//! socket, whichever peer sent them. A datagram is never waited for: while the pipeline is
//! behind, the socket holds what comes, up to [`HELD`] bytes; a datagram that does not fit is
//! dropped and counted (`--stats`: `datagrams_dropped`), as are those the kernel dropped when
//! its receive buffer was full (`datagrams_dropped_by_kernel`, from `/proc/net/udp`).

use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Counters, Feed, Handed, POLL, hand_over, messages, new_batch};

/// The most datagram bytes a socket holds while the pipeline is behind: 1 MiB.
pub const HELD: u64 = 1 << 20;

/// How long datagrams gather into one batch at most (fewer, larger batches under load).
const GATHER: Duration = Duration::from_millis(10);

/// A batch is handed on once it holds this many bytes.
const BATCH_BYTES: u64 = 64 << 10;

/// How often the kernel's count of drops is read while datagrams come.
const KERNEL_COUNT: Duration = Duration::from_secs(1);

/// Binds `addr`.
pub(super) fn bind(addr: SocketAddr) -> io::Result<UdpSocket> {
    let socket = UdpSocket::bind(addr)?;
    socket.set_read_timeout(Some(POLL))?;
    Ok(socket)
}

/// Receives datagrams until the run stops (then those already received) or the pipeline hangs
/// up, handing them on in batches.
pub(super) fn receive(socket: UdpSocket, feed: &Feed) {
    let counters = &feed.counters;
    let mut messages = messages(feed);
    let mut buf = vec![0u8; 1 << 16];
    let mut pending = new_batch(feed);
    // When the first datagram of `pending` came.
    let mut since: Option<Instant> = None;
    let mut last_peer: Option<(SocketAddr, Arc<str>)> = None;
    let mut kernel_counted = Instant::now();
    let mut draining = false;
    loop {
        if !draining && feed.listening.stopping() {
            // What the socket holds now is read without waiting, then the rest is handed on.
            draining = socket.set_nonblocking(true).is_ok();
            if !draining {
                break;
            }
        }
        if draining && feed.listening.drained() {
            // A sender that never pauses is read for the stop's drain, not longer.
            break;
        }
        let mut quiet = false;
        match socket.recv_from(&mut buf) {
            Ok((n, peer)) => {
                Counters::add(&counters.datagrams, 1);
                if pending.bytes + n as u64 > HELD {
                    Counters::add(&counters.dropped, 1);
                } else {
                    let name = match &last_peer {
                        Some((at, name)) if *at == peer => Arc::clone(name),
                        _ => {
                            let name: Arc<str> = Arc::from(format!("udp://{peer}").as_str());
                            last_peer = Some((peer, Arc::clone(&name)));
                            name
                        }
                    };
                    if since.is_none() {
                        since = Some(Instant::now());
                        pending.arrival = feed.clock.now();
                    }
                    messages.frame(&buf[..n], &name, &mut pending, &feed.counters.format);
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                if draining {
                    break;
                }
                quiet = true;
            }
            // An ICMP error of an earlier send, an interrupted call: receive on.
            Err(_) => {}
        }
        if kernel_counted.elapsed() >= KERNEL_COUNT {
            count_kernel_drops(&socket, counters);
            kernel_counted = Instant::now();
        }
        let due = since.is_some_and(|s| {
            quiet || draining || pending.bytes >= BATCH_BYTES || s.elapsed() >= GATHER
        });
        if !due || draining {
            // While datagrams gather, the next receive waits no longer than the gathering.
            let wait = if since.is_some() { GATHER } else { POLL };
            let _ = socket.set_read_timeout(Some(wait));
            continue;
        }
        messages.close(&mut pending);
        match hand_over(pending, feed, Instant::now()) {
            Handed::Queued => {
                pending = new_batch(feed);
                since = None;
            }
            Handed::Full(batch) => pending = *batch,
            Handed::HungUp => return,
        }
    }
    // Everything received is handed on, waiting for room as long as it takes.
    messages.close(&mut pending);
    if since.is_some() {
        let forever = Instant::now() + Duration::from_secs(1 << 30);
        let _ = hand_over(pending, feed, forever);
    }
    count_kernel_drops(&socket, counters);
}

/// Reads the kernel's count of the datagrams it dropped for `socket` (Linux: the `drops`
/// column of `/proc/net/udp` and `udp6`, found by the socket's inode); nothing elsewhere.
fn count_kernel_drops(socket: &UdpSocket, counters: &Counters) {
    let link = std::fs::read_link(format!("/proc/self/fd/{}", socket.as_raw_fd()));
    let Some(inode) = link.ok().and_then(|l| {
        let l = l.to_string_lossy().into_owned();
        l.strip_prefix("socket:[")?
            .strip_suffix(']')
            .map(str::to_owned)
    }) else {
        return;
    };
    for table in ["/proc/net/udp", "/proc/net/udp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let columns: Vec<&str> = line.split_whitespace().collect();
            if columns.get(9) == Some(&inode.as_str())
                && let Some(drops) = columns.last().and_then(|d| d.parse::<u64>().ok())
            {
                counters
                    .kernel_dropped
                    .store(drops, std::sync::atomic::Ordering::Relaxed);
                return;
            }
        }
    }
}
