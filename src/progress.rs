//! The progress bar on stderr: bytes read of the input's total, the rate in bytes and events per
//! second and the time left, drawn with `indicatif` from the main loop (at most
//! [`Progress::EVERY`], never per event). Input of unknown size (a pipe) gets a spinner with the
//! bytes and the rates.
//!
//! It is shown when stderr is a terminal (and `TERM` is neither unset nor `dumb`; `indicatif`
//! draws nothing elsewhere, so a log file never gets escape codes): by default only while stdout
//! is not a terminal (the bar would break up the output there) and once the run has lasted
//! [`Progress::DELAY`] (a short run flashes no bar); `--progress` shows it from the start,
//! whatever stdout is; `--no-progress` never.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::diag::AroundMessages;

/// When the bar is shown (`--progress`, `--no-progress`, neither).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum When {
    /// On a terminal, when stdout is not one, after [`Progress::DELAY`].
    #[default]
    Auto,
    /// On a terminal, from the start.
    Always,
    /// Never.
    Never,
}

/// A progress bar on stderr.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    /// Events read, which the bar's `{events_per_sec}` shows as a rate.
    events: Arc<AtomicU64>,
    /// Not drawn yet: it is waiting for [`Progress::DELAY`] to pass.
    waiting: bool,
}

impl Progress {
    /// How often the main loop updates the bar.
    pub const EVERY: Duration = Duration::from_millis(100);
    /// How long a run lasts before the bar appears by default.
    pub const DELAY: Duration = Duration::from_secs(1);

    /// A bar for input of `total` bytes (`None`: unknown), if it is to be shown at all.
    pub fn new(when: When, total: Option<u64>) -> Option<Progress> {
        let shown = match when {
            When::Never => false,
            When::Always => std::io::stderr().is_terminal(),
            When::Auto => std::io::stderr().is_terminal() && !std::io::stdout().is_terminal(),
        };
        if !shown {
            return None;
        }
        let template = match total {
            Some(_) => {
                "{spinner} {bytes}/{total_bytes} [{wide_bar}] {bytes_per_sec}, {events_per_sec}, ETA {eta}"
            }
            None => "{spinner} {bytes} read, {bytes_per_sec}, {events_per_sec}",
        };
        let events = Arc::new(AtomicU64::new(0));
        let read = Arc::clone(&events);
        let rate = move |state: &ProgressState, out: &mut dyn std::fmt::Write| {
            let seconds = state.elapsed().as_secs_f64().max(1e-3);
            let rate = read.load(Ordering::Relaxed) as f64 / seconds;
            let _ = write!(out, "{} events/s", HumanCount(rate as u64));
        };
        let style = ProgressStyle::with_template(template)
            .expect("the template is valid")
            .with_key("events_per_sec", rate)
            .progress_chars("=> ");
        let waiting = when == When::Auto;
        let bar = ProgressBar::with_draw_target(total, Progress::target(waiting)).with_style(style);
        Some(Progress {
            bar,
            events,
            waiting,
        })
    }

    /// Where the bar is drawn: nowhere while it is waiting to appear.
    fn target(waiting: bool) -> ProgressDrawTarget {
        if waiting {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr_with_hz(10)
        }
    }

    /// Shows `bytes` read and `events` read after `elapsed` of the run.
    pub fn update(&mut self, bytes: u64, events: u64, elapsed: Duration) {
        if self.waiting && elapsed >= Progress::DELAY {
            self.waiting = false;
            self.bar.set_draw_target(Progress::target(false));
        }
        self.events.store(events, Ordering::Relaxed);
        self.bar.set_position(bytes);
    }

    /// Runs `write`, which writes to stderr, with the bar out of the way.
    pub fn suspend<T>(&self, write: impl FnOnce() -> T) -> T {
        self.bar.suspend(write)
    }

    /// [`Progress::suspend`] for the messages of [`crate::diag::Diagnostics`].
    pub fn around_messages(&self) -> AroundMessages {
        let bar = self.bar.clone();
        Box::new(move |write| bar.suspend(write))
    }

    /// Removes the bar (the end of the run).
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }
}
