//! Errors, exit statuses and the formatting of messages.
//!
//! Library code returns [`Error`]; `main` prints it with [`Error::render`] and exits with
//! [`Error::exit_code`]. Data errors that do not stop the run are [`DataError`]s, counted and
//! reported by [`crate::diag::Diagnostics`].

use std::fmt;
use std::io;

/// Exit statuses of `cli.md` section 7.
pub mod exit {
    /// Success, also when the downstream pipe closed early.
    pub const OK: i32 = 0;
    /// `--exit-status` was given and no event was written.
    pub const NO_OUTPUT: i32 = 1;
    /// Usage or expression error; no input was read.
    pub const USAGE: i32 = 2;
    /// Runtime failure: I/O, `--on-error fail`, `--late fail`, a resource limit.
    pub const RUNTIME: i32 = 3;
    /// Finished, but `--strict` was given and some input was dropped.
    pub const DROPPED: i32 = 4;
    /// Interrupted by SIGINT after flushing.
    pub const SIGINT: i32 = 130;
    /// Interrupted by SIGTERM after flushing.
    pub const SIGTERM: i32 = 143;
}

/// Why an input line or event was dropped. Each reason has its own counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DropReason {
    /// The line could not be decoded in the input format.
    Malformed,
    /// An expression failed on the event (e.g. `"abc" * 2`).
    EvalError,
    /// A window had already closed for the event's time.
    Late,
    /// The event's timestamp was missing or could not be parsed.
    BadTime,
    /// The record was longer than `--max-record-size`.
    TooLong,
}

impl DropReason {
    /// Every reason, in reporting order.
    pub const ALL: [DropReason; 5] = [
        DropReason::Malformed,
        DropReason::EvalError,
        DropReason::Late,
        DropReason::BadTime,
        DropReason::TooLong,
    ];

    /// The snake_case name used in `--stats` and summaries.
    pub fn key(self) -> &'static str {
        match self {
            DropReason::Malformed => "malformed",
            DropReason::EvalError => "eval_error",
            DropReason::Late => "late",
            DropReason::BadTime => "bad_time",
            DropReason::TooLong => "too_long",
        }
    }

    /// A short phrase for the stderr summary, agreeing with the count `n`.
    pub fn phrase(self, n: u64) -> &'static str {
        match (self, n == 1) {
            (DropReason::Malformed, _) => "malformed",
            (DropReason::EvalError, true) => "evaluation error",
            (DropReason::EvalError, false) => "evaluation errors",
            (DropReason::Late, _) => "late",
            (DropReason::BadTime, true) => "bad timestamp",
            (DropReason::BadTime, false) => "bad timestamps",
            (DropReason::TooLong, _) => "too long",
        }
    }
}

/// Where an event came from: its source name and 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The file name as given, or `<stdin>`; for events a stage made, the stage
    /// ([`Location::stage_output`]).
    pub source: std::sync::Arc<str>,
    /// The 1-based line number of the first line of the record; 0 when unknown.
    pub line: u64,
}

impl Location {
    /// The location of the events stage `index` (`name`) made (aggregate results): they have no
    /// input line, so messages about them name the stage, `stage 2 (count) output`.
    pub fn stage_output(index: usize, name: &str) -> Location {
        Location {
            source: format!("stage {index} ({name}) output").into(),
            line: 0,
        }
    }

    /// The stage a [`Location::stage_output`] names: `stage 2 (count)`.
    pub fn stage(&self) -> Option<&str> {
        (self.line == 0)
            .then(|| self.source.strip_suffix(" output"))
            .flatten()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.source)
        } else {
            write!(f, "{}:{}", self.source, self.line)
        }
    }
}

/// A problem with one line or event: dropped and counted, or fatal under `--on-error fail`.
#[derive(Debug, Clone)]
pub struct DataError {
    /// Where the line came from.
    pub location: Location,
    /// The counter it goes to.
    pub reason: DropReason,
    /// What went wrong, lowercase, no final period.
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// An error found before any input is read: exit status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    /// The 1-based stage position and stage name, when the error belongs to a stage.
    pub stage: Option<(usize, String)>,
    /// What is wrong.
    pub message: String,
    /// The text the error points into (an expression) and the 0-based character column.
    pub snippet: Option<(String, usize)>,
}

impl UsageError {
    /// A usage error with only a message.
    pub fn new(message: impl Into<String>) -> UsageError {
        UsageError {
            stage: None,
            message: message.into(),
            snippet: None,
        }
    }

    /// Attaches the text and the 0-based character column the caret points at.
    pub fn with_snippet(mut self, text: &str, column: usize) -> UsageError {
        self.snippet = Some((text.to_owned(), column));
        self
    }

    /// Attaches the stage position (1-based) and name, unless one is already set.
    pub fn in_stage(mut self, index: usize, name: &str) -> UsageError {
        if self.stage.is_none() {
            self.stage = Some((index, name.to_owned()));
        }
        self
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((index, name)) = &self.stage {
            write!(f, "stage {index} ({name}): ")?;
        }
        f.write_str(&self.message)?;
        if let Some((text, column)) = &self.snippet {
            // The snippet is one line: newlines and tabs are shown as spaces so the caret lines up.
            let shown: String = text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            write!(f, "\n  {shown}\n  {}^", " ".repeat(*column))?;
        }
        Ok(())
    }
}

/// Every way a run can end other than success.
#[derive(Debug)]
pub enum Error {
    /// Bad invocation or expression: exit 2.
    Usage(UsageError),
    /// A clap error already rendered (usage, `--help`, `--version`), with its exit status.
    Clap(clap::Error),
    /// A short usage and where to read more, printed as it is (a run without arguments): exit 2.
    Brief(String),
    /// Text the user asked for (`eddy help expr`), for stdout: exit 0.
    Text(String),
    /// A data error under `--on-error fail` (or `--late fail`, `--on-bad-time fail`): exit 3.
    Data(DataError),
    /// I/O or another runtime failure: exit 3.
    Runtime(anyhow::Error),
    /// The reader of stdout went away: stop quietly, exit 0.
    BrokenPipe,
    /// This many inputs could not be opened or read; each was reported as it failed, and the
    /// others were read: exit 3.
    InputsFailed(u64),
    /// SIGINT or SIGTERM arrived and what was complete has been flushed.
    Interrupted(i32),
}

impl Error {
    /// A runtime error from a message.
    pub fn runtime(message: impl fmt::Display) -> Error {
        Error::Runtime(anyhow::anyhow!("{message}"))
    }

    /// The process exit status for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) | Error::Brief(_) => exit::USAGE,
            Error::Clap(e) => e.exit_code(),
            Error::Data(_) | Error::Runtime(_) | Error::InputsFailed(_) => exit::RUNTIME,
            Error::BrokenPipe | Error::Text(_) => exit::OK,
            Error::Interrupted(sig) => 128 + sig,
        }
    }

    /// The message for stderr, `None` when there is nothing to say.
    pub fn render(&self) -> Option<String> {
        match self {
            Error::Usage(e) => Some(format!("eddy: {e}")),
            Error::Clap(e) => Some(clap_message(e)),
            Error::Brief(text) => Some(text.clone()),
            Error::Data(e) => Some(format!("eddy: {e}")),
            Error::Runtime(e) => Some(format!("eddy: {e:#}")),
            Error::BrokenPipe | Error::Text(_) | Error::Interrupted(_) | Error::InputsFailed(_) => {
                None
            }
        }
    }
}

/// A clap error worded as eddy's own, `eddy: MESSAGE` where clap writes `error: MESSAGE`, with
/// its tips and usage; help and version as they are.
fn clap_message(e: &clap::Error) -> String {
    let text = e.render().to_string();
    match text.strip_prefix("error: ") {
        Some(message) => format!("eddy: {}", message.trim_end()),
        None => text,
    }
}

impl Error {
    /// A usage error attributed to the stage at `index` (1-based) called `name`, unless it
    /// already names one; other errors as they are.
    pub fn in_stage(self, index: usize, name: &str) -> Error {
        match self {
            Error::Usage(u) => Error::Usage(u.in_stage(index, name)),
            other => other,
        }
    }

    /// An error writing the output: a closed pipe ends the run quietly, anything else is a
    /// runtime failure named after stdout.
    pub fn output(e: io::Error) -> Error {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Error::BrokenPipe
        } else if let Some(named) = e.get_ref().and_then(|e| e.downcast_ref::<SinkError>()) {
            Error::runtime(&named.0)
        } else {
            Error::Runtime(anyhow::anyhow!("stdout: {e}"))
        }
    }
}

/// A write error of a sink that is not stdout (`--to-redis`, `--to-kafka`), whose message names
/// its destination: [`Error::output`] says it as it is.
#[derive(Debug)]
pub struct SinkError(pub String);

impl fmt::Display for SinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SinkError {}

impl From<UsageError> for Error {
    fn from(e: UsageError) -> Self {
        Error::Usage(e)
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Error::BrokenPipe
        } else {
            Error::Runtime(e.into())
        }
    }
}

impl From<anyhow::Error> for Error {
    fn from(e: anyhow::Error) -> Self {
        Error::Runtime(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.render().as_deref().unwrap_or("stopped"))
    }
}

impl std::error::Error for Error {}

/// So that a clap value parser can fail with one (shown as the stage's usage error by
/// `crate::cli`).
impl std::error::Error for UsageError {}

/// Result with the crate's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_point_at_the_column() {
        let e = UsageError::new("expected an operand after `>=` at column 11")
            .with_snippet("status >= && host == \"a\"", 10)
            .in_stage(1, "filter");
        assert_eq!(
            e.to_string(),
            "stage 1 (filter): expected an operand after `>=` at column 11\n  status >= && host == \"a\"\n            ^"
        );
    }

    #[test]
    fn exit_codes() {
        assert_eq!(Error::BrokenPipe.exit_code(), 0);
        assert_eq!(Error::Usage(UsageError::new("x")).exit_code(), 2);
        assert_eq!(Error::runtime("x").exit_code(), 3);
        assert_eq!(Error::InputsFailed(2).exit_code(), 3);
        assert_eq!(Error::Interrupted(2).exit_code(), 130);
        assert_eq!(Error::Interrupted(15).exit_code(), 143);
    }
}
