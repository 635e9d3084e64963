//! The house's layers, checked on the source (`docs/ARCHITECTURE.md` draws them): which layer may
//! import which, and no import circle between files. Test code (`#[cfg(test)]` modules and files)
//! is left out: a test may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The base: modules every layer may use, which import nothing above them.
const BASE: &[&str] = &[
    "value", "event", "json", "scan", "time", "path", "clock", "error", "diag", "infer", "swar",
    "url", "splice", "meter",
];

/// The layers above the base and what each may import besides the base and itself.
const LAYERS: &[(&str, &[&str])] = &[
    ("input", &[]),
    ("expr", &[]),
    ("output", &[]),
    ("ops", &["input", "expr", "output"]),
    ("pushdown", &["ops", "input", "expr"]),
    ("progress", &[]),
    ("cli", &["ops", "input", "output", "expr"]),
    ("complete", &["cli", "ops", "input", "output", "expr"]),
    ("monitor", &["cli", "progress", "ops", "input"]),
    ("state", &["cli", "ops", "input"]),
    (
        "pipeline",
        &[
            "state", "cli", "monitor", "progress", "pushdown", "ops", "input", "output", "expr",
        ],
    ),
];

/// Every `.rs` file under `src/`, with its module path (`input::csv`, `ops::window::engine`).
fn modules() -> BTreeMap<Vec<String>, PathBuf> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<Vec<String>, PathBuf>) {
        for entry in fs::read_dir(dir).expect("src is readable") {
            let path = entry.expect("entry").path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut inner = prefix.to_vec();
                inner.push(name);
                walk(&path, &inner, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let mut module = prefix.to_vec();
                if !matches!(name.as_str(), "mod" | "lib" | "main") {
                    module.push(name);
                }
                out.insert(module, path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &[],
        &mut out,
    );
    out
}

/// The modules declared as test-only (`#[cfg(test)] mod name;`) anywhere.
fn test_only(modules: &BTreeMap<Vec<String>, PathBuf>) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    for (module, path) in modules {
        let text = fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            if pair[0].trim() == "#[cfg(test)]"
                && let Some(name) = pair[1].trim().strip_prefix("mod ")
                && let Some(name) = name.strip_suffix(';')
            {
                let mut child = module.clone();
                child.push(name.to_owned());
                out.insert(child);
            }
        }
    }
    out
}

/// The code of a file without its `#[cfg(test)]` module and without comments.
fn code(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    let text = text
        .split("#[cfg(test)]\nmod tests {")
        .next()
        .unwrap_or(&text);
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules `module`'s code names: every `crate::a::b` and `super::a` path, resolved to the
/// longest module path that exists.
fn imports(
    module: &[String],
    code: &str,
    modules: &BTreeMap<Vec<String>, PathBuf>,
) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    let bytes = code.as_bytes();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start) {
            let begin = from + at;
            from = begin + start.len();
            if begin > 0 && (bytes[begin - 1].is_ascii_alphanumeric() || bytes[begin - 1] == b'_') {
                continue;
            }
            let rest: String = code[begin..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut parts = rest.split("::").filter(|p| !p.is_empty());
            let mut base: Vec<String> = match parts.next() {
                Some("crate") => Vec::new(),
                // `super` is the module's parent (a file's directory, a `mod.rs`'s parent).
                Some(_) => {
                    let mut m = module.to_vec();
                    m.pop();
                    m
                }
                None => continue,
            };
            let mut found = None;
            for part in parts {
                if part == "super" {
                    base.pop();
                    continue;
                }
                base.push(part.to_owned());
                if modules.contains_key(&base) {
                    found = Some(base.clone());
                } else {
                    break;
                }
            }
            if let Some(target) = found
                && target != module
            {
                out.insert(target);
            }
        }
    }
    out
}

/// The module graph of the non-test code.
fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let modules = modules();
    let tests = test_only(&modules);
    modules
        .iter()
        .filter(|(m, _)| !tests.iter().any(|t| m.starts_with(t)))
        .map(|(m, path)| (m.clone(), imports(m, &code(path), &modules)))
        .collect()
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    let mut wrong = Vec::new();
    for (module, targets) in graph() {
        let Some(top) = module.first() else { continue };
        let allowed: Vec<&str> = if BASE.contains(&top.as_str()) {
            BASE.to_vec()
        } else if let Some((_, below)) = LAYERS.iter().find(|(l, _)| *l == top) {
            BASE.iter()
                .chain(below.iter())
                .copied()
                .chain([top.as_str()])
                .collect()
        } else {
            continue;
        };
        for target in targets {
            if !allowed.contains(&target[0].as_str()) {
                wrong.push(format!(
                    "{} imports {}",
                    module.join("::"),
                    target.join("::")
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports across the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_import_circles_between_files() {
    let graph = graph();
    // A file is in a circle when it reaches itself.
    let mut circles = BTreeSet::new();
    for start in graph.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&Vec<String>> = graph[start].iter().collect();
        while let Some(next) = stack.pop() {
            if next == start {
                circles.insert(start.join("::"));
                break;
            }
            if seen.insert(next.clone()) {
                stack.extend(graph.get(next).into_iter().flatten());
            }
        }
    }
    assert!(circles.is_empty(), "files in an import circle: {circles:?}");
}

/// What eddy may touch besides its inputs and outputs, checked on the source: it never starts a
/// process (no shell), opens sockets only where the command line asks (the listeners of
/// `--listen`, in `input::listen` only; `--to-http`, whose sink `output::http` alone names the
/// HTTP client; the Kafka client only in `input::kafka` and `output::kafka`; `--from-redis` and
/// `--to-redis`, `input::redis` and `output::redis`, connected by `url`), and reads only the
/// environment variables it documents (`EDDY_EAGER`, the
/// debugging switch; `COLUMNS`, the table width; `LINES`, a live view's height). The expression
/// language has no function that could reach files, the network or the environment.
#[test]
fn no_process_no_network_and_only_documented_environment() {
    let mut found = Vec::new();
    for (module, path) in modules() {
        let code = code(&path);
        let listens = module.starts_with(&["input".to_owned(), "listen".to_owned()]);
        for needle in [
            "process::Command",
            "std::net",
            "TcpStream",
            "UdpSocket",
            "env::vars",
        ] {
            let network = !matches!(needle, "process::Command" | "env::vars");
            if code.contains(needle) && !(network && listens) {
                found.push(format!("{}: {needle}", module.join("::")));
            }
        }
        if code.contains("ureq::") && module != ["output", "http"] {
            found.push(format!("{}: ureq", module.join("::")));
        }
        // Kafka's client: the source of `--from-kafka` and the sink of `--to-kafka`.
        let kafka = [["input", "kafka"], ["output", "kafka"]];
        if code.contains("rdkafka::") && !kafka.iter().any(|k| module == k) {
            found.push(format!("{}: rdkafka", module.join("::")));
        }
        // The Redis client: connections are made in `url` (RedisTarget::connect), used by the
        // source and the sink of Redis Streams.
        let redis = [["input", "redis"], ["output", "redis"]];
        let uses_redis = [
            "redis::cmd",
            "redis::pipe",
            "redis::Client",
            "redis::Connection",
        ]
        .iter()
        .any(|needle| code.contains(needle));
        if uses_redis && module != ["url"] && !redis.iter().any(|r| module == r) {
            found.push(format!("{}: redis", module.join("::")));
        }
        for (at, _) in code.match_indices("env::var") {
            let call: String = code[at..].chars().take(40).collect();
            if !["\"EDDY_EAGER\"", "\"COLUMNS\"", "\"LINES\""]
                .iter()
                .any(|name| call.contains(name))
            {
                found.push(format!("{}: {call}", module.join("::")));
            }
        }
    }
    assert!(found.is_empty(), "{found:?}");
    for f in eddy::expr::func::FUNCTIONS {
        for word in [
            "env", "file", "open", "read", "exec", "system", "http", "shell", "net",
        ] {
            assert!(
                !f.name.contains(word),
                "function {} may reach outside",
                f.name
            );
        }
    }
}
