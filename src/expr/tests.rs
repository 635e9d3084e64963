//! Tests of the public API: evaluation of every operator and function, null and type rules,
//! compile errors with columns, and `map` programs.

use super::*;
use crate::error::Location;
use crate::json;

const EVENT: &str = r#"{"status":503,"host":"a","big":9007199254740993,"f":1.5,"s":"1","msg":"Hello World","tags":["x","y","z"],"geo":{"country":"de"},"user-agent":"curl","n":null,"ts":"2024-05-01T12:00:00.5+02:00","ms":1714557600123,"t":true,"empty":"","obj":{"b":1,"a":2}}"#;

fn event() -> Value {
    json::parse(EVENT.as_bytes()).unwrap()
}

const NOW: i64 = 1_714_557_600_000_000_000;

/// Evaluates and renders as JSON.
fn ev(text: &str) -> String {
    let expr = compile(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    match expr.eval(&event(), &Env::new(NOW)) {
        Ok(v) => v.to_json(),
        Err(e) => panic!("{text}: evaluation error {e}"),
    }
}

fn eval_err(text: &str) -> String {
    let expr = compile(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    expr.eval(&event(), &Env::new(NOW)).unwrap_err()
}

fn compile_err(text: &str) -> String {
    compile(text).unwrap_err().to_string()
}

#[test]
fn fields_and_paths() {
    assert_eq!(ev("status"), "503");
    assert_eq!(ev("geo.country"), "\"de\"");
    assert_eq!(ev("tags[0]"), "\"x\"");
    assert_eq!(ev("tags[-1]"), "\"z\"");
    assert_eq!(ev("tags[5]"), "null");
    assert_eq!(ev("`user-agent`"), "\"curl\"");
    assert_eq!(ev("missing"), "null");
    assert_eq!(ev("missing.deeper[3]"), "null");
    assert_eq!(ev("geo[\"country\"]"), "\"de\"");
    assert_eq!(ev("split(msg, ' ')[1]"), "\"World\"");
    assert_eq!(ev("tags[len(tags) - 2]"), "\"y\"");
}

#[test]
fn a_program_reads_the_fields_of_its_expressions_not_its_targets() {
    let program = compile_program("x = a + b.c; del(d); y = x; e.f = 1").unwrap();
    let texts =
        |paths: Vec<Path>| -> Vec<String> { paths.iter().map(|p| p.text().to_owned()).collect() };
    assert_eq!(texts(program.read_fields()), ["a", "b.c", "x"]);
    assert_eq!(
        texts(program.referenced_fields()),
        ["a", "b.c", "x", "d", "y", "e.f"]
    );
    let paths: Vec<Path> = ["x", "e.f", "t[0]", "`a.b`"]
        .iter()
        .map(|text| Path::parse(text).unwrap())
        .collect();
    let single: Vec<Option<&str>> = paths.iter().map(Path::single_key).collect();
    assert_eq!(single, [Some("x"), None, None, Some("a.b")]);
}

#[test]
fn literals() {
    assert_eq!(ev("42"), "42");
    assert_eq!(ev("-7"), "-7");
    assert_eq!(ev("1.25"), "1.25");
    assert_eq!(ev("'it\\'s'"), "\"it's\"");
    assert_eq!(ev("\"caf\\u00e9\\n\""), "\"café\\n\"");
    assert_eq!(
        ev("[1, 'a', null, true, false]"),
        "[1,\"a\",null,true,false]"
    );
    assert_eq!(ev("5m"), "300");
    assert_eq!(ev("str(1h30m)"), "\"1h30m\"");
    assert_eq!(ev("250ms"), "0.25");
    assert_eq!(ev("9223372036854775807"), "9223372036854775807");
    assert_eq!(ev("-9223372036854775808"), "-9223372036854775808");
}

#[test]
fn integer_exactness() {
    assert_eq!(ev("big"), "9007199254740993");
    assert_eq!(ev("big + 0"), "9007199254740993");
    assert_eq!(ev("big * 1 - 1"), "9007199254740992");
    assert_eq!(ev("big == 9007199254740993"), "true");
    assert_eq!(ev("big == 9007199254740992"), "false");
    assert_eq!(ev("6 / 2"), "3");
    assert_eq!(ev("7 / 2"), "3.5");
    assert_eq!(ev("-7 / 2"), "-3.5");
    assert_eq!(ev("7 % 3"), "1");
    assert_eq!(ev("-7 % 3"), "-1");
    assert_eq!(ev("7.5 % 2"), "1.5");
    assert_eq!(ev("9223372036854775807 + 1"), "9.223372036854776e18");
    assert_eq!(ev("-9223372036854775808 / -1"), "9.223372036854776e18");
    assert_eq!(ev("-9223372036854775808 % -1"), "0");
    assert_eq!(ev("1 + 1.5"), "2.5");
    assert_eq!(ev("2 * 1.5"), "3.0");
    assert_eq!(ev("f - 0.5"), "1.0");
    assert_eq!(ev("-status"), "-503");
    assert_eq!(ev("-f"), "-1.5");
}

#[test]
fn division_by_zero_is_null() {
    assert_eq!(ev("1 / 0"), "null");
    assert_eq!(ev("1 % 0"), "null");
    assert_eq!(ev("1.5 / 0"), "null");
    assert_eq!(ev("status / (status - 503)"), "null");
}

#[test]
fn duration_arithmetic_at_the_ends_of_the_range() {
    // The smallest duration divided by -1 does not fit: an error, not a panic (in compiled
    // constants and per event alike).
    let min = "(0ns - 9223372036854775807ns - 1ns)";
    assert!(compile_err(&format!("{min} / -1")).contains("time arithmetic is out of range"));
    assert_eq!(
        eval_err(&format!("{min} / (status - 504)")),
        "time arithmetic is out of range"
    );
    assert_eq!(ev(&format!("{min} / (status - 502)")), "-9223372036.854776");
}

#[test]
fn null_propagates_through_arithmetic() {
    assert_eq!(ev("missing + 1"), "null");
    assert_eq!(ev("1 - n"), "null");
    assert_eq!(ev("missing * 'a'"), "null");
    assert_eq!(ev("-missing"), "null");
    assert_eq!(ev("missing + 1 > 0"), "false");
}

#[test]
fn strings_concatenate() {
    assert_eq!(ev("host + '-' + geo.country"), "\"a-de\"");
    assert_eq!(ev("tags + [1]"), "[\"x\",\"y\",\"z\",1]");
    assert!(eval_err("msg * 2").contains("cannot apply `*` to a string and a number"));
    assert!(eval_err("host + 1").contains("cannot apply `+`"));
}

#[test]
fn type_strict_equality_and_ordering() {
    assert_eq!(ev("s == 1"), "false");
    assert_eq!(ev("s != 1"), "true");
    assert_eq!(ev("s == '1'"), "true");
    assert_eq!(ev("1 == 1.0"), "true");
    assert_eq!(ev("n == null"), "true");
    assert_eq!(ev("missing == null"), "true");
    assert_eq!(ev("missing == false"), "false");
    assert_eq!(ev("status >= 500"), "true");
    assert_eq!(ev("status > 503"), "false");
    assert_eq!(ev("status <= 503"), "true");
    assert_eq!(ev("status < 503.5"), "true");
    assert_eq!(ev("'abc' < 'abd'"), "true");
    assert_eq!(ev("s < 2"), "false");
    assert_eq!(ev("s >= 2"), "false");
    assert_eq!(ev("missing < 1"), "false");
    assert_eq!(ev("missing >= 1"), "false");
    assert_eq!(ev("[1, 2] == [1, 2.0]"), "true");
    assert_eq!(ev("obj == obj"), "true");
    assert_eq!(ev("false < true"), "true");
}

#[test]
fn logic_is_boolean_and_short_circuits() {
    assert_eq!(ev("status and host"), "true");
    assert_eq!(ev("n or 0"), "true");
    assert_eq!(ev("n || false"), "false");
    assert_eq!(ev("t && !n"), "true");
    assert_eq!(ev("not t"), "false");
    assert_eq!(ev("!missing"), "true");
    assert_eq!(ev("empty and true"), "true");
    // The right side is not evaluated: no type error.
    assert_eq!(ev("false and msg * 2"), "false");
    assert_eq!(ev("true or msg * 2"), "true");
}

#[test]
fn regex_operators() {
    assert_eq!(ev("msg =~ '^Hello'"), "true");
    assert_eq!(ev("msg =~ '(?i)world$'"), "true");
    assert_eq!(ev("msg !~ 'xyz'"), "true");
    assert_eq!(ev("msg =~ host"), "false");
    assert_eq!(ev("msg =~ 'W' + 'or'"), "true");
    assert_eq!(ev("missing =~ 'a'"), "null");
    assert!(eval_err("status =~ '5'").contains("`=~` needs a string on the left, got a number"));
    let e = eval_err("msg =~ '(' + host");
    assert!(e.contains("invalid regex `(a`"), "{e}");
}

#[test]
fn membership() {
    assert_eq!(ev("status in [500, 503]"), "true");
    assert_eq!(ev("status in [500, 504]"), "false");
    assert_eq!(ev("status not in [500, 504]"), "true");
    assert_eq!(ev("'y' in tags"), "true");
    assert_eq!(ev("'1' in [1]"), "false");
    assert_eq!(ev("'Wor' in msg"), "true");
    assert_eq!(ev("'country' in geo"), "true");
    assert_eq!(ev("1 in missing"), "null");
    assert!(eval_err("1 in status").contains("cannot apply `in`"));
}

#[test]
fn conditionals() {
    assert_eq!(ev("status >= 500 ? 'error' : 'ok'"), "\"error\"");
    assert_eq!(ev("n ? 1 : 2"), "2");
    assert_eq!(
        ev("if status < 400 then 'ok' elif status < 500 then 'client' else 'server' end"),
        "\"server\""
    );
    assert_eq!(ev("if false then 1 else 2 end"), "2");
    assert_eq!(ev("(1 + 2) * 3"), "9");
}

#[test]
fn string_functions() {
    assert_eq!(ev("len('héllo')"), "5");
    assert_eq!(ev("len(tags)"), "3");
    assert_eq!(ev("len(geo)"), "1");
    assert_eq!(ev("len(missing)"), "null");
    assert!(
        eval_err("len(status)")
            .contains("len() expects a string, an array or an object, got a number")
    );
    assert_eq!(ev("lower(msg)"), "\"hello world\"");
    assert_eq!(ev("upper(geo.country)"), "\"DE\"");
    assert!(eval_err("upper(status)").contains("upper() expects a string, got a number"));
    assert_eq!(ev("upper(missing)"), "null");
    assert_eq!(ev("trim('  a b  ')"), "\"a b\"");
    assert_eq!(ev("contains(msg, 'lo W')"), "true");
    assert_eq!(ev("contains(tags, 'q')"), "false");
    assert_eq!(ev("starts_with(msg, 'Hell')"), "true");
    assert_eq!(ev("ends_with(msg, 'Hell')"), "false");
    assert_eq!(ev("split('a,b,,c', ',')"), "[\"a\",\"b\",\"\",\"c\"]");
    assert_eq!(ev("split('ab', '')"), "[\"a\",\"b\"]");
    assert_eq!(ev("join(tags, '|')"), "\"x|y|z\"");
    assert_eq!(ev("join(['a', 1, null], '-')"), "\"a-1-null\"");
    assert_eq!(
        ev("join([time(0), 90s], ' ')"),
        "\"1970-01-01T00:00:00Z 1m30s\""
    );
    assert_eq!(ev("replace('a-b-c', '-', '+')"), "\"a+b+c\"");
    assert_eq!(ev("substr('abcdef', 1, 3)"), "\"bcd\"");
    assert_eq!(ev("substr('abcdef', -2)"), "\"ef\"");
    assert_eq!(ev("substr('héllo', 1, 1)"), "\"é\"");
    assert_eq!(ev("substr('abc', 10)"), "\"\"");
}

#[test]
fn number_functions() {
    assert_eq!(ev("abs(-3)"), "3");
    assert_eq!(ev("abs(-2.5)"), "2.5");
    assert_eq!(ev("floor(2.7)"), "2");
    assert_eq!(ev("floor(-2.5)"), "-3");
    assert_eq!(ev("ceil(2.1)"), "3");
    assert_eq!(ev("round(2.5)"), "3");
    assert_eq!(ev("round(7)"), "7");
    assert_eq!(ev("round(3.14159, 2)"), "3.14");
    assert_eq!(ev("floor(1e300)"), "1e300");
    assert!(eval_err("floor(msg)").contains("floor() expects a number"));
    assert_eq!(ev("min(3, 1, 2)"), "1");
    assert_eq!(ev("max([3, 1.5, 2])"), "3");
    assert_eq!(ev("min(missing, 4)"), "4");
    assert_eq!(ev("max('a', 'b')"), "\"b\"");
    assert_eq!(ev("min([])"), "null");
}

#[test]
fn conversions() {
    assert_eq!(ev("num('42')"), "42");
    assert_eq!(ev("num(' 1.5 ')"), "1.5");
    assert_eq!(ev("num('x')"), "null");
    assert_eq!(ev("num('inf')"), "null");
    assert_eq!(ev("num(true)"), "1");
    assert_eq!(ev("num(90s)"), "90");
    assert_eq!(ev("int('3.7')"), "3");
    assert_eq!(ev("int(-2.5)"), "-2");
    assert_eq!(ev("int(s) + 1"), "2");
    assert_eq!(ev("int(time('1970-01-01T00:00:01.5Z'))"), "1");
    assert_eq!(ev("str(42)"), "\"42\"");
    assert_eq!(ev("str(s)"), "\"1\"");
    assert_eq!(ev("str(tags)"), "\"[\\\"x\\\",\\\"y\\\",\\\"z\\\"]\"");
    assert_eq!(ev("str(null)"), "\"null\"");
    assert_eq!(ev("bool('false')"), "false");
    assert_eq!(ev("bool(0)"), "true");
    assert_eq!(ev("bool(n)"), "false");
    assert_eq!(ev("type(f)"), "\"number\"");
    assert_eq!(ev("type(now())"), "\"time\"");
    assert_eq!(ev("type(5m)"), "\"duration\"");
    assert_eq!(ev("type(missing)"), "\"null\"");
    assert_eq!(ev("exists(n)"), "true");
    assert_eq!(ev("exists(missing)"), "false");
    assert_eq!(ev("exists(geo.country)"), "true");
    assert_eq!(ev("is_null(n)"), "true");
    assert_eq!(ev("is_null(missing)"), "true");
    assert_eq!(ev("is_null(empty)"), "false");
    assert_eq!(ev("coalesce(missing, n, 'x', 1 / 0)"), "\"x\"");
    assert_eq!(ev("coalesce(missing)"), "null");
    // coalesce stops at the first non-null: no error from the rest.
    assert_eq!(ev("coalesce(host, msg * 2)"), "\"a\"");
    assert_eq!(ev("hash('a') == hash('a')"), "true");
    assert_eq!(ev("hash(1) == hash(1.0)"), "true");
    assert_eq!(ev("hash(obj) == hash(geo)"), "false");
}

#[test]
fn time_functions() {
    assert_eq!(ev("time(ts)"), "\"2024-05-01T10:00:00.5Z\"");
    assert_eq!(ev("time(ms, 'epoch_ms')"), "\"2024-05-01T10:00:00.123Z\"");
    assert_eq!(ev("time('1714557600.25')"), "\"2024-05-01T10:00:00.25Z\"");
    assert_eq!(ev("time(1714557600)"), "\"2024-05-01T10:00:00Z\"");
    assert_eq!(
        ev("time('10/Oct/2000:13:55:36 -0700', '%d/%b/%Y:%H:%M:%S %z')"),
        "\"2000-10-10T20:55:36Z\""
    );
    assert_eq!(
        ev("time('2024-05-01 12:00', 'strptime:%Y-%m-%d %H:%M', 'Europe/Berlin')"),
        "\"2024-05-01T10:00:00Z\""
    );
    assert_eq!(ev("time(missing)"), "null");
    assert!(eval_err("time(msg)").contains("invalid RFC 3339 timestamp `Hello World`"));
    assert_eq!(ev("format_time(time(ts))"), "\"2024-05-01T10:00:00.5Z\"");
    assert_eq!(
        ev("format_time(ts, '%Y-%m-%d %H:%M')"),
        "\"2024-05-01 10:00\""
    );
    assert_eq!(
        ev("format_time(time(ts), 'Europe/Berlin')"),
        "\"2024-05-01T12:00:00.5+02:00\""
    );
    assert_eq!(
        ev("format_time(time(ts), '%H:%M %Z', 'America/New_York')"),
        "\"06:00 EDT\""
    );
    assert_eq!(ev("now()"), "\"2024-05-01T10:00:00Z\"");
    assert_eq!(ev("now() - time(ts)"), "-0.5");
    assert_eq!(ev("now() - time(ts) < 1s"), "true");
    assert_eq!(ev("time(ts) + 1h > now()"), "true");
    assert_eq!(ev("time(ts) - 30m"), "\"2024-05-01T09:30:00.5Z\"");
    assert_eq!(ev("5m > 250ms"), "true");
    assert_eq!(ev("5m == 300s"), "true");
    assert_eq!(ev("5m * 2 == 10m"), "true");
    assert_eq!(ev("str(1h / 4)"), "\"15m\"");
    assert_eq!(ev("1h / 30m"), "2");
    assert_eq!(ev("bucket(time(ts), 5m)"), "\"2024-05-01T10:00:00Z\"");
    assert_eq!(ev("bucket(ts, '1h')"), "\"2024-05-01T10:00:00Z\"");
    assert_eq!(
        ev("bucket(time('1969-12-31T23:59:30Z'), 1m)"),
        "\"1969-12-31T23:59:00Z\""
    );
    assert_eq!(ev("bucket(status, 100)"), "500");
    assert_eq!(ev("bucket(-5, 10)"), "-10");
    assert_eq!(ev("bucket(f, 0.5)"), "1.5");
    assert!(eval_err("time(ts) + 5").contains("cannot apply `+` to a time and a number"));
}

#[test]
fn computed_patterns_follow_the_event() {
    let e = compile("s =~ p").unwrap();
    let env = Env::new(0);
    for (event, want) in [
        (r#"{"s":"abc","p":"^a"}"#, "true"),
        (r#"{"s":"abc","p":"^a"}"#, "true"),
        (r#"{"s":"abc","p":"^b"}"#, "false"),
        (r#"{"s":"abc","p":"c$"}"#, "true"),
        (r#"{"s":"abc"}"#, "null"),
    ] {
        let v = e
            .eval(&json::parse(event.as_bytes()).unwrap(), &env)
            .unwrap();
        assert_eq!(v.to_json(), want, "{event}");
    }
    let bad = json::parse(br#"{"s":"abc","p":"("}"#).unwrap();
    assert!(e.eval(&bad, &env).unwrap_err().contains("invalid regex"));
    let good = json::parse(br#"{"s":"abc","p":"b"}"#).unwrap();
    assert_eq!(e.eval(&good, &env).unwrap().to_json(), "true");
}

#[test]
fn time_with_literal_or_computed_format_agrees() {
    let literal = compile("time(ms, 'epoch_ms', 'UTC')").unwrap();
    let computed = compile("time(ms, 'epoch_' + 'ms', host == 'a' ? 'UTC' : 'x')").unwrap();
    let env = Env::new(0);
    assert_eq!(
        literal.eval(&event(), &env).unwrap().to_json(),
        computed.eval(&event(), &env).unwrap().to_json()
    );
    assert_eq!(ev("time(missing, 'epoch_ms')"), "null");
    assert!(eval_err("time(msg, '%Y')").contains("does not match"));
}

#[test]
fn compiled_forms_can_cross_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Expr>();
    shareable::<Program>();
}

#[test]
fn now_comes_from_the_environment() {
    let e = compile("now()").unwrap();
    assert!(e.uses_context());
    assert_eq!(
        e.eval(&Value::Null, &Env::new(0)).unwrap().to_json(),
        "\"1970-01-01T00:00:00Z\""
    );
    assert!(!compile("1 + 1").unwrap().uses_context());
}

#[test]
fn source_and_source_line_come_from_the_event_s_location() {
    let at = crate::error::Location {
        source: "logs/app.log".into(),
        line: 42,
    };
    let e = compile("source() + \":\" + str(source_line())").unwrap();
    assert!(e.uses_context());
    assert_eq!(
        e.eval(&Value::Null, &Env::at(0, &at)).unwrap().to_json(),
        "\"logs/app.log:42\""
    );
    // Not folded at compile time, and null where the location is unknown (made by a stage).
    let made = crate::error::Location::stage_output(1, "count");
    for env in [Env::new(0), Env::at(0, &made)] {
        assert_eq!(
            compile("[source(), source_line()]")
                .unwrap()
                .eval(&Value::Null, &env)
                .unwrap()
                .to_json(),
            "[null,null]"
        );
    }
    assert!(compile("source(1)").is_err());
}

#[test]
fn referenced_fields_lists_every_read() {
    let e = compile("a.b > 1 and exists(c) or len(tags[0]) > coalesce(a.b, d)").unwrap();
    let names: Vec<String> = e
        .referenced_fields()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(names, ["a.b", "c", "tags[0]", "d"]);
}

#[test]
fn constants_fold() {
    assert_eq!(
        compile("1 + 2 * 3").unwrap().constant().map(Value::to_json),
        Some("7".into())
    );
    assert!(compile("status + 1").unwrap().constant().is_none());
    assert!(compile("now()").unwrap().constant().is_none());
}

#[test]
fn compile_errors_point_at_the_column() {
    assert_eq!(
        compile_err("status >= && host == \"a\""),
        "expected an operand after `>=` at column 10\n  status >= && host == \"a\"\n           ^"
    );
    assert_eq!(
        compile_err("lenn(msg) > 3"),
        "unknown function 'lenn' (did you mean 'len'?)\n  lenn(msg) > 3\n  ^"
    );
    assert_eq!(
        compile_err("x and len(a, b)"),
        "len takes 1 argument, got 2\n  x and len(a, b)\n        ^"
    );
    assert!(compile_err("substr(a)").starts_with("substr takes 2 to 3 arguments, got 1"));
    assert!(compile_err("min()").starts_with("min takes at least 1 argument, got 0"));
    assert!(compile_err("now(1)").starts_with("now takes 0 arguments, got 1"));
    let e = compile_err("msg =~ '(unclosed'");
    assert!(e.starts_with("invalid regex `(unclosed`"), "{e}");
    assert!(e.ends_with("\n         ^"), "{e}");
    let e = compile_err("bucket(t, '5x')");
    assert!(e.starts_with("invalid duration `5x`"), "{e}");
    assert!(e.ends_with("\n            ^"), "{e}");
    assert!(compile_err("t > 5x").starts_with("invalid duration `5x`"));
    assert!(compile_err("bucket(t, 0s)").starts_with("bucket() needs a positive size"));
    assert!(compile_err("time(t, 'epoch')").contains("invalid time format `epoch`"));
    assert!(compile_err("format_time(t, 'Mars/Base')").contains("unknown time zone `Mars/Base`"));
    assert!(compile_err("time('garbage')").contains("invalid RFC 3339 timestamp"));
    assert!(compile_err("exists(1)").contains("exists() takes a field name"));
    assert!(compile_err("'abc' * 2").starts_with("cannot apply `*` to a string and a number"));
    assert!(compile_err("upper(5)").starts_with("upper() expects a string"));
    assert!(compile_err("x =~ 5").contains("a regex must be a string"));
    // Columns count characters, not bytes.
    assert!(compile_err("'é' + ").contains("at column 6"));
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "",
        "(",
        ")",
        "[",
        "]",
        "a.",
        ".a",
        "a[",
        "a[]",
        "``",
        "`",
        "\"",
        "'\\u",
        "1e",
        "1.",
        "..",
        "?",
        "a ? b",
        "if",
        "if a then",
        "not",
        "- -",
        "!!x",
        "a[-9223372036854775808]",
        "tags[99999999999999999999]",
        "del(x)",
        "x = 1",
        "f(",
        "len(",
        "a in",
        "in a",
        "5m5",
        "µs",
        "1µs",
        "--1",
    ] {
        if let Ok(e) = compile(text) {
            let _ = e.eval(&event(), &Env::new(0));
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert!(compile_err(&deep).contains("nests too deeply"));
    let long = vec!["1"; 30_000].join(" + ");
    assert!(compile_err(&long).contains("nests too deeply"));
    assert!(compile_err(&"-".repeat(30_000)).contains("nests too deeply"));
    assert!(compile_err(&"not ".repeat(30_000)).contains("nests too deeply"));
    assert!(compile_err(&format!("x{}", "[0]".repeat(30_000))).contains("nests too deeply"));
    assert!(compile_program(&format!("x = {}", "f(".repeat(30_000))).is_err());
    // Ordinary nesting is fine: 60 levels of parentheses, 120 terms.
    let fine = format!("{}x{}", "(".repeat(60), ")".repeat(60));
    assert_eq!(ev(&fine), "null");
    assert_eq!(
        ev(&vec!["status"; 120].join(" + ")),
        (503 * 120).to_string()
    );
    assert!(compile_err(&vec!["status"; 200].join(" + ")).contains("nests too deeply"));
    let elifs: String = (0..50)
        .map(|i| format!(" elif status == {i} then {i}"))
        .collect();
    assert_eq!(ev(&format!("if false then 0{elifs} else -1 end")), "-1");
}

fn apply(program: &str, input: &str) -> Result<String, String> {
    let prog = compile_program(program).unwrap_or_else(|e| panic!("{program}: {e}"));
    let value = json::parse(input.as_bytes()).unwrap();
    let mut event = Event::from_input(value, input.as_bytes(), true, Location::default(), 0);
    prog.apply(&mut event, &Env::new(NOW))?;
    Ok(event.value().to_json())
}

#[test]
fn programs_assign_in_order() {
    assert_eq!(
        apply(
            "latency_s = latency_ms / 1000; geo.cc = upper(geo.country)",
            r#"{"latency_ms":1500,"geo":{"country":"de"}}"#
        ),
        Ok(r#"{"latency_ms":1500,"geo":{"country":"de","cc":"DE"},"latency_s":1.5}"#.into())
    );
    assert_eq!(
        apply("a = 10\nb = a * 2; a = 1", r#"{"a":0,"x":1}"#),
        Ok(r#"{"a":1,"x":1,"b":20}"#.into())
    );
    assert_eq!(
        apply("del(x); del(missing)", r#"{"a":0,"x":1}"#),
        Ok(r#"{"a":0}"#.into())
    );
    assert_eq!(
        apply("del(x, y.z)", r#"{"a":0,"x":1,"y":{"z":1,"w":2}}"#),
        Ok(r#"{"a":0,"y":{"w":2}}"#.into())
    );
    assert_eq!(
        apply("id.orig_h = 'x'", r#"{"id.orig_h":"1.2.3.4"}"#),
        Ok(r#"{"id.orig_h":"x"}"#.into())
    );
    assert_eq!(
        apply("x = x + 0", r#"{"x":9007199254740993}"#),
        Ok(r#"{"x":9007199254740993}"#.into())
    );
    assert_eq!(apply("y = 1", "[1]"), Ok(r#"{"value":[1],"y":1}"#.into()));
    assert_eq!(
        apply("`user-agent` = 'x'; tags[0] = 'a'", r#"{"tags":["b"]}"#),
        Ok(r#"{"tags":["a"],"user-agent":"x"}"#.into())
    );
    assert!(apply("y = x * 2", r#"{"x":"a"}"#).is_err());
    assert!(apply("x.y = 1", r#"{"x":[1]}"#).is_err());
}

#[test]
fn program_errors() {
    let e = compile_program("a = lenn(b)").unwrap_err().to_string();
    assert!(
        e.starts_with("unknown function 'lenn' (did you mean 'len'?)\n  a = lenn(b)\n      ^"),
        "{e}"
    );
    let e = compile_program("a = 1 +").unwrap_err().to_string();
    assert!(
        e.starts_with("expected an operand after `+` at column 8"),
        "{e}"
    );
    let p = compile_program("a = b; del(c)").unwrap();
    let names: Vec<String> = p
        .referenced_fields()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(names, ["b", "a", "c"]);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Integer arithmetic is exact whenever the result fits in 64 bits.
        #[test]
        fn integer_arithmetic_is_exact(a in any::<i64>(), b in any::<i64>()) {
            let event = json::parse(format!(r#"{{"a":{a},"b":{b}}}"#).as_bytes()).unwrap();
            let env = Env::new(0);
            for (op, exact) in [
                ("+", i128::from(a) + i128::from(b)),
                ("-", i128::from(a) - i128::from(b)),
                ("*", i128::from(a) * i128::from(b)),
            ] {
                let v = compile(&format!("a {op} b")).unwrap().eval(&event, &env).unwrap();
                match i64::try_from(exact) {
                    Ok(n) => prop_assert_eq!(v.to_json(), n.to_string()),
                    Err(_) => prop_assert!(matches!(v, Value::Float(_))),
                }
            }
        }

        /// No text makes the compiler or the evaluator panic.
        #[test]
        fn arbitrary_text_never_panics(text in "[a-z0-9 .,()\\[\\]'\"`+*/%<>=!~?:&|-]{0,24}") {
            if let Ok(e) = compile(&text) {
                let _ = e.eval(&event(), &Env::new(0));
            }
            let _ = compile_program(&text);
        }
    }
}

/// A long `elif` chain is one flat list everywhere: parsing, compiling, evaluating and dropping
/// it recurse no deeper than a short one (3,300 branches overflowed the stack before).
#[test]
fn long_elif_chains_need_no_deep_stack() {
    let branches = 20_000;
    let mut text = String::from("if status == 0 then 0");
    for i in 1..branches {
        text.push_str(&format!(" elif status == {i} then {i}"));
    }
    text.push_str(" else -1 end");
    // On a thread with a small stack, so that recursion per branch would overflow it.
    let result = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let expr = compile(&text).unwrap();
            let hit = json::parse(b"{\"status\":19998}").unwrap();
            let miss = json::parse(b"{\"status\":-5}").unwrap();
            let env = Env::new(NOW);
            let found = (expr.eval(&hit, &env).unwrap().to_json())
                + " "
                + &expr.eval(&miss, &env).unwrap().to_json();
            drop(expr);
            found
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(result, "19998 -1");
}

/// eddy-expr(7) says how deeply expressions nest, and the parser allows exactly that: as many
/// parentheses, brackets, calls and branches as it says, one more is an error that says the
/// same number.
#[test]
fn the_nesting_limit_is_the_documented_one() {
    use crate::expr::parse::MAX_NESTING;
    let reference = include_str!("reference.md").replace('\n', " ");
    assert!(
        reference.contains(&format!("up to {MAX_NESTING} levels of parentheses")),
        "reference.md names another limit than {MAX_NESTING}"
    );
    let message = format!("more than {MAX_NESTING} levels");
    let forms: [(&str, &str); 4] = [
        ("(", ")"),
        ("[", "]"),
        ("abs(", ")"),
        ("if true then ", " else 0 end"),
    ];
    for (open, close) in forms {
        let nested = |n: usize| format!("{}1{}", open.repeat(n), close.repeat(n));
        assert!(
            compile(&nested(MAX_NESTING)).is_ok(),
            "{open} {MAX_NESTING} deep"
        );
        let err = compile_err(&nested(MAX_NESTING + 1));
        assert!(err.contains(&message), "{open}: {err}");
    }
}
