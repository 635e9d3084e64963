//! Property tests of the window stage (windows.md, acceptance): order independence under
//! `--max-delay inf`, map/reduce through partial states equals a single pass byte for byte,
//! the accounting identity, and the sorted final-mode output. The stage is driven through the
//! library (no process per case) with a collecting sink.

use std::sync::Arc;

use eddy::clock::{ManualClock, SharedClock};
use eddy::diag::{Diagnostics, OnError};
use eddy::error::Location;
use eddy::event::Event;
use eddy::json;
use eddy::ops::{BuildContext, Context, Out, Stage, StageCounters};
use eddy::output::collect::Collect;
use eddy::value::Value;
use proptest::prelude::*;

/// Builds the single stage of `eddy ARGS` and a run context whose manual clock reads `now`.
fn stage_and_context(args: &str, now: i64) -> (Box<dyn Stage>, Context) {
    let clock: SharedClock = ManualClock::new(now);
    let argv = std::iter::once("eddy").chain(args.split_whitespace());
    let inv = eddy::cli::parse(argv).expect("arguments parse");
    let command = inv.stages.into_iter().next().expect("one stage");
    let stage = command
        .build(&BuildContext {
            index: 1,
            clock: clock.clone(),
            inputs: Vec::new().into(),
            chain: eddy::cli::parse_chain,
        })
        .expect("stage builds");
    let ctx = Context::new(
        Diagnostics::new(OnError::Skip, None).expect("diagnostics"),
        clock,
        1,
    );
    (stage, ctx)
}

/// Runs `eddy ARGS` over `lines`; returns the output lines and the stage's stats.
fn run(args: &str, lines: &[String]) -> (Vec<String>, Value) {
    let (mut stage, mut ctx) = stage_and_context(args, 0);
    let sink = Collect::default();
    let mut counters = vec![StageCounters::default()];
    for line in lines {
        let v = json::parse(line.as_bytes()).expect("json");
        let e = Event::from_input(v, line.as_bytes(), true, Location::default(), 1);
        let mut s = sink.clone();
        let mut out = Out::new(&mut counters, &mut [], &mut s, &mut ctx);
        stage.process(e, &mut out).expect("process");
    }
    let mut s = sink.clone();
    let mut out = Out::new(&mut counters, &mut [], &mut s, &mut ctx);
    stage.finish(&mut out).expect("finish");
    (sink.take(), stage.stats().unwrap_or(Value::Null))
}

fn event_strategy(unique_times: bool) -> impl Strategy<Value = Vec<String>> {
    let one = (
        0i64..120,
        prop_oneof![
            Just("\"a\""),
            Just("\"b\""),
            Just("1"),
            Just("1.0"),
            Just("null")
        ],
        prop_oneof![
            (-1000i64..1000).prop_map(|i| i.to_string()),
            (-1000i64..1000).prop_map(|i| format!("{}", i as f64 / 8.0 + 0.1)),
            Just("null".to_owned()),
        ],
    );
    prop::collection::vec(one, 0..40).prop_map(move |evs| {
        evs.into_iter()
            .enumerate()
            .map(|(i, (t, k, v))| {
                // Unique times make first/last/collect independent of arrival ties.
                let ts = if unique_times {
                    format!("{}.{:03}", t, i)
                } else {
                    t.to_string()
                };
                format!(r#"{{"ts":{ts},"k":{k},"v":{v}}}"#)
            })
            .collect()
    })
}

const KINDS: [&str; 5] = [
    "window tumbling --size 10s",
    "window hopping --size 10s --slide 5s",
    "window cumulate --size 20s --step 5s",
    "window session --gap 7s",
    "window global",
];

const ORDER_FREE_AGGS: &str = "--agg count --agg count:v --agg sum:v --agg min:v --agg max:v \
    --agg mean:v --agg var:v --agg stddev:v --agg median:v --agg p90:v --agg distinct:v \
    --agg approx_distinct:v --agg approx_p90:v --agg rate";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// (a) With `--max-delay inf` the output does not depend on the input order.
    #[test]
    fn max_delay_inf_is_order_independent(
        lines in event_strategy(false).prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
        kind in 0..KINDS.len(),
    ) {
        let args = format!("{} --time-field ts --by k --max-delay inf {ORDER_FREE_AGGS}", KINDS[kind]);
        let (a, _) = run(&args, &lines.0);
        let (b, _) = run(&args, &lines.1);
        prop_assert_eq!(a, b);
    }

    /// (b) Any split, partial states per part, then `window merge` equals the single pass.
    #[test]
    fn partial_merge_equals_single_pass(
        lines in event_strategy(true),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..3),
        kind in 0..KINDS.len(),
        reverse in any::<bool>(),
    ) {
        let base = format!(
            "{} --time-field ts --by k --max-delay inf {ORDER_FREE_AGGS} --agg first:v --agg last:v --agg collect:v",
            KINDS[kind]
        );
        let (single, _) = run(&base, &lines);
        let mut points: Vec<usize> = cuts.iter().map(|c| c.index(lines.len() + 1)).collect();
        points.push(0);
        points.push(lines.len());
        points.sort_unstable();
        let mut partials = Vec::new();
        let mut parts: Vec<&[String]> = points.windows(2).map(|w| &lines[w[0]..w[1]]).collect();
        if reverse {
            parts.reverse();
        }
        for part in parts {
            let (p, _) = run(&format!("{base} --output partial"), part);
            partials.extend(p);
        }
        let (merged, _) = run("window merge", &partials);
        // Unkeyed global prints one record for empty input; a keyed one prints nothing.
        prop_assert_eq!(merged, single);
    }

    /// (b') With ties on the time, `first`, `last` and `collect` also match when the reducer
    /// reads the partitions in input order (ties break by partition, then arrival).
    #[test]
    fn in_order_merge_keeps_arrival_ties(
        lines in event_strategy(false),
        cut in any::<prop::sample::Index>(),
        kind in 0..KINDS.len(),
    ) {
        let base = format!(
            "{} --time-field ts --by k --max-delay inf --agg first:v --agg last:v --agg collect:v --agg sum:v",
            KINDS[kind]
        );
        let (single, _) = run(&base, &lines);
        let at = cut.index(lines.len() + 1);
        let (mut partials, _) = run(&format!("{base} --output partial"), &lines[..at]);
        partials.extend(run(&format!("{base} --output partial"), &lines[at..]).0);
        let (merged, _) = run("window merge", &partials);
        prop_assert_eq!(merged, single);
    }

    /// (c) Counts in emitted windows plus late drops equal the events read; (d) final-mode
    /// output is sorted by (window_end, window_start, key).
    #[test]
    fn accounting_and_order(lines in event_strategy(false), delay in 0i64..8, session in any::<bool>()) {
        let kind = if session { "session --gap 4s" } else { "tumbling --size 10s" };
        let args = format!("window {kind} --time-field ts --by k --max-delay {delay}s --agg count");
        let (out, stats) = run(&args, &lines);
        let mut total = 0i64;
        let mut prev: Option<(i64, i64, Value)> = None;
        for line in &out {
            let v = json::parse(line.as_bytes()).unwrap();
            let m = v.as_object().unwrap();
            let n = |f: &str| match m.get(f) { Some(Value::Int(i)) => *i, _ => panic!("{f}") };
            total += n("count");
            let cur = (n("window_end"), n("window_start"), m.get("k").cloned().unwrap_or(Value::Null));
            if let Some(p) = &prev {
                let ord = (p.0, p.1).cmp(&(cur.0, cur.1))
                    .then_with(|| eddy::value::compare(&p.2, &cur.2));
                prop_assert!(ord == std::cmp::Ordering::Less, "{:?} !< {:?}", p, cur);
            }
            prev = Some(cur);
        }
        let dropped = match stats.as_object().and_then(|m| m.get("late_dropped")) {
            Some(Value::Int(i)) => *i,
            _ => panic!("stats"),
        };
        prop_assert_eq!(total + dropped, lines.len() as i64);
    }
}

/// Streams that move forward with records arriving behind the latest time, some far behind:
/// what merges sessions late, extends open ones backwards and touches purged ones.
fn session_stream() -> impl Strategy<Value = Vec<String>> {
    let one = (
        0i64..6,
        prop_oneof![3 => Just(0i64), 2 => 0i64..12, 1 => 0i64..40],
        prop_oneof![Just("\"a\""), Just("\"b\""), Just("1"), Just("1.0")],
    );
    prop::collection::vec(one, 0..40).prop_map(|evs| {
        let mut now = 0;
        evs.into_iter()
            .map(|(step, behind, k)| {
                now += step;
                format!(r#"{{"ts":{},"k":{k}}}"#, now - behind)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// C2, finalised sessions are final: whatever the order, gap, `--max-delay` and
    /// `--allowed-lateness`, the sessions of one key that stand at the end (the last record of
    /// each, retractions applied) neither overlap nor touch, each is `[first, last + gap)` of
    /// its records, and their counts plus the late records are the records read.
    #[test]
    fn sessions_of_a_key_are_disjoint(
        lines in session_stream(),
        gap in 1i64..15,
        delay in 0i64..10,
        lateness in prop_oneof![Just(0i64), 1i64..8],
        updates in any::<bool>(),
    ) {
        let emit = if updates { "--emit updates" } else { "" };
        let args = format!(
            "window session --gap {gap}s --time-field ts --by k --max-delay {delay}s \
             --allowed-lateness {lateness}s {emit} --agg count --agg min:ts --agg max:ts"
        );
        let (out, stats) = run(&args, &lines);
        // (key, start, end) -> (count, min ts, max ts), as the records leave it.
        let mut standing = std::collections::BTreeMap::new();
        for line in &out {
            let v = json::parse(line.as_bytes()).unwrap();
            let m = v.as_object().unwrap();
            let int = |f: &str| match m.get(f) { Some(Value::Int(i)) => *i, x => panic!("{f}: {x:?}") };
            // `1` and `1.0` are one key.
            let key = eddy::value::canonical_json(m.get("k").unwrap_or(&Value::Null));
            let id = (key, int("window_start"), int("window_end"));
            if m.get("window_emit").and_then(Value::as_str) == Some("retract") {
                prop_assert!(standing.remove(&id).is_some(), "retracted {id:?} was not standing");
            } else {
                standing.insert(id, (int("count"), int("min_ts"), int("max_ts")));
            }
        }
        let mut total = 0;
        let mut prev: Option<&(String, i64, i64)> = None;
        for (id, (n, lo, hi)) in &standing {
            total += n;
            prop_assert_eq!((id.1, id.2), (*lo, *hi + gap), "{:?} is not [first, last + gap)", id);
            if let Some(p) = prev && p.0 == id.0 {
                prop_assert!(p.2 < id.1, "sessions {:?} and {:?} of one key overlap or touch", p, id);
            }
            prev = Some(id);
        }
        let dropped = match stats.as_object().and_then(|m| m.get("late_dropped")) {
            Some(Value::Int(i)) => *i,
            _ => panic!("stats"),
        };
        prop_assert_eq!(total + dropped, lines.len() as i64);
    }
}

/// The two reported cases of overlapping sessions (windows.md C2): `a@9` touches the emitted
/// `[0,10)`, so it is late, whether `a`'s open session started before the purged end's
/// horizon (`a@18`), after it (`a@15` once `W − L > e + gap`), or far after it and was
/// extended backwards by out-of-order records.
#[test]
fn a_record_touching_a_finalised_session_is_late() {
    let lines = |ts: &[(i64, &str)]| -> Vec<String> {
        ts.iter()
            .map(|(t, k)| format!(r#"{{"ts":{t},"k":"{k}"}}"#))
            .collect()
    };
    let args = "window session --gap 10s --time-field ts --by k --agg count";
    let (out, stats) = run(
        args,
        &lines(&[(0, "a"), (11, "b"), (18, "a"), (21, "c"), (9, "a")]),
    );
    assert_eq!(
        out,
        [
            r#"{"window_start":0,"window_end":10,"k":"a","count":1}"#,
            r#"{"window_start":11,"window_end":21,"k":"b","count":1}"#,
            r#"{"window_start":18,"window_end":28,"k":"a","count":1}"#,
            r#"{"window_start":21,"window_end":31,"k":"c","count":1}"#,
        ]
    );
    assert!(matches!(
        stats.as_object().unwrap().get("late_dropped"),
        Some(Value::Int(1))
    ));
    let (out, _) = run(
        args,
        &lines(&[(0, "a"), (11, "b"), (21, "c"), (15, "a"), (9, "a")]),
    );
    assert!(out.contains(&r#"{"window_start":15,"window_end":25,"k":"a","count":1}"#.to_owned()));
    let mut walk_back = vec![(0, "a"), (100, "b")];
    walk_back.extend((0..11).map(|i| (95 - 9 * i, "a")));
    let (out, _) = run(args, &lines(&walk_back));
    assert_eq!(
        out,
        [
            r#"{"window_start":0,"window_end":10,"k":"a","count":1}"#,
            r#"{"window_start":14,"window_end":105,"k":"a","count":10}"#,
            r#"{"window_start":100,"window_end":110,"k":"b","count":1}"#,
        ]
    );
}

/// The shared clock type is used, so tests can move time; keep the import honest.
#[test]
fn manual_clock_is_shared() {
    let c = ManualClock::new(5);
    let s: SharedClock = c.clone();
    c.advance(1);
    assert_eq!(s.now(), 6);
    let _ = Arc::strong_count(&c);
}

/// Runs a stage over `lines`, ignoring errors (the point is: no panic on any input).
fn run_lenient(args: &str, lines: &[String]) {
    let (mut stage, mut ctx) = stage_and_context(args, 1_700_000_000_000_000_000);
    let sink = Collect::default();
    let mut counters = vec![StageCounters::default()];
    for line in lines {
        let Ok(v) = json::parse(line.as_bytes()) else {
            continue;
        };
        let e = Event::from_input(v, line.as_bytes(), true, Location::default(), 1);
        let mut s = sink.clone();
        let mut out = Out::new(&mut counters, &mut [], &mut s, &mut ctx);
        let _ = stage.process(e, &mut out);
        let mut out = Out::new(&mut counters, &mut [], &mut s, &mut ctx);
        let _ = stage.tick(1_800_000_000_000_000_000, &mut out);
    }
    let mut s = sink.clone();
    let mut out = Out::new(&mut counters, &mut [], &mut s, &mut ctx);
    let _ = stage.finish(&mut out);
    let _ = (stage.stats(), stage.summary());
}

fn odd_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_owned()),
        Just("-9223372036854775808".to_owned()),
        Just("9223372036854775807".to_owned()),
        Just("-9223372036.9".to_owned()),
        Just("1e300".to_owned()),
        Just("\"2262-04-11T23:47:16Z\"".to_owned()),
        Just("\"1677-09-21T00:12:44Z\"".to_owned()),
        Just("\"2024-03-31T02:30:00\"".to_owned()),
        Just("\"garbage\"".to_owned()),
        Just("[1,2]".to_owned()),
        Just("{\"a\":1}".to_owned()),
        (-100i64..100).prop_map(|i| i.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:?}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// No input makes any kind panic (bad times, extreme instants, odd values and keys).
    #[test]
    fn no_panic_on_odd_input(
        rows in prop::collection::vec((odd_value(), odd_value(), odd_value()), 0..12),
        kind in 0..10usize,
    ) {
        let lines: Vec<String> = rows
            .into_iter()
            .map(|(t, k, v)| format!(r#"{{"ts":{t},"k":{k},"v":{v}}}"#))
            .collect();
        let kinds = [
            "window tumbling --size 1d --tz Europe/Berlin --time-field ts",
            "window hopping --size 1h --slide 20m --time-field ts --allowed-lateness 1h",
            "window cumulate --size 1d --step 6h --time-field ts --emit updates",
            "window session --gap 1h --time-field ts --allowed-lateness 1h --emit updates",
            "window tumbling --size 1s --fill-empty --time-field ts --idle-timeout 1s",
            "window global --time-field ts",
            "window count --size 2 --slide 1",
            "window rolling --rows 3",
            "window rolling --range 1h --time-field ts",
            "window tumbling --size 1mo --tz UTC --time-field ts --max-groups 2 --on-overflow emit-early",
        ];
        let aggs = "--by k --agg count --agg sum:v --agg mean:v --agg var:v --agg min:v --agg first:v \
            --agg p50:v --agg approx_p50:v --agg distinct:v --agg approx_distinct:v --agg collect:v:2 --agg rate";
        run_lenient(&format!("{} {aggs}", kinds[kind]), &lines);
    }
}
