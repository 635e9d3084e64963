//! The watermark `W` of a time-window stage and its rules (C1, C4, C5): `W = max t − B` in
//! event time (`B = --max-delay`, `inf` keeps `W = −∞`), the wall clock in processing time;
//! `--idle-timeout` lets event time follow the wall clock when input goes quiet; end of input
//! is `W = +∞`. `W` is an `i128` so `±∞` and `end + L` never overflow.

/// Below every instant: the watermark before any record.
pub const NEG_INF: i128 = i128::MIN / 4;
/// Above every instant: the watermark at end of input.
pub const POS_INF: i128 = i128::MAX / 4;

/// Where event time comes from, and so what moves the watermark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeDomain {
    /// Event time, read from each record (`--time-field`).
    Event {
        /// `--max-delay` in ns (`None`: `inf`, the watermark waits for the end of input).
        max_delay: Option<i64>,
        /// `--idle-timeout` in ns.
        idle: Option<i64>,
    },
    /// Processing time: the wall clock when a record is read; the watermark is the clock.
    Processing,
}

/// The watermark of one stage, with what its rules need to remember.
#[derive(Debug)]
pub struct Watermark {
    domain: TimeDomain,
    /// `W`.
    w: i128,
    /// `W` just before end of input set it to `+∞` (for `--stats`).
    before_eof: i128,
    /// The latest event time seen.
    max_t: Option<i64>,
    /// The wall clock at the latest record (kept with `--idle-timeout` only).
    last_wall: i64,
}

impl Watermark {
    /// `W = −∞`.
    pub fn new(domain: TimeDomain) -> Watermark {
        Watermark {
            domain,
            w: NEG_INF,
            before_eof: NEG_INF,
            max_t: None,
            last_wall: 0,
        }
    }

    /// The time domain.
    pub fn domain(&self) -> TimeDomain {
        self.domain
    }

    /// `W`.
    pub fn get(&self) -> i128 {
        self.w
    }

    /// The latest event time seen.
    pub fn max_t(&self) -> Option<i64> {
        self.max_t
    }

    /// A processing-time record read at `t` is never late: its time is not behind `W`.
    pub fn processing_time(&self, t: i64) -> i64 {
        i64::try_from(i128::from(t).max(self.w)).unwrap_or(t)
    }

    /// A record arrived at wall-clock time `now` (what `--idle-timeout` measures silence from).
    pub fn heard(&mut self, now: impl FnOnce() -> i64) {
        if matches!(self.domain, TimeDomain::Event { idle: Some(_), .. }) {
            self.last_wall = now();
        }
    }

    /// Remembers `t` as seen (the latest event time).
    pub fn see(&mut self, t: i64) {
        self.max_t = Some(self.max_t.map_or(t, |m| m.max(t)));
    }

    /// Moves `W` to where a record at `t` takes it: `max(W, t − B)` in event time, `max(W, t)` in
    /// processing time.
    pub fn advance(&mut self, t: i64) {
        match self.domain {
            TimeDomain::Event {
                max_delay: Some(b), ..
            } => self.w = self.w.max(i128::from(t) - i128::from(b)),
            TimeDomain::Event {
                max_delay: None, ..
            } => {}
            TimeDomain::Processing => self.w = self.w.max(i128::from(t)),
        }
    }

    /// Wall-clock time `now` passed with no input: in processing time `W` follows the clock; in
    /// event time with `--idle-timeout`, after `idle` of silence `W ← max(W, max_t + silence − B)`.
    /// True when windows may have closed.
    pub fn tick(&mut self, now: i64) -> bool {
        match self.domain {
            TimeDomain::Processing => {
                self.w = self.w.max(i128::from(now));
                true
            }
            TimeDomain::Event {
                max_delay: Some(b),
                idle: Some(idle),
            } => {
                let Some(max_t) = self.max_t else {
                    return false;
                };
                let silence = now.saturating_sub(self.last_wall);
                if silence < idle {
                    return false;
                }
                let w = i128::from(max_t) + i128::from(silence) - i128::from(b);
                let moved = w > self.w;
                if moved {
                    self.w = w;
                }
                moved
            }
            TimeDomain::Event { .. } => false,
        }
    }

    /// The wall-clock instant at which [`Watermark::tick`] would close a window ending at
    /// `end` (for sessions: just after it), if the clock can close it.
    pub fn deadline(&self, end: i64) -> Option<i64> {
        match self.domain {
            TimeDomain::Processing => Some(end),
            TimeDomain::Event {
                max_delay: Some(b),
                idle: Some(idle),
            } => {
                let max_t = self.max_t?;
                let need = i128::from(end) + i128::from(b) - i128::from(max_t);
                let wait = need.max(i128::from(idle));
                let at = i128::from(self.last_wall) + wait;
                Some(i64::try_from(at).unwrap_or(i64::MAX))
            }
            TimeDomain::Event { .. } => None,
        }
    }

    /// Resumes a watermark saved in an earlier run (`--state`): `W` and the latest event time
    /// as they were; the idle timer's silence is measured from `now`, the wall clock at resume.
    pub fn resume(&mut self, w: i128, max_t: Option<i64>, now: i64) {
        self.w = w;
        self.max_t = max_t;
        self.heard(|| now);
    }

    /// End of input: `W = +∞`.
    pub fn end_of_input(&mut self) {
        self.before_eof = self.w;
        self.w = POS_INF;
    }

    /// The last finite watermark (before end of input), for `--stats`; `None` for `−∞`.
    pub fn reported(&self) -> Option<i64> {
        let w = if self.w == POS_INF {
            self.before_eof
        } else {
            self.w
        };
        if w <= NEG_INF || w >= POS_INF {
            None
        } else {
            Some(i64::try_from(w).unwrap_or(0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_time_trails_the_latest_record() {
        let mut wm = Watermark::new(TimeDomain::Event {
            max_delay: Some(2),
            idle: None,
        });
        wm.advance(10);
        wm.advance(5);
        assert_eq!(wm.get(), 8);
        assert!(!wm.tick(1_000));
        wm.end_of_input();
        assert_eq!(wm.get(), POS_INF);
        assert_eq!(wm.reported(), Some(8));
    }

    #[test]
    fn idle_time_follows_the_wall_clock() {
        let mut wm = Watermark::new(TimeDomain::Event {
            max_delay: Some(2),
            idle: Some(5),
        });
        wm.heard(|| 100);
        wm.see(10);
        wm.advance(10);
        assert_eq!(wm.deadline(20), Some(112));
        assert!(!wm.tick(104));
        assert!(wm.tick(112));
        assert_eq!(wm.get(), 20);
    }

    #[test]
    fn infinite_delay_waits_for_the_end() {
        let mut wm = Watermark::new(TimeDomain::Event {
            max_delay: None,
            idle: None,
        });
        wm.advance(10);
        assert_eq!(wm.get(), NEG_INF);
        assert_eq!(wm.reported(), None);
    }
}
