//! `--listen http://ADDR:PORT`: a small HTTP/1.1 server taking POSTed bodies as input, each
//! request a source named `http://PEER:PORT`.
//!
//! Keep-alive, `Content-Length` and `chunked` bodies, `Expect: 100-continue`, and bodies in
//! `Content-Encoding: gzip`. A body is a whole message: its lines are records, its last line
//! needs no line end, and nothing of it joins another request's. The answer is `202 Accepted`
//! with `{"accepted":N,"malformed":M}` once the body's records are in the pipeline's queue
//! (records that cannot be read are dropped and reported as any input line is); `503` with
//! `Retry-After: 1` when the queue has no room for them within [`QUEUE_WAIT`] (nothing of the
//! body was taken: send it again); `400`, `405`, `408` (a request head or trailers slower
//! than 10 s), `411`, `413`, `415`, `431`, `501` for a request eddy cannot take, and `503` once the run is stopping (also for a request the stop
//! cut off; counted as bad).

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Counters, Draining, Feed, Handed, Hold, Item, hand_over, messages, new_batch};
use crate::input::budget;

/// How long a body waits for room in the queue before it is answered 503.
pub const QUEUE_WAIT: Duration = Duration::from_secs(1);

/// The largest body taken (after decompression): 16 MiB; a larger one is answered 413.
pub const MAX_BODY: usize = 16 << 20;

/// The largest request head (request line and headers): 64 KiB; a larger one is answered 431.
const MAX_HEAD: usize = 64 << 10;

/// How long a request head (and a chunked body's trailers) may take once its first byte came;
/// a slower one is answered 408.
const HEAD_WAIT: Duration = Duration::from_secs(10);

/// How long a kept-alive connection may be quiet before it is closed.
const KEEP_ALIVE: Duration = Duration::from_secs(30);

/// A request head, as far as eddy needs it.
#[derive(Debug, Default)]
struct Head {
    method: String,
    /// `Connection: close`, or HTTP/1.0 without `keep-alive`.
    close: bool,
    length: Option<usize>,
    chunked: bool,
    /// `Content-Encoding`, lower-cased.
    encoding: Option<String>,
    expect_continue: bool,
}

/// Why a request is answered with an error, and with which status.
struct Refusal(u16, &'static str);

/// Serves the requests of one connection until it closes, idles or the run stops.
pub(super) fn serve(conn: TcpStream, name: Arc<str>, feed: &Feed) {
    let Ok(reader) = Draining::new(conn, &feed.listening, Some(KEEP_ALIVE)) else {
        return;
    };
    let mut conn = BufReader::new(reader);
    loop {
        // The request's body, decoded, and its events until they are queued hold room in the
        // pool all connections share.
        let mut hold = Hold::new(&feed.pool);
        let answer = match read_request(&mut conn, feed, &mut hold) {
            Ok(Some((head, body))) => take(body, &name, feed, &mut hold).map(|a| (a, head.close)),
            Ok(None) => return,
            Err(refusal) => Err(refusal),
        };
        let (status, reason, body, close) = match answer {
            Ok(((status, reason, body), close)) => (status, reason, body, close),
            Err(Refusal(status, why)) => {
                // A request cut off is bad, whatever it is answered.
                let rejected = status == 503 && why != CUT;
                let counter = if rejected {
                    &feed.counters.rejected
                } else {
                    &feed.counters.bad
                };
                Counters::add(counter, 1);
                let body = format!("{{\"error\":\"{why}\"}}\n");
                // The body of a refused request may be unread: the connection ends, but for
                // a queue that was full, whose body was read whole.
                let close = !(rejected && why == FULL);
                (status, reason_of(status), body, close)
            }
        };
        let retry = if status == 503 {
            "Retry-After: 1\r\n"
        } else {
            ""
        };
        let connection = if close { "Connection: close\r\n" } else { "" };
        let response = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n{retry}{connection}\r\n{body}",
            body.len()
        );
        if conn.get_mut().write_all(response.as_bytes()).is_err() || close {
            return;
        }
    }
}

/// What a 503 for a full queue says.
const FULL: &str = "the pipeline is behind: send again later";

/// What a 503 says when the bodies held by all connections fill their shared room.
const HELD: &str = "eddy holds too many request bodies: send again later";

/// Takes room for `bytes` more of a request from `hold`, waiting up to [`QUEUE_WAIT`].
fn reserve(hold: &mut Hold, bytes: usize) -> Result<(), Refusal> {
    if hold.grow(bytes as u64, Instant::now() + QUEUE_WAIT) {
        Ok(())
    } else {
        Err(Refusal(503, HELD))
    }
}

/// The reason phrase of `status`.
fn reason_of(status: u16) -> &'static str {
    match status {
        202 => "Accepted",
        400 => "Bad Request",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Content Too Large",
        408 => "Request Timeout",
        415 => "Unsupported Media Type",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        _ => "Service Unavailable",
    }
}

/// What a request that ended before its end is refused with (counted in `requests_bad`).
const CUT: &str = "the request was cut off before its end";

/// A request cut off: by the stop (answered 503), or by its client (a 400 nobody reads).
fn cut_off(feed: &Feed) -> Refusal {
    let status = if feed.listening.stopping() { 503 } else { 400 };
    Refusal(status, CUT)
}

/// Reads one request: its head and its body, decoded; `None` when the connection ended
/// between requests.
fn read_request(
    conn: &mut BufReader<Draining<TcpStream>>,
    feed: &Feed,
    hold: &mut Hold,
) -> Result<Option<(Head, Vec<u8>)>, Refusal> {
    // A connection quiet between requests is kept alive; a head begun must end in time.
    match conn.fill_buf() {
        Ok([]) | Err(_) => return Ok(None),
        Ok(_) => {}
    }
    conn.get_mut().deadline = Some(Instant::now() + HEAD_WAIT);
    let head = read_head(conn);
    conn.get_mut().deadline = None;
    let head = match head {
        Ok(Some(head)) => head,
        Ok(None) => return Ok(None),
        Err(Refusal(_, CUT)) => return Err(cut_off(feed)),
        Err(refusal) => return Err(refusal),
    };
    if head.method != "POST" {
        return Err(Refusal(405, "only POST is taken: the body is the input"));
    }
    if feed.listening.stopping() {
        return Err(Refusal(503, "eddy is stopping"));
    }
    match head.length {
        None if !head.chunked => {
            return Err(Refusal(
                411,
                "a body needs Content-Length or chunked encoding",
            ));
        }
        Some(length) if length > MAX_BODY => {
            return Err(Refusal(413, "the body is larger than 16 MiB"));
        }
        _ => {}
    }
    // Only a body that may be taken is asked for.
    if head.expect_continue {
        let continued = conn.get_mut().write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
        if continued.is_err() {
            return Ok(None);
        }
    }
    let body = if head.chunked {
        read_chunked(conn, hold)?
    } else {
        let length = head.length.unwrap_or(0);
        reserve(hold, length)?;
        let mut body = vec![0; length];
        if conn.read_exact(&mut body).is_err() {
            return Err(cut_off(feed));
        }
        Some(body)
    };
    let Some(body) = body else {
        return Err(cut_off(feed));
    };
    let body = match head.encoding.as_deref() {
        None | Some("identity") => body,
        Some("gzip" | "x-gzip") => gunzip(&body, hold)?,
        Some(_) => return Err(Refusal(415, "Content-Encoding must be gzip or identity")),
    };
    Ok(Some((head, body)))
}

/// Reads a request head; `None` at the connection's end.
fn read_head(conn: &mut impl BufRead) -> Result<Option<Head>, Refusal> {
    let mut line = Vec::new();
    let mut taken = 0;
    let mut head = Head::default();
    let mut first = true;
    loop {
        line.clear();
        let limit = (MAX_HEAD - taken) as u64;
        match conn.by_ref().take(limit).read_until(b'\n', &mut line) {
            Err(e) if e.kind() == ErrorKind::TimedOut => return Err(slow()),
            Ok(0) | Err(_) if taken == 0 => return Ok(None),
            Ok(0) | Err(_) => return Err(Refusal(400, CUT)),
            Ok(n) => taken += n,
        }
        if !line.ends_with(b"\n") {
            if taken >= MAX_HEAD {
                return Err(Refusal(431, "the request head is larger than 64 KiB"));
            }
            return Err(Refusal(400, CUT));
        }
        let text = std::str::from_utf8(&line)
            .map_err(|_| Refusal(400, "the request head is not UTF-8"))?
            .trim_end_matches(['\r', '\n']);
        if first {
            // Empty lines before a request line are allowed (RFC 9112, 2.2).
            if text.is_empty() {
                continue;
            }
            first = false;
            let mut words = text.split(' ');
            let (Some(method), Some(_), Some(version), None) =
                (words.next(), words.next(), words.next(), words.next())
            else {
                return Err(Refusal(400, "malformed request line"));
            };
            head.method = method.to_owned();
            head.close = match version {
                "HTTP/1.1" => false,
                "HTTP/1.0" => true,
                _ => return Err(Refusal(400, "only HTTP/1.0 and 1.1 are spoken")),
            };
            continue;
        }
        if text.is_empty() {
            // Both framings: which one the client meant is unknown (RFC 9112, 6.1).
            if head.chunked && head.length.is_some() {
                return Err(Refusal(400, "both Content-Length and chunked encoding"));
            }
            return Ok(Some(head));
        }
        let (name, value) = text
            .split_once(':')
            .filter(|(name, _)| !name.is_empty() && !name.ends_with([' ', '\t']))
            .ok_or(Refusal(400, "malformed header line"))?;
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => {
                let length = digits(value, 10).ok_or(Refusal(400, "malformed Content-Length"))?;
                if head.length.is_some_and(|l| l != length) {
                    return Err(Refusal(400, "two different Content-Lengths"));
                }
                head.length = Some(length);
            }
            "transfer-encoding" => match value.to_ascii_lowercase().as_str() {
                "chunked" => head.chunked = true,
                "identity" => {}
                _ => return Err(Refusal(501, "Transfer-Encoding must be chunked")),
            },
            "content-encoding" => head.encoding = Some(value.to_ascii_lowercase()),
            "connection" => {
                let value = value.to_ascii_lowercase();
                if value.contains("close") {
                    head.close = true;
                } else if value.contains("keep-alive") {
                    head.close = false;
                }
            }
            "expect" => head.expect_continue = value.eq_ignore_ascii_case("100-continue"),
            _ => {}
        }
    }
}

/// The number `text` writes in `radix` (10 or 16) with digits only: no sign, no space.
fn digits(text: &str, radix: u32) -> Option<usize> {
    let only_digits = !text.is_empty() && text.chars().all(|c| c.is_digit(radix));
    only_digits
        .then(|| usize::from_str_radix(text, radix).ok())
        .flatten()
}

/// A request head or trailers that took longer than [`HEAD_WAIT`].
fn slow() -> Refusal {
    Refusal(408, "the request head or trailers took longer than 10 s")
}

/// Reads a chunked body (RFC 9112, 7.1), trailers (at most [`MAX_HEAD`], within
/// [`HEAD_WAIT`]) skipped; `None` when the connection ended.
fn read_chunked(
    conn: &mut BufReader<Draining<TcpStream>>,
    hold: &mut Hold,
) -> Result<Option<Vec<u8>>, Refusal> {
    let mut body = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        match conn.by_ref().take(4096).read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return Ok(None),
            Ok(_) => {}
        }
        let text = std::str::from_utf8(&line).map_err(|_| Refusal(400, "bad chunk size"))?;
        // The size, then chunk extensions after a `;` (ignored).
        let size = text.split(';').next().unwrap_or("");
        let size = size.trim_end_matches([' ', '\t', '\r', '\n']);
        let size = digits(size, 16).ok_or(Refusal(400, "bad chunk size"))?;
        if size == 0 {
            conn.get_mut().deadline = Some(Instant::now() + HEAD_WAIT);
            let trailers = skip_trailers(conn);
            conn.get_mut().deadline = None;
            return trailers.map(|ended| ended.then_some(body));
        }
        if body.len().saturating_add(size) > MAX_BODY {
            return Err(Refusal(413, "the body is larger than 16 MiB"));
        }
        reserve(hold, size)?;
        let at = body.len();
        body.resize(at + size, 0);
        let mut end = [0u8; 2];
        if conn.read_exact(&mut body[at..]).is_err() || conn.read_exact(&mut end).is_err() {
            return Ok(None);
        }
        if &end != b"\r\n" {
            return Err(Refusal(400, "a chunk does not end in CRLF"));
        }
    }
}

/// Skips trailer lines up to the empty one: at most [`MAX_HEAD`] of them; false when the
/// connection ended.
fn skip_trailers(conn: &mut impl BufRead) -> Result<bool, Refusal> {
    let mut line = Vec::new();
    let mut taken = 0;
    loop {
        line.clear();
        let limit = (MAX_HEAD - taken) as u64;
        match conn.by_ref().take(limit).read_until(b'\n', &mut line) {
            Err(e) if e.kind() == ErrorKind::TimedOut => return Err(slow()),
            Ok(0) | Err(_) => return Ok(false),
            Ok(_) if line == b"\r\n" || line == b"\n" => return Ok(true),
            Ok(n) => taken += n,
        }
        if taken >= MAX_HEAD {
            return Err(Refusal(400, "the trailers are larger than 64 KiB"));
        }
    }
}

/// Decompresses a gzip body, up to [`MAX_BODY`], taking room for it from `hold` as it grows.
fn gunzip(body: &[u8], hold: &mut Hold) -> Result<Vec<u8>, Refusal> {
    let mut out = Vec::new();
    let mut decoder = flate2::read::MultiGzDecoder::new(body).take(MAX_BODY as u64 + 1);
    let mut piece = vec![0u8; 64 << 10];
    loop {
        let n =
            (decoder.read(&mut piece)).map_err(|_| Refusal(400, "the body is not valid gzip"))?;
        if n == 0 {
            break;
        }
        reserve(hold, n)?;
        out.extend_from_slice(&piece[..n]);
    }
    if out.len() > MAX_BODY {
        return Err(Refusal(413, "the body is larger than 16 MiB"));
    }
    Ok(out)
}

/// Frames `body` into a batch and queues it whole: the 202's status, reason and body.
fn take(
    body: Vec<u8>,
    name: &Arc<str>,
    feed: &Feed,
    hold: &mut Hold,
) -> Result<(u16, &'static str, String), Refusal> {
    // Its events hold its bytes again, and their items, until they are queued (where the
    // read-ahead holds them).
    reserve(hold, body.len())?;
    let mut messages = messages(feed);
    let mut batch = new_batch(feed);
    messages.frame(&body, name, &mut batch, &feed.counters.format);
    messages.close(&mut batch);
    drop(body);
    reserve(hold, budget::weight(0, batch.items.len()) as usize)?;
    let malformed = (batch.items.iter())
        .filter(|item| matches!(item, Item::Malformed(..)))
        .count() as u64;
    let records: u64 = batch.items.iter().map(Item::records).sum();
    let accepted = records - malformed;
    if batch.lines > 0 {
        match hand_over(batch, feed, Instant::now() + QUEUE_WAIT) {
            Handed::Queued => {}
            Handed::Full(_) => return Err(Refusal(503, FULL)),
            Handed::HungUp => return Err(Refusal(503, "eddy is stopping")),
        }
    }
    Counters::add(&feed.counters.accepted, 1);
    let body = format!("{{\"accepted\":{accepted},\"malformed\":{malformed}}}\n");
    Ok((202, "Accepted", body))
}
