//! The HTTP sink (`--to-http URL`): the output is posted in batches instead of written to
//! stdout, the webhook an alerting window sends to.
//!
//! The transport is not a format. The `--to` format's writer writes the records of one batch
//! into a body ([`HttpSink`] makes a fresh writer for each batch, so every body is a document
//! of its own: CSV and TSV bodies each begin with their header); the transport posts the body
//! in one request, inline on the main thread. A batch ends at a record boundary once it holds
//! `--http-batch` records, once its body reaches `--http-batch-bytes` (the record that crosses
//! the bound is its last: a record is never split), once its first record is
//! `--http-flush-after` old (the pipeline wakes for it while the input is quiet:
//! [`Sink::wake`]), and at the end of the run.
//!
//! A request that fails with a 5xx, 429 or 408 status or a network error (refused, reset,
//! timed out) is tried again after 0.2 s, 0.4 s, 0.8 s, … (at most [`MAX_BACKOFF`]; a
//! `Retry-After` in seconds is honoured up to that), `--http-retries` times. Any other status
//! but 2xx (a 3xx too: redirects are not followed) fails the batch at once. A failed batch is
//! reported on stderr, counted ([`Delivery`]) and let go, and the run goes on: memory holds one
//! batch at most. At the end the pipeline turns undelivered records into exit status 3. Once a
//! signal asks the run to stop, a failing request is not tried again, and after one batch has
//! failed so the later ones are not tried at all (counted as undelivered): the run ends within
//! about one request's time. A second signal exits the process at once (the pipeline's signal
//! thread): what was not delivered then is lost, uncounted.
//! Delivery is at least once: a batch whose answer was lost on the way is posted again.
//!
//! Credentials in the URL (`http://user:pass@host/`) are percent-decoded, as curl does, and sent
//! as `Authorization: Basic …` (unless an `--http-header Authorization` is given); wherever eddy
//! prints the URL (stderr, `--stats`) the password is `***`, and so is a user without one (a
//! token, likely).

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use base64::Engine;

use crate::error::{Result, UsageError};
use crate::event::Event;
use crate::output::{OutputFormat, OutputStream, Sink};

/// The wait before the first retry; each further one waits twice as long.
const FIRST_BACKOFF: Duration = Duration::from_millis(200);

/// The longest wait between two tries, also for a server's `Retry-After`.
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// How often a wait between tries looks whether a signal asks the run to stop.
const STOP_CHECK: Duration = Duration::from_millis(50);

/// How many failed batches are reported one by one on stderr; later ones are only counted.
const REPORTED_FAILURES: u64 = 5;

/// How much of an answer's body is read (to its end, the connection is kept for the next).
const ANSWER_LIMIT: u64 = 64 * 1024;
/// The most characters of an answer's body quoted in a message.
const QUOTED: usize = 200;

/// `--http-batch`'s default: records in one request.
pub const DEFAULT_BATCH: usize = 500;
/// `--http-batch-bytes`'s default.
pub const DEFAULT_BATCH_BYTES: usize = 1 << 20;
/// `--http-flush-after`'s default.
pub const DEFAULT_FLUSH_AFTER: Duration = Duration::from_secs(1);
/// `--http-timeout`'s default: the longest one request may take.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// `--http-retries`' default.
pub const DEFAULT_RETRIES: u32 = 5;

/// What `--to-http` and the `--http-*` options ask for.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Where the batches are posted, without the URL's credentials.
    pub url: String,
    /// The URL as eddy prints it, its credentials hidden ([`redact`]).
    pub shown: String,
    /// `Basic …` from the URL's credentials, percent-decoded.
    pub credentials: Option<String>,
    /// Extra request headers (`--http-header`), name and value.
    pub headers: Vec<(String, String)>,
    /// The most records in one batch.
    pub batch: usize,
    /// A batch is posted once its body reaches this many bytes.
    pub batch_bytes: usize,
    /// A partial batch is posted this long after its first record.
    pub flush_after: Duration,
    /// The longest one request may take, from connecting to the end of the answer.
    pub timeout: Duration,
    /// How many times a failed request is tried again.
    pub retries: u32,
}

impl HttpOptions {
    /// Options for `url` with every bound at its default. A URL that is not `http://HOST…`
    /// (or `https://` in a build with the `https` feature) is a usage error.
    pub fn new(url: &str) -> Result<HttpOptions, UsageError> {
        check_unambiguous(url)?;
        check_url(url)?;
        let (bare, credentials) = match userinfo(url) {
            Some((start, at)) => {
                let mut pair = percent_decode(&url[start..at]);
                if !url[start..at].contains(':') {
                    pair.push(b':');
                }
                let basic = base64::engine::general_purpose::STANDARD.encode(pair);
                let bare = format!("{}{}", &url[..start], &url[at + 1..]);
                (bare, Some(format!("Basic {basic}")))
            }
            None => (url.to_owned(), None),
        };
        Ok(HttpOptions {
            url: bare,
            shown: redact(url),
            credentials,
            headers: Vec::new(),
            batch: DEFAULT_BATCH,
            batch_bytes: DEFAULT_BATCH_BYTES,
            flush_after: DEFAULT_FLUSH_AFTER,
            timeout: DEFAULT_TIMEOUT,
            retries: DEFAULT_RETRIES,
        })
    }
}

/// Where the userinfo of a URL is: its first byte and the `@` after it.
fn userinfo(url: &str) -> Option<(usize, usize)> {
    let start = url.find("://")? + 3;
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |n| start + n);
    let at = url[start..end].rfind('@')? + start;
    Some((start, at))
}

/// The URL with its credentials hidden: `http://user:***@host/` (all of it, `***@`, when there
/// is no password: a lone user is often a token).
pub fn redact(url: &str) -> String {
    let Some((start, at)) = userinfo(url) else {
        return url.to_owned();
    };
    let shown = match url[start..at].split_once(':') {
        Some((user, _)) => format!("{user}:***"),
        None => "***".to_owned(),
    };
    format!("{}{shown}{}", &url[..start], &url[at..])
}

/// Decodes `%XX` escapes (a `%` not followed by two hex digits stays as it is).
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(byte) if bytes[i] == b'%' => {
                out.push(byte);
                i += 3;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}

/// Refuses a URL with an `@` past its host part and none before (`http://user:se/cret@host/`):
/// a password holding `/`, `?` or `#` would be read as the host, a path and no credentials,
/// and printed as it is. The message does not echo the URL.
fn check_unambiguous(url: &str) -> Result<(), UsageError> {
    let Some(start) = url.find("://").map(|n| n + 3) else {
        return Ok(());
    };
    let rest = &url[start..];
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    // With credentials before the host, a later `@` is the path's or the query's.
    if rest[..host_end].contains('@') || !rest[host_end..].contains('@') {
        return Ok(());
    }
    Err(UsageError::new(
        "--to-http: the URL has an `@` after its host part, which hides where the credentials \
         end: percent-encode `/`, `?` and `#` in the user and password (%2F, %3F, %23) and `@` \
         in the path and query (%40)",
    ))
}

/// Checks `--to-http`'s URL: a scheme eddy can speak and a host.
fn check_url(url: &str) -> Result<(), UsageError> {
    let bad = |why: &str| UsageError::new(format!("--to-http: `{}`: {why}", redact(url)));
    let uri: ureq::http::Uri = url.parse().map_err(|e| bad(&format!("not a URL ({e})")))?;
    match uri.scheme_str() {
        Some("http") => {}
        Some("https") if cfg!(feature = "https") => {}
        Some("https") => {
            return Err(bad(
                "this eddy was built without https (the cargo feature `https`); use http://",
            ));
        }
        _ if cfg!(feature = "https") => return Err(bad("expected http:// or https://")),
        _ => return Err(bad("expected http://")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(bad("no host"));
    }
    Ok(())
}

/// Parses `--http-header`: `Name: value`, a valid header name and value.
pub fn parse_header(text: &str) -> std::result::Result<(String, String), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("expected `Name: value`, got `{text}`"))?;
    let (name, value) = (name.trim(), value.trim());
    ureq::http::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("`{name}` is not a header name"))?;
    ureq::http::HeaderValue::from_str(value)
        .map_err(|_| format!("the value of `{name}` has a character a header cannot carry"))?;
    Ok((name.to_owned(), value.to_owned()))
}

/// The Content-Type of a format's body (a `--http-header` may say another).
fn content_type(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::Ndjson => "application/x-ndjson",
        OutputFormat::Csv => "text/csv; charset=utf-8",
        OutputFormat::Tsv => "text/tab-separated-values; charset=utf-8",
        OutputFormat::Logfmt | OutputFormat::Table | OutputFormat::Raw | OutputFormat::Chart => {
            "text/plain; charset=utf-8"
        }
    }
}

/// What the sink delivered and what it could not: for `--stats` and the run's exit status.
#[derive(Debug, Clone, Default)]
pub struct Delivery {
    /// The URL posted to.
    pub url: String,
    /// Batches the server accepted (2xx), and their records and bytes.
    pub batches_posted: u64,
    /// Records in the batches accepted.
    pub records_posted: u64,
    /// Bytes of the bodies accepted.
    pub bytes_posted: u64,
    /// Requests tried again (after a 5xx, 429, 408 or network error).
    pub retries: u64,
    /// Batches given up on.
    pub batches_failed: u64,
    /// Records in the batches given up on.
    pub records_failed: u64,
    /// Why the last batch given up on failed.
    pub last_error: Option<String>,
}

impl Delivery {
    /// The end of a run that lost records: `N records could not be delivered to URL (why)`.
    pub fn undelivered(&self) -> Option<String> {
        (self.records_failed > 0).then(|| {
            format!(
                "{} record{} could not be delivered to {} ({})",
                self.records_failed,
                if self.records_failed == 1 { "" } else { "s" },
                self.url,
                self.last_error.as_deref().unwrap_or("no answer"),
            )
        })
    }
}

/// The body the format's writer writes a batch into, shared with [`HttpSink`] (and the lines
/// [`super::redis::RedisSink`] sends).
#[derive(Clone, Default)]
pub(crate) struct Body(pub(crate) Rc<RefCell<Vec<u8>>>);

impl Write for Body {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Makes the `--to` format's writer over a stream (called once per batch).
pub type MakeWriter = Box<dyn Fn(OutputStream) -> Result<Box<dyn Sink>>>;

/// The sink of `--to-http`: batches of the format's output, posted.
pub struct HttpSink {
    make: MakeWriter,
    /// The writer of the batch being filled, writing into `body`.
    writer: Box<dyn Sink>,
    body: Body,
    /// Records given to `writer` since the last post.
    records: usize,
    /// When the batch's first record came.
    first: Option<Instant>,
    options: HttpOptions,
    agent: ureq::Agent,
    content_type: &'static str,
    delivery: Delivery,
    /// Set by the first SIGINT/SIGTERM: no more waits between tries.
    stopping: Arc<AtomicBool>,
    /// After a signal, a batch failed: the later ones are not tried.
    abandoned: bool,
}

impl HttpSink {
    /// A sink posting `format`'s output as `options` say; `make` makes the format's writer
    /// (its usage errors, such as a bad `--raw-field`, surface here). `stopping` is set when a
    /// signal asks the run to end: a failing batch is then not tried again.
    pub fn new(
        mut options: HttpOptions,
        format: OutputFormat,
        make: MakeWriter,
        stopping: Arc<AtomicBool>,
    ) -> Result<HttpSink> {
        let body = Body::default();
        let writer = make(OutputStream::new(Box::new(body.clone()), true))?;
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("eddy/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        let given =
            |name: &str| (options.headers.iter()).any(|(n, _)| n.eq_ignore_ascii_case(name));
        let given_type = given("content-type");
        // An `--http-header Authorization` wins over the URL's credentials.
        if given("authorization") {
            options.credentials = None;
        }
        Ok(HttpSink {
            make,
            writer,
            body,
            records: 0,
            first: None,
            content_type: if given_type { "" } else { content_type(format) },
            delivery: Delivery {
                url: options.shown.clone(),
                ..Delivery::default()
            },
            options,
            agent,
            stopping,
            abandoned: false,
        })
    }

    /// Notes a batch's first record.
    fn started(&mut self) {
        self.first.get_or_insert_with(Instant::now);
    }

    /// Posts the batch when it is full (checked after every record) or, with `age`, when its
    /// first record is `--http-flush-after` old (checked when the pipeline flushes: the input
    /// paused, an input batch was processed and [`Sink::wake`] said it was time).
    fn post_when_due(&mut self, age: bool) -> io::Result<()> {
        let full = self.records >= self.options.batch
            || self.body.0.borrow().len() >= self.options.batch_bytes;
        let old = age && (self.first).is_some_and(|t| t.elapsed() >= self.options.flush_after);
        if full || old { self.post() } else { Ok(()) }
    }

    /// Ends the batch (its writer writes what it holds back), posts it, and starts the next
    /// with a fresh writer and the body emptied (its room kept).
    fn post(&mut self) -> io::Result<()> {
        self.writer.finish()?;
        let records = std::mem::take(&mut self.records) as u64;
        self.first = None;
        let body = self.body.clone();
        let bytes = body.0.borrow();
        if !bytes.is_empty() || records > 0 {
            let delivered = self.deliver(&bytes);
            self.settle(records, bytes.len(), delivered);
        }
        drop(bytes);
        body.0.borrow_mut().clear();
        self.writer = (self.make)(OutputStream::new(Box::new(body), true))
            .map_err(|e| io::Error::other(e.to_string()))?;
        Ok(())
    }

    /// Counts a batch of `records` in `bytes` delivered or given up, and reports the latter
    /// (one not tried at all only in the end's count).
    fn settle(
        &mut self,
        records: u64,
        bytes: usize,
        delivered: std::result::Result<(), Option<String>>,
    ) {
        let failed = match delivered {
            Ok(()) => {
                self.delivery.batches_posted += 1;
                self.delivery.records_posted += records;
                self.delivery.bytes_posted += bytes as u64;
                return;
            }
            Err(failed) => failed,
        };
        self.delivery.batches_failed += 1;
        self.delivery.records_failed += records;
        let Some(why) = failed else {
            return;
        };
        let mut stderr = io::stderr().lock();
        if self.delivery.batches_failed <= REPORTED_FAILURES {
            let _ = writeln!(
                stderr,
                "eddy: --to-http: a batch of {records} record{} could not be delivered to {}: \
                 {why}",
                if records == 1 { "" } else { "s" },
                self.options.shown
            );
        } else if self.delivery.batches_failed == REPORTED_FAILURES + 1 {
            let _ = writeln!(
                stderr,
                "eddy: --to-http: more batches could not be delivered; they are counted \
                 (--stats), not reported one by one"
            );
        }
        self.delivery.last_error = Some(why);
    }

    /// Posts `body`, trying again after a retryable failure; the last failure's description
    /// when the batch is given up, `None` when it was not tried: after a signal asked the run
    /// to stop, the first batch that fails ends the tries, and the batches after it are only
    /// counted, so that the run ends within one request's time.
    fn deliver(&mut self, body: &[u8]) -> std::result::Result<(), Option<String>> {
        if self.abandoned {
            return Err(None);
        }
        let mut backoff = FIRST_BACKOFF;
        let mut tries = 0;
        loop {
            tries += 1;
            let (why, retry_after) = match self.attempt(body) {
                Attempt::Delivered => return Ok(()),
                Attempt::Refused(why) => return Err(Some(why)),
                Attempt::Failed(why, retry_after) => (why, retry_after),
            };
            let wait = retry_after.map_or(backoff, |wait| wait.min(MAX_BACKOFF));
            if tries > self.options.retries || !self.pause(wait) {
                self.abandoned = self.stopping.load(Ordering::Relaxed);
                return Err(Some(match tries {
                    1 => why,
                    n => format!("{why} (tried {n} times)"),
                }));
            }
            self.delivery.retries += 1;
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }

    /// Waits `wait` before a retry; false at once when a signal asks the run to stop.
    fn pause(&self, wait: Duration) -> bool {
        let until = Instant::now() + wait;
        loop {
            if self.stopping.load(Ordering::Relaxed) {
                return false;
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return true;
            }
            std::thread::sleep(left.min(STOP_CHECK));
        }
    }

    /// One request.
    fn attempt(&self, body: &[u8]) -> Attempt {
        let mut request = self.agent.post(&self.options.url);
        if !self.content_type.is_empty() {
            request = request.header("Content-Type", self.content_type);
        }
        if let Some(basic) = &self.options.credentials {
            request = request.header("Authorization", basic);
        }
        for (name, value) in &self.options.headers {
            request = request.header(name, value);
        }
        let mut answer = match request.send(body) {
            Ok(answer) => answer,
            Err(e) => return Attempt::Failed(e.to_string(), None),
        };
        let status = answer.status().as_u16();
        let retry_after = (answer.headers().get("retry-after"))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        // Read to its end, so that the connection serves the next request.
        let text = (answer.body_mut().with_config().limit(ANSWER_LIMIT))
            .read_to_vec()
            .unwrap_or_default();
        if (200..300).contains(&status) {
            return Attempt::Delivered;
        }
        let why = describe(status, &text);
        if matches!(status, 408 | 429) || status >= 500 {
            Attempt::Failed(why, retry_after)
        } else {
            Attempt::Refused(why)
        }
    }
}

/// How one request went.
enum Attempt {
    /// A 2xx answer.
    Delivered,
    /// An answer not worth asking again (a 4xx other than 408 and 429, a 3xx).
    Refused(String),
    /// A 5xx, 429 or 408 answer or a network error: worth trying again (after the server's
    /// `Retry-After`, if it gave one).
    Failed(String, Option<Duration>),
}

/// `HTTP 500` with the start of the answer's text on one line, if it has any.
fn describe(status: u16, text: &[u8]) -> String {
    let text = String::from_utf8_lossy(text);
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(QUOTED) {
        _ if line.is_empty() => format!("HTTP {status}"),
        Some((cut, _)) => format!("HTTP {status}: {}…", &line[..cut]),
        None => format!("HTTP {status}: {line}"),
    }
}

impl Sink for HttpSink {
    fn write(&mut self, event: &Event) -> io::Result<()> {
        self.started();
        self.writer.write(event)?;
        self.records += 1;
        self.post_when_due(false)
    }

    /// The lines are cut into batches at line ends, as many as the batch has room for.
    fn write_lines(&mut self, mut lines: &[u8]) -> io::Result<()> {
        while !lines.is_empty() {
            self.started();
            let room = self.options.batch.saturating_sub(self.records).max(1);
            let bytes = (self.options.batch_bytes).saturating_sub(self.body.0.borrow().len());
            let (mut end, mut taken) = (lines.len(), 0);
            for at in memchr::memchr_iter(b'\n', lines) {
                taken += 1;
                if taken == room || at + 1 >= bytes {
                    end = at + 1;
                    break;
                }
            }
            // A last line without its `\n` is a record too.
            if end == lines.len() && !lines.ends_with(b"\n") {
                taken += 1;
            }
            self.writer.write_lines(&lines[..end])?;
            self.records += taken;
            lines = &lines[end..];
            self.post_when_due(false)?;
        }
        Ok(())
    }

    /// The input paused: the batch is posted if its time is up; else [`Sink::wake`] says when.
    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()?;
        self.post_when_due(true)
    }

    fn wake(&self) -> Option<Duration> {
        (self.first).map(|t| self.options.flush_after.saturating_sub(t.elapsed()))
    }

    fn delivery(&self) -> Option<&Delivery> {
        Some(&self.delivery)
    }

    fn delivered(&self) -> bool {
        self.records == 0 && self.delivery.records_failed == 0
    }

    /// The end of the run: the last batch is posted.
    fn finish(&mut self) -> io::Result<()> {
        self.post()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_headers() {
        assert!(HttpOptions::new("http://127.0.0.1:9/hook").is_ok());
        for bad in ["ftp://x/", "127.0.0.1:9", "http:///x", "not a url"] {
            assert!(HttpOptions::new(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_header("Authorization:  Bearer abc ").unwrap(),
            ("Authorization".to_owned(), "Bearer abc".to_owned())
        );
        assert!(parse_header("no colon").is_err());
        assert!(parse_header("bad name: x").is_err());
        assert!(parse_header("X-A: a\nb").is_err());
    }

    #[test]
    fn credentials_are_decoded_and_hidden() {
        let options = HttpOptions::new("http://u:p%40ss%zz@h:8/x?y=a@b").unwrap();
        assert_eq!(options.url, "http://h:8/x?y=a@b");
        assert_eq!(options.shown, "http://u:***@h:8/x?y=a@b");
        // base64 of `u:p@ss%zz`.
        assert_eq!(options.credentials.unwrap(), "Basic dTpwQHNzJXp6");
        assert_eq!(redact("http://tok@h/"), "http://***@h/");
        assert_eq!(redact("http://h/a@b"), "http://h/a@b");
        assert_eq!(redact("no url@all"), "no url@all");
        assert!(HttpOptions::new("http://h/a@b").is_err());
        assert!(HttpOptions::new("http://h/a%40b").is_ok());
        assert!(HttpOptions::new("http://h/").unwrap().credentials.is_none());
    }

    #[test]
    fn answers_are_quoted_short() {
        assert_eq!(describe(500, b""), "HTTP 500");
        assert_eq!(describe(400, b"bad\n  body"), "HTTP 400: bad body");
        assert!(describe(503, "é".repeat(500).as_bytes()).ends_with("é…"));
        let undelivered = Delivery {
            url: "http://h/".into(),
            records_failed: 1,
            last_error: Some("HTTP 500".into()),
            ..Delivery::default()
        };
        assert_eq!(
            undelivered.undelivered().unwrap(),
            "1 record could not be delivered to http://h/ (HTTP 500)"
        );
    }
}
