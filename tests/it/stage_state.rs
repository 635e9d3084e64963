//! State between runs (`--state`): a chain that saves what its stages hold at the end of a run
//! ([`Stage::save_state`], as JSON text) and takes it back in the next run writes, over the runs
//! of consecutive parts of an input, byte for byte what one run over the whole input writes.
//! Driven through the library: each run builds the chain afresh from the same arguments, takes
//! back the last run's states, is fed its part, and saves its states; only the last run
//! finishes. The output is the NDJSON writer's, into memory, so held events are written from
//! their original bytes as they would be. Also: a damaged, truncated, foreign or other version's
//! state is an error naming the stage, and no damage makes a stage panic.

use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use eddy::clock::{ManualClock, SharedClock};
use eddy::diag::{Diagnostics, OnError};
use eddy::error::Location;
use eddy::event::{Event, LineEnd};
use eddy::json;
use eddy::ops::{BuildContext, Context, Flow, Out, Stage, StageCounters, state};
use eddy::output::ndjson::NdjsonWriter;
use eddy::output::{OutputStream, Sink};
use eddy::value::{Map, Value};
use proptest::prelude::*;

const S: i64 = 1_000_000_000;
/// The wall clock of every run, and the first arrival time.
const T0: i64 = 1_700_000_000 * S;

/// What the runs write, shared by the runs of one input.
#[derive(Clone, Default)]
struct Written(Arc<Mutex<Vec<u8>>>);

impl Write for Written {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Written {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }
}

/// One run of a chain: its stages, their counters, the sink, the run's context.
struct Run {
    names: Vec<&'static str>,
    stages: Vec<Box<dyn Stage>>,
    counters: Vec<StageCounters>,
    sink: Box<dyn Sink>,
    ctx: Context,
}

impl Run {
    /// Builds the chain `argv` (stages separated by `then`), writing into `written`.
    fn new(argv: &[String], written: &Written) -> Run {
        let clock: SharedClock = ManualClock::new(T0);
        let inv = eddy::cli::parse(std::iter::once("eddy".to_owned()).chain(argv.iter().cloned()))
            .unwrap_or_else(|e| panic!("{argv:?} parses: {e}"));
        let mut names = Vec::new();
        let mut stages = Vec::new();
        for (i, command) in inv.stages.into_iter().enumerate() {
            names.push(command.name());
            let ctx = BuildContext {
                index: i + 1,
                clock: clock.clone(),
                inputs: Vec::new().into(),
                chain: eddy::cli::parse_chain,
            };
            let mut stage = command
                .build(&ctx)
                .unwrap_or_else(|e| panic!("{argv:?} builds: {e}"));
            stage.open(false).expect("opens");
            stages.push(stage);
        }
        Run {
            names,
            counters: vec![StageCounters::default(); stages.len() + 1],
            stages,
            sink: Box::new(NdjsonWriter::new(OutputStream::new(
                Box::new(written.clone()),
                false,
            ))),
            ctx: Context::new(
                Diagnostics::new(OnError::Skip, None).expect("diagnostics"),
                clock,
                1,
            ),
        }
    }

    /// Whether the run reads input (not when a satisfied `head` wants none).
    fn wants_input(&self) -> bool {
        self.stages.iter().all(|s| s.wants_input())
    }

    /// Pushes `events` into the chain until one stops it; false when one did.
    fn feed(&mut self, events: &[Event]) -> bool {
        for event in events {
            let mut out = Out::new(
                &mut self.counters,
                &mut self.stages,
                &mut *self.sink,
                &mut self.ctx,
            );
            if out.emit(event.clone()).expect("process") == Flow::Stop {
                return false;
            }
        }
        true
    }

    /// End of input: every stage finishes in order, then the output is flushed.
    fn finish(mut self) {
        for i in 0..self.stages.len() {
            let (stage, rest) = self.stages[i..].split_first_mut().expect("stage");
            let mut out = Out::new(
                &mut self.counters[i + 1..],
                rest,
                &mut *self.sink,
                &mut self.ctx,
            );
            stage.finish(&mut out).expect("finish");
        }
        self.sink.finish().expect("flush");
    }

    /// The end of a checkpoint run: what each stage holds, as JSON text.
    fn save(mut self) -> Vec<Option<String>> {
        self.sink.flush().expect("flush");
        (self.stages.iter())
            .map(|s| state::save(s.as_ref()).expect("saves"))
            .collect()
    }

    /// Takes back the states of the last run, before any event.
    fn restore(&mut self, states: &[Option<String>]) -> eddy::error::Result<()> {
        for (i, (stage, saved)) in self.stages.iter_mut().zip(states).enumerate() {
            if let Some(text) = saved {
                state::restore(stage.as_mut(), i + 1, self.names[i], text.as_bytes())?;
            }
        }
        Ok(())
    }
}

/// One run over all of `events`.
fn whole(argv: &[String], events: &[Event]) -> String {
    let written = Written::default();
    let mut run = Run::new(argv, &written);
    run.feed(events);
    run.finish();
    written.text()
}

/// Runs over the parts of `events` cut at `cuts`, each resuming from the last one's state.
fn resumed(argv: &[String], events: &[Event], cuts: &[usize]) -> String {
    let written = Written::default();
    let mut states: Option<Vec<Option<String>>> = None;
    let mut from = 0;
    for (i, &to) in cuts.iter().chain([&events.len()]).enumerate() {
        let mut run = Run::new(argv, &written);
        if let Some(states) = &states {
            run.restore(states).expect("restores");
        }
        if run.wants_input() {
            run.feed(&events[from..to]);
        }
        from = to;
        if i == cuts.len() {
            run.finish();
        } else {
            states = Some(run.save());
        }
    }
    written.text()
}

/// The events of NDJSON `lines` as the reader makes them: an object line is a lazy, pristine
/// event; another value is wrapped (`{"value":…}`); a malformed line is dropped by the reader.
/// Arrival times are 0.7 s apart, for processing time and `dedupe --within` without a field.
fn events_of(lines: &[(String, bool)]) -> Vec<Event> {
    let mut events = Vec::new();
    for (i, (line, crlf)) in lines.iter().enumerate() {
        let location = Location {
            source: "in.ndjson".into(),
            line: i as u64 + 1,
        };
        let arrival = T0 + i as i64 * 700_000_000;
        let event = match json::parse(line.as_bytes()) {
            Ok(Value::Object(_)) => Event::lazy(line.as_bytes(), location, arrival),
            Ok(other) => {
                let mut m = Map::default();
                m.insert("value".into(), other);
                Event::from_input(Value::Object(m), line.as_bytes(), false, location, arrival)
            }
            Err(_) => continue,
        };
        let ending = if *crlf { LineEnd::CrLf } else { LineEnd::Lf };
        events.push(event.with_ending(ending));
    }
    events
}

/// Words of a stage, with one argument that may hold spaces.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

/// Input lines: `{"ts":…,"k":…,"v":…}` mostly in time order, some behind (out of order, late),
/// some with bad or no timestamps, odd keys and values, spaced-out JSON, non-objects, CRLF.
/// `ts_form`: 0 epoch seconds, 1 fractional seconds, 2 RFC 3339 strings.
fn lines() -> impl Strategy<Value = Vec<(String, bool)>> {
    let one = (
        prop_oneof![8 => 0i64..4, 2 => -25i64..0],
        prop_oneof![
            Just("\"a\""),
            Just("\"b\""),
            Just("\"c\""),
            Just("1"),
            Just("1.0"),
            Just("null")
        ],
        prop_oneof![
            6 => (-50i64..50).prop_map(|i| i.to_string()),
            3 => (-400i64..400).prop_map(|i| format!("{}", i as f64 / 8.0 + 0.1)),
            1 => Just("null".to_owned()),
            1 => Just("\"x\"".to_owned()),
            1 => Just("1e400".to_owned()),
            1 => Just("-0.0".to_owned()),
            1 => Just("9007199254740993".to_owned()),
        ],
        prop_oneof![
            20 => Just(0u8), // plain
            2 => Just(1),    // spaced out
            1 => Just(2),    // bad timestamp
            1 => Just(3),    // no timestamp
            1 => Just(4),    // not an object
            1 => Just(5),    // malformed
        ],
        any::<bool>(),
    );
    (0u8..3, prop::collection::vec(one, 0..50)).prop_map(|(ts_form, evs)| {
        evs.into_iter()
            .enumerate()
            .map(|(i, (d, k, v, shape, crlf))| {
                let t = 1000 + 2 * i as i64 + d;
                let ts = match ts_form {
                    0 => t.to_string(),
                    1 => format!("{t}.{}", i % 4 * 25),
                    _ => format!("\"{}\"", eddy::value::format_rfc3339(t * S)),
                };
                let line = match shape {
                    0 => format!(r#"{{"ts":{ts},"k":{k},"v":{v}}}"#),
                    1 => format!(r#"{{ "v" : {v} , "ts" : {ts}, "k":{k} }}"#),
                    2 => format!(r#"{{"ts":"soon","k":{k},"v":{v}}}"#),
                    3 => format!(r#"{{"k":{k},"v":{v}}}"#),
                    4 => format!("[{v},{k}]"),
                    _ => format!(r#"{{"ts":{ts},"k":{k}"#),
                };
                (line, crlf && i % 3 == 0)
            })
            .collect()
    })
}

/// The aggregates of a window (`w` is made by a `map` before it, when there is one: a time, a
/// duration, an infinity).
const AGGS: [&str; 5] = [
    "--agg count",
    "--agg count --agg sum:v --agg min:v --agg max:v --agg mean:v --agg var:v",
    "--agg first:v --agg last:v --agg collect:v:3 --agg distinct:v --agg approx_distinct:v",
    "--agg p50:v --agg approx_p90:v --agg stddev:v --agg count:v --agg rate",
    "--agg first:w --agg last:w --agg max:w --agg collect:w --agg distinct:w --agg sum:w",
];

/// The keys of a window.
const BY: [&str; 3] = ["", "--by k", "--by w,k"];

/// A window stage: a kind and a mix of the options it takes.
fn window() -> impl Strategy<Value = Vec<String>> {
    // (kind, time windows: may fire, fill, late; takes --max-delay)
    let kinds: [(&str, bool, bool, bool); 16] = [
        (
            "window tumbling --size 10s --time-field ts",
            true,
            true,
            true,
        ),
        (
            "window tumbling --size 1d --tz Europe/Berlin --time-field ts",
            true,
            true,
            true,
        ),
        (
            "window hopping --size 10s --slide 5s --time-field ts",
            true,
            true,
            true,
        ),
        (
            "window hopping --size 4s --slide 10s --time-field ts",
            true,
            true,
            true,
        ),
        (
            "window cumulate --size 20s --step 5s --time-field ts",
            true,
            false,
            true,
        ),
        ("window session --gap 7s --time-field ts", true, false, true),
        ("window global", true, false, false),
        ("window global --time-field ts", true, false, true),
        (
            "window tumbling --size 5s --time processing",
            true,
            false,
            false,
        ),
        ("window count --size 3", false, false, false),
        ("window count --size 3 --slide 2", false, false, false),
        ("window count --size 2 --drop-partial", false, false, false),
        ("window rolling --rows 3", false, false, false),
        ("window rolling --rows 4 --min-rows 2", false, false, false),
        (
            "window rolling --range 10s --time-field ts",
            false,
            false,
            true,
        ),
        ("count", false, false, false),
    ];
    (
        0..kinds.len(),
        0..BY.len(),
        (0..3usize, any::<bool>()),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0..3usize,
        0..AGGS.len(),
    )
        .prop_map(
            move |(kind, by, (delay, late), updates, fill, groups, partial, aggs)| {
                let (text, time, fill_ok, delays) = kinds[kind];
                let mut w = words(text);
                w.extend(words(BY[by]));
                if text == "count" {
                    return w;
                }
                w.extend(words(AGGS[aggs]));
                if delays {
                    w.extend(words(
                        ["--max-delay 0s", "--max-delay 3s", "--max-delay inf"][delay],
                    ));
                }
                if !time {
                    return w;
                }
                let late = late && delay != 2;
                if late {
                    w.extend(words("--allowed-lateness 5s"));
                }
                if updates {
                    w.extend(words("--emit updates"));
                }
                let filled = fill && fill_ok;
                if filled {
                    w.extend(words("--fill-empty --max-fill 40"));
                }
                if groups {
                    w.extend(words("--max-groups 3 --on-overflow emit-early"));
                }
                // `--output partial` refuses `--fill-empty` (a mapper fills only its own gaps).
                if partial > 0 && !(late || updates || filled) {
                    w.extend(words("--output partial"));
                    if partial == 2 {
                        w.extend(words("--partial-format tsv"));
                    }
                }
                w
            },
        )
}

/// Partial records and their reducer, `window merge` (streaming with `--sorted` after a mapper
/// whose output is in key order: `--max-delay inf`).
fn map_reduce() -> impl Strategy<Value = Vec<String>> {
    (0..4usize, 0..BY.len(), 0..AGGS.len()).prop_map(|(kind, by, aggs)| {
        let (kind, merge) = [
            ("tumbling --size 10s --time-field ts", "window merge"),
            ("session --gap 7s --time-field ts", "window merge"),
            ("global", "window merge"),
            (
                "tumbling --size 10s --time-field ts --max-delay inf --partial-format tsv",
                "window merge --partial-format tsv --sorted",
            ),
        ][kind];
        words(&format!(
            "window {kind} {} {} --output partial then {merge}",
            BY[by], AGGS[aggs]
        ))
    })
}

/// Any stage that holds something between runs, or changes what the next one sees (`route`
/// with branch chains that hold something too).
fn stage() -> impl Strategy<Value = Vec<String>> {
    let map = |program: &str| vec!["map".to_owned(), program.to_owned()];
    prop_oneof![
        6 => window(),
        1 => map_reduce(),
        1 => Just(words("dedupe --by k --last 2")),
        1 => Just(words("dedupe --by k,v --within 5s --time-field ts")),
        1 => Just(words("dedupe --by k --within 3s")),
        1 => Just(words("dedupe")),
        1 => Just(words("tail 3")),
        1 => Just(words("sort --by v,ts")),
        1 => Just(words("sort --by k --reverse --limit 3")),
        1 => Just(words("head 5")),
        1 => Just(words("sample --rate 0.5 --seed 7")),
        1 => Just(map("w = 1")),
        1 => Just(map("w = now()")),
        1 => Just(map("w = 5m")),
        1 => Just(map("w = v * 1e308")),
        1 => Just(words("sort --by w,ts")),
        1 => Just(vec!["filter".to_owned(), "v != null".to_owned()]),
        1 => Just(["route", "--when", "k == \"a\"", "| tail 3", "--else", "| sort --by k --reverse --limit 3"].map(str::to_owned).to_vec()),
        1 => Just(["route", "--when", "v != null", "| dedupe --by k --last 2 then head 5", "--else", "-"].map(str::to_owned).to_vec()),
    ]
}

/// A chain of one to three stages.
fn chain() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(stage(), 1..=3).prop_map(|stages| {
        let mut argv = Vec::new();
        for (i, stage) in stages.into_iter().enumerate() {
            if i > 0 {
                argv.push("then".to_owned());
            }
            argv.extend(stage);
        }
        argv
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Runs resumed from each other's states write what one run writes, byte for byte.
    #[test]
    fn resumed_runs_write_what_one_run_writes(
        lines in lines(),
        argv in chain(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 1..=3),
    ) {
        let events = events_of(&lines);
        let mut cuts: Vec<usize> = cuts.iter().map(|c| c.index(events.len() + 1)).collect();
        cuts.sort_unstable();
        let one = whole(&argv, &events);
        let many = resumed(&argv, &events, &cuts);
        prop_assert_eq!(many, one, "{:?} cut at {:?}", argv, cuts);
    }
}

/// A few lines every stateful stage below holds something of.
fn sample_events() -> Vec<Event> {
    let lines: Vec<(String, bool)> = [
        r#"{"ts":1000,"k":"a","v":1}"#,
        r#"{"ts":1003,"k":"b","v":2.5}"#,
        r#"{ "ts" : 1004, "k":"a", "v":1e400 }"#,
        r#"{"ts":1001,"k":"c","v":-0.0}"#,
        r#"{"ts":1012,"k":"a","v":"x"}"#,
        r#"{"ts":1013,"k":null,"v":7}"#,
    ]
    .iter()
    .map(|l| (l.to_string(), true))
    .collect();
    events_of(&lines)
}

/// The chains whose stages keep state, and the stage of each that is tested.
const STATEFUL: [(&str, usize); 17] = [
    ("tail 3", 1),
    ("head 5", 1),
    ("sample --rate 0.5 --seed 1", 1),
    ("sort --by v", 1),
    ("sort --by v --reverse --limit 2", 1),
    ("dedupe --by k --last 2", 1),
    ("dedupe --by k --within 5s --time-field ts", 1),
    (
        "window tumbling --size 10s --time-field ts --max-delay 3s --by k --agg count --agg sum:v --agg first:v --agg p50:v --agg approx_distinct:v --agg approx_p50:v --agg var:v --agg collect:v",
        1,
    ),
    (
        "window hopping --size 10s --slide 5s --time-field ts --fill-empty --by k --max-groups 4 --on-overflow emit-early",
        1,
    ),
    (
        "window session --gap 2s --time-field ts --allowed-lateness 5s --by k --agg max:v --agg distinct:v",
        1,
    ),
    ("window count --size 3 --by k --agg sum:v", 1),
    ("window count --size 3 --slide 2 --agg min:v", 1),
    ("window rolling --rows 3 --agg mean:v", 1),
    (
        "window rolling --range 10s --time-field ts --max-delay 5s --agg last:v",
        1,
    ),
    (
        "window tumbling --size 10s --time-field ts --max-delay inf --by k --output partial then window merge",
        2,
    ),
    ("count --by k", 1),
    (
        "window global --by k --agg count --agg max:v --emit updates",
        1,
    ),
];

/// What the stages of `argv` hold after `events`, as JSON text.
fn saved(argv: &[String], events: &[Event]) -> Vec<Option<String>> {
    let mut run = Run::new(argv, &Written::default());
    run.feed(events);
    run.save()
}

/// Restores `text` into stage `index` (1-based) of a fresh `argv`: the error's message.
fn restore_error(argv: &[String], index: usize, text: &str) -> Option<String> {
    let mut run = Run::new(argv, &Written::default());
    let name = run.names[index - 1];
    let stage = run.stages[index - 1].as_mut();
    state::restore(stage, index, name, text.as_bytes())
        .err()
        .map(|e| e.to_string())
}

#[test]
fn every_stateful_stage_keeps_state_and_refuses_what_it_cannot_take() {
    let events = sample_events();
    let chains: Vec<(Vec<String>, usize, String)> = STATEFUL
        .iter()
        .map(|(chain, index)| {
            let argv = words(chain);
            let text = saved(&argv, &events)[index - 1]
                .clone()
                .unwrap_or_else(|| panic!("{chain} keeps state"));
            (argv, *index, text)
        })
        .collect();
    for (n, (argv, index, text)) in chains.iter().enumerate() {
        let name = Run::new(argv, &Written::default()).names[index - 1];
        let subject = format!("eddy: state of stage {index} ({name})");
        assert_eq!(restore_error(argv, *index, text), None, "{argv:?}");
        let truncated = &text[..text.len() / 2];
        let e = restore_error(argv, *index, truncated).expect("truncated");
        assert!(e.starts_with(&format!("{subject} is damaged: ")), "{e}");
        let newer = text.replacen("\"v\":1,", "\"v\":2,", 1);
        let e = restore_error(argv, *index, &newer).expect("newer");
        assert_eq!(
            e,
            format!(
                "{subject} was saved by another version of eddy (state version 2; this eddy reads version 1)"
            )
        );
        // Another stage's state: the kinds are all different but for the two sorts, whose
        // options differ.
        let (_, _, other) = &chains[(n + 1) % chains.len()];
        let e = restore_error(argv, *index, other).expect("foreign");
        assert!(
            e.starts_with(&format!("{subject} was saved by another stage"))
                || e.starts_with(&format!("{subject} was saved with other options")),
            "{e}"
        );
        let e = restore_error(argv, *index, "{\"v\":1,\"kind\":3}").expect("kind");
        assert_eq!(e, format!("{subject} is damaged: `kind`: not a string"));
    }
    // Other options than those the state was saved with.
    for (chain, other) in [
        ("tail 3", "tail 4"),
        ("head 5", "head 6"),
        (
            "window count --size 3 --by k --agg sum:v",
            "window count --size 3 --by k --agg sum:w",
        ),
        (
            "window tumbling --size 10s --time-field ts --by k",
            "window tumbling --size 10s --time-field ts",
        ),
    ] {
        let text = saved(&words(chain), &events)[0].clone().expect("state");
        let e = restore_error(&words(other), 1, &text).expect("other options");
        assert!(e.contains("was saved with other options ("), "{e}");
    }
    // A stage that keeps nothing.
    let text = &chains[0].2;
    let e = restore_error(&words("filter 'true'"), 1, text).expect("stateless");
    assert_eq!(
        e,
        "eddy: state of stage 1 (filter) cannot be taken: the stage keeps nothing between runs"
    );
    assert_eq!(saved(&words("filter true"), &events), [None]);
}

#[test]
fn damaged_parts_are_named() {
    let events = sample_events();
    let argv = words(STATEFUL[7].0);
    let text = saved(&argv, &events)[0].clone().expect("state");
    let cases = [
        ("\"seq\":", "\"seq\":-", "`seq`: negative"),
        (
            "\"start\":",
            "\"start\":\"x\",\"_\":",
            "`windows[0].start`: not an integer",
        ),
        (
            "\"spec\":\"count\",\"n\":",
            "\"spec\":\"count\",\"n\":-",
            "`windows[0].groups[0].accs[0]`: partial state of `count`: bad `n`",
        ),
        (
            "\"hll14_sparse\":\"",
            "\"hll14_sparse\":\"/",
            "bad HyperLogLog registers",
        ),
    ];
    for (from, to, message) in cases {
        assert!(text.contains(from), "{from}");
        let e = restore_error(&argv, 1, &text.replacen(from, to, 1)).expect(from);
        assert!(
            e.starts_with("eddy: state of stage 1 (window) is damaged: "),
            "{e}"
        );
        assert!(e.contains(message), "{e}");
    }
    let tail = words("tail 3");
    let text = saved(&tail, &events)[0].clone().expect("state");
    let e = restore_error(&tail, 1, &text.replacen("\"orig\":\"{", "\"orig\":\"[", 1));
    assert_eq!(
        e.as_deref(),
        Some(
            "eddy: state of stage 1 (tail) is damaged: `held[0]`: the text of the event is not a JSON object"
        )
    );
}

/// Every node of a JSON value, in depth-first order, as a path of member or element indexes.
fn nodes(v: &Value, at: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    out.push(at.clone());
    let children: Vec<&Value> = match v {
        Value::Array(items) => items.iter().collect(),
        Value::Object(m) => m.values().collect(),
        _ => Vec::new(),
    };
    for (i, child) in children.into_iter().enumerate() {
        at.push(i);
        nodes(child, at, out);
        at.pop();
    }
}

/// Damages the node at `path` of `v` in way `how`.
fn damage(v: &mut Value, path: &[usize], how: u8) {
    let Some((&last, parent)) = path.split_last() else {
        *v = Value::Null;
        return;
    };
    let mut node = v;
    for &i in parent {
        node = match node {
            Value::Array(items) => &mut items[i],
            Value::Object(m) => &mut m[i],
            _ => return,
        };
    }
    let replacement = match how {
        0 => Value::Null,
        1 => Value::from("x"),
        2 => Value::Int(-1),
        3 => Value::Int(i64::MAX),
        4 => Value::Float(1.5),
        5 => Value::Array(Vec::new()),
        6 => Value::Object(Map::default()),
        7 => Value::Int(0),
        _ => {
            // Removed.
            match node {
                Value::Array(items) => {
                    items.remove(last);
                }
                Value::Object(m) => {
                    m.shift_remove_index(last);
                }
                _ => {}
            }
            return;
        }
    };
    match node {
        Value::Array(items) => items[last] = replacement,
        Value::Object(m) => m[last] = replacement,
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever is damaged in a state, restoring it is an error or gives a stage that runs on:
    /// never a panic.
    #[test]
    fn no_damage_makes_a_stage_panic(
        which in 0..STATEFUL.len(),
        lines in lines(),
        damages in prop::collection::vec((any::<prop::sample::Index>(), 0u8..9), 1..4),
    ) {
        let (chain, index) = STATEFUL[which];
        let argv = words(chain);
        let events = events_of(&lines);
        let (before, after) = events.split_at(events.len() / 2);
        let Some(text) = saved(&argv, before)[index - 1].clone() else {
            return Err(TestCaseError::fail("no state"));
        };
        let mut v = json::parse(text.as_bytes()).expect("state parses");
        for (at, how) in damages {
            let mut all = Vec::new();
            nodes(&v, &mut Vec::new(), &mut all);
            let path = at.get(&all).clone();
            damage(&mut v, &path, how);
        }
        let mut run = Run::new(&argv, &Written::default());
        let stage = run.stages[index - 1].as_mut();
        if state::restore(stage, index, run.names[index - 1], v.to_json().as_bytes()).is_ok() {
            run.feed(after);
            run.finish();
        }
    }
}
