//! The window stage built from random options (kind, size, slide, step, gap, rows, range, time
//! format and zone, max delay, allowed lateness, idle timeout, keys, aggregates, emit mode,
//! output mode, group limits...) through the command line's own parser and the stage's `build`,
//! fed a stream of random events (times near each other, keys from a small set, some bad values)
//! with a manual clock that ticks as the pipeline ticks, then run to `finish`. A usage error or a
//! data error (`--late fail`) ends a run; a panic, an abort, a hang or unbounded memory is a
//! finding.
//!
//! Oracle, "nothing is silently lost": for tumbling, session and global windows in final mode
//! with a `count` aggregate and no allowed lateness, the counts of the output add up to the
//! events that went in minus those the stage dropped (counted by reason).

#![no_main]

use std::sync::Arc;

use eddy::clock::{Clock, ManualClock, SharedClock};
use eddy::diag::{Diagnostics, OnError};
use eddy::error::Location;
use eddy::event::Event;
use eddy::json;
use eddy::ops::{BuildContext, Context, Out, Stage, StageCounters};
use eddy::output::Sink;
use eddy::value::Value;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

const S: i64 = 1_000_000_000;
/// The wall clock at the start, and the event times' base (seconds).
const T0: i64 = 1_700_000_000;

const DURATIONS: &[&str] = &[
    "1ns", "1ms", "250ms", "1s", "2s", "5s", "10s", "1m", "1h", "1d", "1w", "1mo", "1y", "0s",
    "-1s", "3s", "7s", "1m30s", "inf",
];
const COUNTS: &[&str] = &["0", "1", "2", "3", "5", "100", "-1"];
const ZONES: &[&str] = &["UTC", "Europe/Berlin", "+05:30", "America/St_Johns"];
const TIME_FORMATS: &[&str] = &[
    "auto",
    "rfc3339",
    "epoch_s",
    "epoch_ms",
    "epoch_us",
    "epoch_ns",
    "strptime:%s",
    "strptime:%Y-%m-%dT%H:%M:%S%z",
];
const OUT_TIME_FORMATS: &[&str] = &["auto", "rfc3339", "epoch_s", "epoch_ms", "strftime:%F %T"];
const AGGS: &[&str] = &[
    "count",
    "count:v",
    "sum:v",
    "min:v",
    "max:v",
    "mean:v",
    "avg:v",
    "var:v",
    "stddev:v",
    "first:v",
    "last:v",
    "distinct:k",
    "approx_distinct:k",
    "median:v",
    "p95:v",
    "p0:v",
    "p100:v",
    "percentile:v:0.3",
    "approx_p99:v",
    "collect:v",
    "collect:v:2",
    "rate",
    "s=sum:v.w",
    "first:k",
];
const KEYS: &[&str] = &["\"a\"", "\"b\"", "\"c\"", "1", "null", "[1]", "{\"x\":1}"];

/// The output: records counted, their `n` (the oracle's count) added up, nothing kept, so that
/// memory measures the stage alone.
#[derive(Default)]
struct Tally {
    records: u64,
    counted: u64,
    bad_count: Option<String>,
}

impl Sink for Tally {
    fn write(&mut self, event: &Event) -> std::io::Result<()> {
        self.records += 1;
        let value = event.value();
        let _ = value.to_json();
        match value {
            Value::Object(map) => match map.get("n") {
                Some(Value::Int(n)) if *n >= 0 => self.counted += n.unsigned_abs(),
                _ => self.bad_count = Some(value.to_json()),
            },
            _ => self.bad_count = Some(value.to_json()),
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One run: the stage, its context and the clock.
struct Rig {
    stage: Box<dyn Stage>,
    ctx: Context,
    counters: Vec<StageCounters>,
    clock: Arc<ManualClock>,
}

/// The stage's downstream: the sink alone.
macro_rules! out {
    ($rig:ident, $sink:ident) => {
        &mut Out::new(&mut $rig.counters, &mut [], &mut $sink, &mut $rig.ctx)
    };
}

/// The window options: argv after `eddy window`, and whether the counting oracle holds.
fn options(u: &mut Unstructured) -> Result<(Vec<String>, bool)> {
    let mut args: Vec<String> = Vec::new();
    let arg = |args: &mut Vec<String>, name: &str, value: &str| {
        args.push(name.to_owned());
        args.push(value.to_owned());
    };
    let kind = *u.choose(&[
        "tumbling", "hopping", "cumulate", "session", "count", "rolling", "global", "merge",
    ])?;
    args.push(kind.to_owned());
    match kind {
        "tumbling" | "hopping" | "cumulate" => {
            arg(&mut args, "--size", u.choose(DURATIONS)?);
            if kind == "hopping" {
                arg(&mut args, "--slide", u.choose(DURATIONS)?);
            }
            if kind == "cumulate" {
                arg(&mut args, "--step", u.choose(DURATIONS)?);
            }
            if u.ratio(1, 4)? {
                arg(&mut args, "--offset", u.choose(DURATIONS)?);
            }
            if u.ratio(1, 6)? {
                arg(
                    &mut args,
                    "--origin",
                    u.choose(&["1700000003", "2023-11-14T22:13:20Z"])?,
                );
            }
            if u.ratio(1, 4)? {
                args.push("--fill-empty".to_owned());
                // Always a cap: the default (1,000,000 filled windows, 0.7 s in a release
                // build) takes more than the 10 s timeout under the sanitizer; the bound's code
                // is the same for any cap.
                let cap = if u.ratio(1, 3)? {
                    u.choose(COUNTS)?
                } else {
                    &"10000"
                };
                arg(&mut args, "--max-fill", cap);
            }
        }
        "session" => arg(&mut args, "--gap", u.choose(DURATIONS)?),
        "count" => {
            arg(&mut args, "--size", u.choose(COUNTS)?);
            if u.ratio(1, 2)? {
                arg(&mut args, "--slide", u.choose(COUNTS)?);
            }
        }
        "rolling" => {
            if u.arbitrary()? {
                arg(&mut args, "--rows", u.choose(COUNTS)?);
            } else {
                arg(&mut args, "--range", u.choose(DURATIONS)?);
            }
            if u.ratio(1, 3)? {
                arg(&mut args, "--min-rows", u.choose(COUNTS)?);
            }
        }
        _ => {}
    }
    if u.ratio(7, 8)? {
        arg(&mut args, "--time-field", u.choose(&["ts", "t.s", "k"])?);
    } else if u.arbitrary()? {
        arg(&mut args, "--time", "processing");
    }
    if u.ratio(1, 3)? {
        arg(&mut args, "--time-format", u.choose(TIME_FORMATS)?);
    }
    if u.ratio(1, 4)? {
        arg(&mut args, "--tz", u.choose(ZONES)?);
    }
    if u.ratio(1, 4)? {
        arg(&mut args, "--out-time-format", u.choose(OUT_TIME_FORMATS)?);
    }
    if u.ratio(1, 6)? {
        arg(&mut args, "--out-tz", u.choose(ZONES)?);
    }
    if u.arbitrary()? {
        arg(&mut args, "--max-delay", u.choose(DURATIONS)?);
    }
    let lateness = u.ratio(1, 4)?;
    if lateness {
        arg(&mut args, "--allowed-lateness", u.choose(DURATIONS)?);
    }
    if u.ratio(1, 8)? {
        arg(&mut args, "--late", "fail");
    }
    if u.ratio(1, 4)? {
        arg(&mut args, "--idle-timeout", u.choose(DURATIONS)?);
    }
    if u.ratio(1, 6)? {
        arg(&mut args, "--max-jump", u.choose(DURATIONS)?);
    }
    let future = u.ratio(1, 6)?;
    if future {
        arg(&mut args, "--max-future", u.choose(DURATIONS)?);
    }
    if u.ratio(1, 8)? {
        arg(&mut args, "--on-bad-time", "fail");
    }
    if u.arbitrary()? {
        arg(&mut args, "--by", u.choose(&["k", "k,j", "j", "k,k", "v"])?);
    }
    let counting = u.arbitrary()?;
    if counting {
        arg(&mut args, "--agg", "n=count");
    }
    for _ in 0..u.int_in_range(0..=3)? {
        arg(&mut args, "--agg", u.choose(AGGS)?);
    }
    let emit = *u.choose(&["final", "final", "updates", "periodic:5s", "periodic:1ns"])?;
    arg(&mut args, "--emit", emit);
    let records = u.ratio(3, 4)?;
    if !records {
        arg(&mut args, "--output", "partial");
        arg(&mut args, "--partial-format", u.choose(&["json", "tsv"])?);
    }
    let limited = u.ratio(1, 5)?;
    if limited {
        arg(&mut args, "--max-groups", u.choose(&["1", "2", "10"])?);
        arg(
            &mut args,
            "--on-overflow",
            u.choose(&["fail", "emit-early"])?,
        );
    }
    let oracle = matches!(kind, "tumbling" | "session" | "global")
        && counting
        && emit == "final"
        && records
        && !lateness
        && !limited
        && !future;
    Ok((args, oracle))
}

/// One random event: its JSON text.
fn event(u: &mut Unstructured, at: &mut i64) -> Result<String> {
    *at += i64::from(u.int_in_range(-3i8..=5)?);
    let secs = *at;
    let ts = match u.int_in_range(0u8..=15)? {
        0..=5 => secs.to_string(),
        6 => format!("{secs}.{}", u.int_in_range(0u16..=999)?),
        7 => format!("{}", secs * 1000),
        8 => format!("\"{secs}\""),
        9 => {
            let hms = secs.rem_euclid(86_400);
            format!(
                "\"2023-11-14T{:02}:{:02}:{:02}Z\"",
                hms / 3600,
                hms / 60 % 60,
                hms % 60
            )
        }
        10 => "null".to_owned(),
        11 => "\"x\"".to_owned(),
        12 => {
            (*u.choose(&["1e300", "-1", "-9223372036854775808", "1e-9", "true", "[]"])?).to_owned()
        }
        13 => format!("{}", i64::from(u.arbitrary::<i32>()?) * 1000),
        _ => return Ok(format!("{{\"k\":{}}}", u.choose(KEYS)?)),
    };
    let v = match u.int_in_range(0u8..=7)? {
        0..=3 => u.int_in_range(-5i32..=100)?.to_string(),
        4 => match u.arbitrary::<f32>()? {
            f if f.is_finite() => format!("{f}"),
            _ => "1.5".to_owned(),
        },
        5 => "\"str\"".to_owned(),
        6 => "null".to_owned(),
        _ => (*u.choose(&[
            "1e308",
            "-1e308",
            "[1,2]",
            "{\"w\":2}",
            "9223372036854775807",
        ])?)
        .to_owned(),
    };
    Ok(format!(
        "{{\"ts\":{ts},\"t\":{{\"s\":{ts}}},\"k\":{},\"j\":{},\"v\":{v}}}",
        u.choose(KEYS)?,
        u.choose(&["1", "2", "\"z\""])?
    ))
}

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let (args, oracle) = options(&mut u)?;
    // `EDDY_FUZZ_SHOW=1 fuzz/target/.../window ARTIFACT` says what an input stands for.
    let show = std::env::var_os("EDDY_FUZZ_SHOW").is_some();
    if show {
        eprintln!("eddy window {}", args.join(" "));
    }
    let argv = ["eddy", "window"]
        .into_iter()
        .map(str::to_owned)
        .chain(args);
    let Ok(invocation) = eddy::cli::parse(argv) else {
        return Ok(());
    };
    let Some(command) = invocation.stages.into_iter().next() else {
        return Ok(());
    };
    let clock = ManualClock::new(T0 * S);
    let shared: SharedClock = clock.clone();
    let context = BuildContext {
        index: 1,
        clock: shared.clone(),
        inputs: Vec::new().into(),
        chain: eddy::cli::parse_chain,
    };
    let Ok(stage) = command.build(&context) else {
        return Ok(());
    };
    let mut rig = Rig {
        stage,
        ctx: Context::new(
            Diagnostics::new(OnError::Skip, None).expect("diagnostics"),
            shared,
            1,
        ),
        counters: vec![StageCounters::default()],
        clock,
    };
    if rig.stage.open(false).is_err() {
        return Ok(());
    }

    let mut at = T0;
    let mut pushed = 0u64;
    let mut sink = Tally::default();
    for line in 1..=200 {
        if u.is_empty() {
            break;
        }
        let text = event(&mut u, &mut at)?;
        if show {
            eprintln!("{text}");
        }
        let value = json::parse(text.as_bytes()).expect("the events are JSON");
        let location = Location {
            source: Arc::from("fuzz"),
            line,
        };
        let event = Event::from_input(value, text.as_bytes(), true, location, rig.clock.now());
        pushed += 1;
        if rig.stage.process(event, out!(rig, sink)).is_err() {
            return Ok(());
        }
        // Wall time passes; the pipeline ticks a stage whose deadline has come.
        rig.clock
            .advance(i64::from(u.int_in_range(0u16..=3000)?) * 1_000_000);
        let now = rig.clock.now();
        if rig.stage.next_deadline().is_some_and(|d| d <= now)
            && rig.stage.tick(now, out!(rig, sink)).is_err()
        {
            return Ok(());
        }
    }
    if rig.stage.finish(out!(rig, sink)).is_err() {
        return Ok(());
    }
    let _ = (rig.stage.stats(), rig.stage.summary());

    if oracle {
        assert_eq!(sink.bad_count, None, "a record without its count");
        let dropped: u64 = rig.counters[0].dropped.iter().sum();
        assert_eq!(
            sink.counted + dropped,
            pushed,
            "{pushed} events in, {} counted, {dropped} dropped",
            sink.counted
        );
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
