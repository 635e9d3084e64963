//! The expression language end to end: arbitrary text through the lexer, parser and compiler
//! (`compile`, `compile_program`); what compiles is evaluated (`eval`, `is_true`, `run`) against a
//! few fixed events and one event from the input. Errors are fine; a panic, an abort, a hang or
//! unbounded memory is a finding.
//!
//! Input: `MODE TEXT [\0 EVENT-JSON]`. Bit 0 of MODE chooses a program (`map`) over an
//! expression (`filter`).

#![no_main]

use eddy::expr::{Env, compile, compile_program};
use eddy::json;
use eddy::value::Value;
use libfuzzer_sys::fuzz_target;

/// Events every compiled text meets: every type, nesting, odd numbers and strings.
const EVENTS: &[&str] = &[
    r#"{"a":1,"b":"x","c":[1,2,{"d":null}],"e":{"f":true,"g":-0.5}}"#,
    r#"{"ts":"2024-05-01T10:00:00Z","status":500,"path":"/api/v1","ms":12.5,"tags":["a","b"]}"#,
    r#"{"n":9223372036854775807,"m":-9223372036854775808,"big":1e308,"tiny":5e-324,"s":"héllo\u0000"}"#,
    r#"{}"#,
];

/// `now()` in every evaluation: fixed, so that a crash reproduces.
const NOW: i64 = 1_714_557_600_000_000_000;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (text, event) = match rest.iter().position(|&b| b == 0) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let mut events: Vec<Value> = EVENTS
        .iter()
        .map(|e| json::parse(e.as_bytes()).expect("fixed events parse"))
        .collect();
    if let Some(Ok(value)) = event.map(json::parse) {
        events.push(value);
    }
    let env = Env::new(NOW);
    if mode & 1 == 0 {
        let Ok(expr) = compile(text) else {
            return;
        };
        let _ = expr.referenced_fields();
        let _ = expr.constant();
        let _ = expr.raw_condition(&|key| Some(key.len() % 4));
        for event in &events {
            let value = expr.eval(event, &env);
            let truth = expr.is_true(event, &env);
            // One evaluation, two views of it: they agree on success and on the truth.
            match (&value, &truth) {
                (Ok(v), Ok(t)) => assert_eq!(v.is_truthy(), *t, "eval and is_true differ"),
                (Err(a), Err(b)) => assert_eq!(a, b, "eval and is_true fail differently"),
                _ => panic!("eval {value:?} but is_true {truth:?}"),
            }
            if let Ok(v) = value {
                let _ = v.to_json();
            }
        }
    } else {
        let Ok(program) = compile_program(text) else {
            return;
        };
        let _ = program.referenced_fields();
        for event in &events {
            let mut value = event.clone();
            if program.run(&mut value, &env).is_ok() {
                let _ = value.to_json();
            }
        }
    }
});
