//! Stage-level tests: the window stage driven directly with a manual clock and a collecting sink
//! (idle timeout, processing time, periodic emits), so timing is deterministic.

use std::sync::Arc;

use crate::clock::{ManualClock, SharedClock};
use crate::diag::{Diagnostics, OnError};
use crate::error::Location;
use crate::event::Event;
use crate::json;
use crate::ops::{BuildContext, Context, Out, Stage, StageCounters};
use crate::output::collect::Collect;

const S: i64 = 1_000_000_000;
const T0: i64 = 1_700_000_000 * S;

struct Rig {
    stage: Box<dyn Stage>,
    sink: Collect,
    ctx: Context,
    counters: Vec<StageCounters>,
    clock: Arc<ManualClock>,
}

impl Rig {
    fn new(args: &str) -> Rig {
        let clock = ManualClock::new(T0);
        let shared: SharedClock = clock.clone();
        let argv = std::iter::once("eddy").chain(args.split_whitespace());
        let inv = crate::cli::parse(argv).expect("arguments parse");
        let command = inv.stages.into_iter().next().expect("one stage");
        let stage = command
            .build(&BuildContext {
                index: 1,
                clock: shared.clone(),
                inputs: Vec::new().into(),
                chain: crate::cli::parse_chain,
            })
            .expect("stage builds");
        Rig {
            stage,
            sink: Collect::default(),
            ctx: Context::new(
                Diagnostics::new(OnError::Skip, None).expect("diagnostics"),
                shared,
                1,
            ),
            counters: vec![StageCounters::default()],
            clock,
        }
    }

    fn push(&mut self, json: &str) {
        let v = json::parse(json.as_bytes()).expect("json");
        let e = Event::from_input(
            v,
            json.as_bytes(),
            true,
            Location::default(),
            self.clock_now(),
        );
        let mut sink = self.sink.clone();
        let mut out = Out::new(&mut self.counters, &mut [], &mut sink, &mut self.ctx);
        self.stage.process(e, &mut out).expect("process");
    }

    fn clock_now(&self) -> i64 {
        use crate::clock::Clock;
        self.clock.now()
    }

    /// Moves the clock and ticks when the stage's deadline has come, as the pipeline does.
    fn advance(&mut self, by: i64) {
        self.clock.advance(by);
        let now = self.clock_now();
        if self.stage.next_deadline().is_some_and(|d| d <= now) {
            let mut sink = self.sink.clone();
            let mut out = Out::new(&mut self.counters, &mut [], &mut sink, &mut self.ctx);
            self.stage.tick(now, &mut out).expect("tick");
        }
    }

    fn finish(&mut self) {
        let mut sink = self.sink.clone();
        let mut out = Out::new(&mut self.counters, &mut [], &mut sink, &mut self.ctx);
        self.stage.finish(&mut out).expect("finish");
    }

    fn flushes(&self) -> usize {
        *self.sink.flushes.lock().expect("lock")
    }
}

#[test]
fn idle_timeout_closes_windows_of_a_quiet_stream() {
    let mut r =
        Rig::new("window tumbling --size 10s --time-field ts --idle-timeout 5s --agg count");
    r.push(r#"{"ts":3}"#);
    r.push(r#"{"ts":4}"#);
    assert!(r.sink.take().is_empty());
    // [0,10) closes after silence = max(5s, 10 + 0 - 4) = 6s.
    assert_eq!(r.stage.next_deadline(), Some(T0 + 6 * S));
    r.advance(5 * S);
    assert!(r.sink.take().is_empty(), "W = 4 + 5 = 9 < 10");
    r.advance(S);
    assert_eq!(
        r.sink.take(),
        [r#"{"window_start":0,"window_end":10,"count":2}"#]
    );
    assert!(r.flushes() >= 1, "a firing batch is flushed");
    // The advanced watermark judges later records: ts=9 is now late, ts=12 is on time.
    r.push(r#"{"ts":9}"#);
    r.push(r#"{"ts":12}"#);
    assert_eq!(r.stage.next_deadline(), Some(T0 + 6 * S + 8 * S));
    r.finish();
    assert_eq!(
        r.sink.take(),
        [r#"{"window_start":10,"window_end":20,"count":1}"#]
    );
    let summary = r.stage.summary().unwrap();
    assert!(summary.contains("dropped 1 late record"), "{summary}");
    // ts=9 was within --max-delay 0s of the latest time (4): only the idle timer made it late.
    assert!(
        summary.ends_with(
            "(they came after --idle-timeout 5s advanced event time past their windows; \
             a larger --idle-timeout would have kept them)"
        ),
        "{summary}"
    );
}

#[test]
fn late_hint_separates_disorder_from_the_idle_timer() {
    let mut r =
        Rig::new("window tumbling --size 10s --time-field ts --idle-timeout 5s --agg count");
    r.push(r#"{"ts":14}"#);
    r.push(r#"{"ts":3}"#);
    r.advance(6 * S);
    r.push(r#"{"ts":15}"#);
    r.finish();
    let summary = r.stage.summary().unwrap();
    assert_eq!(
        summary,
        "eddy window: dropped 2 late records (max out-of-orderness 11s; --max-delay 11s would \
         have kept them; 1 came after --idle-timeout 5s advanced event time)"
    );
}

#[test]
fn idle_timeout_is_at_least_the_timeout() {
    let mut r = Rig::new(
        "window tumbling --size 10s --time-field ts --max-delay 2s --idle-timeout 30s --agg count",
    );
    r.push(r#"{"ts":9}"#);
    // e + B - max_t = 3s, but the idle timeout is 30s.
    assert_eq!(r.stage.next_deadline(), Some(T0 + 30 * S));
    r.advance(29 * S);
    assert!(r.sink.take().is_empty());
    r.advance(S);
    assert_eq!(
        r.sink.take(),
        [r#"{"window_start":0,"window_end":10,"count":1}"#]
    );
    assert_eq!(r.stage.next_deadline(), None);
}

#[test]
fn processing_time_windows_close_on_the_wall_clock() {
    let mut r = Rig::new("window tumbling --size 10s --time processing --agg count");
    r.push(r#"{"a":1}"#);
    r.advance(4 * S);
    r.push(r#"{"a":2}"#);
    let end = T0 + 10 * S;
    assert_eq!(r.stage.next_deadline(), Some(end));
    r.advance(5 * S);
    assert!(r.sink.take().is_empty());
    r.advance(S);
    assert_eq!(
        r.sink.take(),
        [
            r#"{"window_start":"2023-11-14T22:13:20.000Z","window_end":"2023-11-14T22:13:30.000Z","count":2}"#
        ]
    );
    // A line read at exactly window_end belongs to the next window.
    r.push(r#"{"a":3}"#);
    r.finish();
    assert_eq!(
        r.sink.take(),
        [
            r#"{"window_start":"2023-11-14T22:13:30.000Z","window_end":"2023-11-14T22:13:40.000Z","count":1}"#
        ]
    );
}

#[test]
fn periodic_emits_changed_windows() {
    let mut r =
        Rig::new("window tumbling --size 60s --time-field ts --emit periodic:10s --agg count");
    r.push(r#"{"ts":1}"#);
    r.advance(10 * S);
    assert_eq!(
        r.sink.take(),
        [r#"{"window_start":0,"window_end":60,"window_emit":"early","count":1}"#]
    );
    r.advance(10 * S);
    assert!(r.sink.take().is_empty(), "nothing changed");
    r.push(r#"{"ts":2}"#);
    r.finish();
    assert_eq!(
        r.sink.take(),
        [r#"{"window_start":0,"window_end":60,"window_emit":"on_time","count":2}"#]
    );
}

#[test]
fn max_groups_evicts_the_least_recently_updated() {
    let mut r = Rig::new(
        "window tumbling --size 10s --time-field ts --max-delay inf --by k --max-groups 2 --on-overflow emit-early --agg count",
    );
    r.push(r#"{"ts":1,"k":"a"}"#);
    r.push(r#"{"ts":2,"k":"b"}"#);
    r.push(r#"{"ts":3,"k":"a"}"#);
    r.push(r#"{"ts":4,"k":"c"}"#);
    assert_eq!(
        r.sink.take(),
        [r#"{"window_start":0,"window_end":10,"window_emit":"evicted","k":"b","count":1}"#]
    );
    r.finish();
    assert_eq!(r.sink.take().len(), 2);
}

#[test]
fn idle_timeout_closes_sessions_strictly_after_their_end() {
    let mut r = Rig::new("window session --gap 5s --time-field ts --idle-timeout 2s --agg count");
    r.push(r#"{"ts":10}"#);
    // [10,15) closes when W > 15: after 5 s and 1 ns of silence, not 5 s (W = 15).
    assert_eq!(r.stage.next_deadline(), Some(T0 + 5 * S + 1));
    r.advance(5 * S);
    assert!(r.sink.take().is_empty());
    r.advance(1);
    assert_eq!(
        r.sink.take(),
        [r#"{"window_start":10,"window_end":15,"count":1}"#]
    );
    // The session is final: a record touching it is late.
    r.push(r#"{"ts":15}"#);
    r.finish();
    assert!(r.sink.take().is_empty());
    assert!(r.stage.summary().unwrap().contains("dropped 1 late record"));
}

#[test]
fn stats_report_the_watermark_and_out_of_orderness() {
    let mut r = Rig::new("window tumbling --size 10s --time-field ts --max-delay 5s --agg count");
    for ts in [1, 12, 8, 16, 3] {
        r.push(&format!(r#"{{"ts":{ts}}}"#));
    }
    r.finish();
    let stats = r.stage.stats().unwrap().to_json();
    assert!(stats.contains(r#""max_out_of_orderness":13"#), "{stats}");
    assert!(stats.contains(r#""watermark_final":11"#), "{stats}");
    assert!(stats.contains(r#""late_dropped":1"#), "{stats}");
    assert!(stats.contains(r#""records_in":5"#), "{stats}");
}

/// A fuzz finding (`window` target): 60 keys with two events each a second apart, in 1 ns
/// windows. Every gap holds a billion empty windows, and the whole output of a run with
/// `--fill-empty` grew with keys × gaps (and was held in final mode until written: 6 M records
/// and 7.6 GB for these 120 events). The run writes at most `--max-fill` empty windows in all,
/// in output order, and says so: a warning, and the output is incomplete for `--strict`.
#[test]
fn fill_empty_is_bounded_over_the_whole_stage() {
    let mut r = Rig::new(
        "window tumbling --size 1ns --fill-empty --max-fill 1000 --time-field ts --out-time-format epoch_ns --by k --max-delay inf --agg count",
    );
    for k in 0..60 {
        r.push(&format!(r#"{{"ts":{},"k":{k}}}"#, 1_700_000_000 + k));
        r.push(&format!(r#"{{"ts":{},"k":{k}}}"#, 1_700_000_001 + k));
    }
    r.finish();
    let out = r.sink.take();
    let t0 = 1_700_000_000 * S;
    let record = |start: i64, k: i64, count: u8| {
        format!(
            r#"{{"window_start":{start},"window_end":{},"k":{k},"count":{count}}}"#,
            start + 1
        )
    };
    assert_eq!(out.len(), 120 + 1000);
    assert_eq!(out[0], record(t0, 0, 1));
    // The budget goes to the first gap in output order (key 0's), then every non-empty window.
    for (i, line) in out[1..=1000].iter().enumerate() {
        assert_eq!(*line, record(t0 + 1 + i as i64, 0, 0));
    }
    assert_eq!(out[1001], record(t0 + S, 0, 1));
    assert_eq!(out[1002], record(t0 + S, 1, 1));
    assert_eq!(out[1119], record(t0 + 60 * S, 59, 1));
    assert!(r.ctx.diag.anything_lost(), "incomplete for --strict");
}

/// Empty windows are written in output order among the records of their firing batch, also
/// when gaps of several keys interleave.
#[test]
fn fill_empty_interleaves_keys_in_output_order() {
    let mut r = Rig::new(
        "window tumbling --size 10s --fill-empty --time-field ts --by k --max-delay 5s --agg count",
    );
    for (ts, k) in [
        (1, "b"),
        (3, "a"),
        (14, "c"),
        (42, "a"),
        (47, "b"),
        (61, "c"),
    ] {
        r.push(&format!(r#"{{"ts":{ts},"k":"{k}"}}"#));
    }
    r.finish();
    let windows: Vec<String> = r
        .sink
        .take()
        .iter()
        .map(|line| {
            let v = json::parse(line.as_bytes()).unwrap();
            let get = |f: &str| v.as_object().unwrap().get(f).unwrap().to_json();
            format!("{}{} {}", get("window_start"), get("k"), get("count"))
        })
        .collect();
    assert_eq!(
        windows,
        [
            r#"0"a" 1"#,
            r#"0"b" 1"#,
            r#"10"c" 1"#,
            r#"10"a" 0"#,
            r#"10"b" 0"#,
            r#"20"a" 0"#,
            r#"20"b" 0"#,
            r#"30"a" 0"#,
            r#"30"b" 0"#,
            r#"40"a" 1"#,
            r#"40"b" 1"#,
            r#"20"c" 0"#,
            r#"30"c" 0"#,
            r#"40"c" 0"#,
            r#"50"c" 0"#,
            r#"60"c" 1"#,
        ]
    );
    assert!(!r.ctx.diag.anything_lost());
}

/// `--on-overflow emit-early` takes the least recently updated group; of the groups one record
/// updated last (hopping), the one of the earliest window.
#[test]
fn max_groups_evicts_by_latest_update_then_earliest_window() {
    let mut r = Rig::new(
        "window hopping --size 10s --slide 5s --time-field ts --max-delay inf --by k --max-groups 3 --on-overflow emit-early --agg count",
    );
    // a's [0,10) and [5,15), then b's [5,15) and [0,10): the fourth group evicts one of a's,
    // both updated last by the first record, the one of the earlier window.
    r.push(r#"{"ts":7,"k":"a"}"#);
    r.push(r#"{"ts":8,"k":"b"}"#);
    assert_eq!(
        r.sink.take(),
        [r#"{"window_start":0,"window_end":10,"window_emit":"evicted","k":"a","count":1}"#]
    );
    // a's [5,15) is updated, a's [0,10) opens again: b's groups are now the oldest.
    r.push(r#"{"ts":6,"k":"a"}"#);
    assert_eq!(
        r.sink.take(),
        [r#"{"window_start":0,"window_end":10,"window_emit":"evicted","k":"b","count":1}"#]
    );
    r.finish();
    assert_eq!(
        r.sink.take(),
        [
            r#"{"window_start":0,"window_end":10,"window_emit":"on_time","k":"a","count":1}"#,
            r#"{"window_start":5,"window_end":15,"window_emit":"on_time","k":"a","count":2}"#,
            r#"{"window_start":5,"window_end":15,"window_emit":"on_time","k":"b","count":1}"#,
        ]
    );
}

/// Sessions are evicted by their latest update too, and a session that merged others is one
/// group updated by its latest record.
#[test]
fn max_groups_evicts_the_least_recently_updated_session() {
    let mut r = Rig::new(
        "window session --gap 10s --time-field ts --max-delay inf --by k --max-groups 2 --on-overflow emit-early --agg count",
    );
    r.push(r#"{"ts":1,"k":"a"}"#);
    r.push(r#"{"ts":2,"k":"b"}"#);
    r.push(r#"{"ts":5,"k":"a"}"#); // a's session is now the most recent
    r.push(r#"{"ts":3,"k":"c"}"#); // evicts b
    assert_eq!(
        r.sink.take(),
        [r#"{"window_start":2,"window_end":12,"window_emit":"evicted","k":"b","count":1}"#]
    );
    r.push(r#"{"ts":40,"k":"c"}"#); // a second session of c: evicts a
    assert_eq!(
        r.sink.take(),
        [r#"{"window_start":1,"window_end":15,"window_emit":"evicted","k":"a","count":2}"#]
    );
    r.finish();
    assert_eq!(r.sink.take().len(), 2);
    let stats = r.stage.stats().unwrap().to_json();
    assert!(stats.contains(r#""evicted":2"#), "{stats}");
}

/// A stage may hold millions of groups: each is kept small (docs/memory.md).
#[test]
fn groups_and_accumulators_stay_small() {
    use crate::ops::window::aggregates::Acc;
    use crate::ops::window::core::Group;
    assert_eq!(std::mem::size_of::<Acc>(), 16);
    assert_eq!(std::mem::size_of::<Group>(), 48);
    assert_eq!(std::mem::size_of::<(Box<str>, Box<Group>)>(), 24);
}

#[test]
fn a_snapshot_is_what_the_end_of_input_would_emit_and_changes_nothing() {
    let stages = [
        "window tumbling --size 10s --time-field ts --by h --agg count --agg sum:v",
        "window hopping --size 10s --slide 5s --time-field ts --by h --agg count",
        "window cumulate --size 20s --step 5s --time-field ts --agg max:v",
        "window session --gap 5s --time-field ts --by h --agg count",
        "window global --by h --agg count --agg mean:v",
        "count",
        "window count --size 3 --by h --agg sum:v",
    ];
    for args in stages {
        let mut r = Rig::new(args);
        let snapshot = |r: &Rig| -> Vec<String> {
            let events = r.stage.snapshot().expect("a running result");
            events.iter().map(|e| e.value().to_json()).collect()
        };
        if args == "count" {
            assert_eq!(snapshot(&r), [r#"{"count":0}"#], "{args}");
        }
        for (ts, h, v) in [
            (1, "a", 1),
            (3, "b", 2),
            (12, "a", 3),
            (14, "a", 4),
            (16, "b", 5),
        ] {
            r.push(&format!(r#"{{"ts":{ts},"h":"{h}","v":{v}}}"#));
        }
        r.sink.take();
        let running = snapshot(&r);
        assert!(!running.is_empty(), "{args}");
        assert_eq!(snapshot(&r), running, "{args}: a snapshot changes nothing");
        assert!(r.sink.take().is_empty(), "{args}: a snapshot emits nothing");
        r.finish();
        assert_eq!(r.sink.take(), running, "{args}");
    }
    // Where records are labelled, the open windows are `early` (their final record `on_time`).
    let mut r =
        Rig::new("window tumbling --size 10s --time-field ts --allowed-lateness 5s --agg count");
    r.push(r#"{"ts":1}"#);
    let running = r.stage.snapshot().expect("a running result");
    assert_eq!(
        running[0].value().to_json(),
        r#"{"window_start":0,"window_end":10,"window_emit":"early","count":1}"#
    );
}
