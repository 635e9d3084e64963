//! `route --when EXPR DEST … [--else DEST]`: each event to the first branch whose condition is
//! true: down the chain, to a file, or through a chain of stages of its own.

use std::sync::Arc;

use crate::error::{DropReason, Error, Result};
use crate::event::{Event, FieldReader};
use crate::expr::{self, Env, Expr};
use crate::ops::chain::{Chain, within_chain};
use crate::ops::side::SideFile;
use crate::ops::state;
use crate::ops::{BuildContext, Example, Flow, Inputs, Out, Stage, StageArgs};
use crate::output::Sink;
use crate::value::{Map, Value};

/// What `eddy route --help` and eddy-route(1) show as examples.
pub const EXAMPLES: &[Example] = &[
    Example::new(
        "server errors to one file, client errors to another, the rest on",
        "eddy route --when 'status >= 500' errors.ndjson --when 'status >= 400' client.ndjson --else - access.ndjson",
    ),
    Example::new(
        "errors counted per service, the rest kept as they are",
        r#"eddy route --when 'level == "error"' '| count --by service' --else - events.ndjson"#,
    ),
    Example::new(
        "the 3 slowest of the requests over 100 ms to a file, and only the server errors on",
        "eddy route --when 'latency_ms > 100' '| sort --by latency_ms --reverse then head 3 >> slow.ndjson' --when 'status >= 500' - access.ndjson",
    ),
];

/// Send each event to the first branch whose condition is true
///
/// Each `--when EXPR DEST` is a branch, tried in the order given: an event goes to the first
/// branch whose EXPR is true (null and false are not; EXPR is a `filter` expression, `eddy help
/// expr`), else to the `--else` branch if there is one, else nowhere (counted as filtered, and
/// as `unmatched` in `--stats`). An event on which a condition fails (`"abc" * 2`) is dropped,
/// counted and reported with its file and line, as `filter` drops it, and tried no further.
///
/// A DEST is one of:
///
/// - `-`: the event passes on down the chain (to the next stage, or the output).
///
/// - FILE: the event is appended to FILE as NDJSON (whatever `--to` says; unchanged events as
///   their original bytes). A FILE that begins with `-` is refused as a misplaced option:
///   write `./-` for a file named `-`, `./--x` for one named `--x`.
///
/// - `| CHAIN`: the event goes through CHAIN, stages joined by `then` as on the command line
///   (`| count --by host then head 5`), whose output passes on down the chain.
///
/// - `| CHAIN >> FILE`: the same, CHAIN's output appended to FILE.
///
/// A branch's CHAIN is a chain of its own: its windows and counts see only the branch's events,
/// emit at the end of input and on idle ticks as they would on the command line, and their
/// usage errors come before any input. FILEs are opened before any input is read (created if
/// need be; a missing directory is an error), never emptied: they are appended to, flushed
/// whenever the input pauses and at the end, and closed and opened again by name on SIGHUP
/// (after logrotate moved them). A FILE that is an input file, the DEST of two branches, or
/// written by another route, `tee` or `--errors` (however named: `./x`, a full path, a
/// symbolic link) is refused. An event that reaches no further (its CHAIN's `head` is satisfied, or nothing down
/// the chain wants more: a satisfied `head`, or a closed stdout as in `| head -1`) is filtered;
/// the run reads on while a branch still writes a file (in its CHAIN too, a `split`'s), and a
/// closed stdout then ends it quietly at the end of input.
///
/// `--stats` shows, per branch, the events it took (`events`; not those route filtered because
/// the branch was done) and its CHAIN's stages' counters
/// (`stages`); the events sent to a FILE or a CHAIN count as `absorbed`, those a CHAIN emits
/// down the chain as made. `--state` keeps what its CHAINs hold, as it keeps the stages of the
/// command line.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A branch: events for which EXPR is true (and no earlier branch's) go to DEST: `-`, a
    /// FILE, or `| CHAIN [>> FILE]`
    #[arg(
        long = "when",
        num_args = 2,
        value_names = ["EXPR", "DEST"],
        allow_hyphen_values = true,
        required = true,
        action = clap::ArgAction::Append
    )]
    when: Vec<String>,
    /// Where the events no `--when` takes go (else they are filtered)
    #[arg(long = "else", value_name = "DEST", allow_hyphen_values = true)]
    otherwise: Option<String>,
    #[command(flatten)]
    input: Inputs,
}

impl StageArgs for Args {
    fn inputs(&self) -> &Inputs {
        &self.input
    }
}

/// Compiles the conditions and builds the branches' chains; every usage error comes here.
pub fn build(args: Args, ctx: &BuildContext) -> Result<Box<dyn Stage>> {
    let usage = |message: String| -> Error { ctx.usage("route", message).into() };
    let mut branches = Vec::new();
    let mut files: Vec<String> = Vec::new();
    let whens = args.when.chunks(2).map(Some);
    for (i, pair) in whens.chain([None]).enumerate() {
        let (condition, dest) = match pair {
            Some(pair) => {
                let [expr_text, dest] = pair else {
                    return Err(usage("--when takes EXPR and DEST".into()));
                };
                let expr = expr::compile(expr_text).map_err(|e| {
                    within_chain(Error::Usage(e), &format!("--when {}", i + 1))
                        .in_stage(ctx.index, "route")
                })?;
                (Some((Arc::new(expr), expr_text.clone())), dest.clone())
            }
            None => match &args.otherwise {
                Some(dest) => (None, dest.clone()),
                None => break,
            },
        };
        let label = match condition {
            Some(_) => format!("branch {}", i + 1),
            None => "the --else branch".to_owned(),
        };
        let dest = Dest::parse(&dest, ctx, &label)?;
        if let Target::File(file) = &dest.target {
            let name = file.name.clone();
            if files.contains(&name) {
                return Err(usage(format!(
                    "`{name}` is the DEST of two branches: write one condition with `or`"
                )));
            }
            if crate::input::is_input_file(std::path::Path::new(&name), &ctx.inputs) {
                return Err(usage(format!(
                    "`{name}` is also an input file: route would append to what it reads"
                )));
            }
            files.push(name);
        }
        branches.push(Branch {
            condition,
            dest,
            events: 0,
            stopped: false,
        });
    }
    let fields = FieldReader::new(
        &branches
            .iter()
            .filter_map(|b| b.condition.as_ref())
            .flat_map(|(expr, _)| expr.referenced_fields())
            .fold(Vec::new(), |mut all, path| {
                if !all.contains(&path) {
                    all.push(path);
                }
                all
            }),
    );
    Ok(Box::new(Route {
        branches,
        fields,
        unmatched: 0,
        downstream_stopped: false,
        index: ctx.index,
    }))
}

/// One branch: its condition (none for `--else`), where its events go, what it took.
struct Branch {
    condition: Option<(Arc<Expr>, String)>,
    dest: Dest,
    /// The events that took this branch.
    events: u64,
    /// The branch's chain wants no more events.
    stopped: bool,
}

/// Where a branch's events go: through a chain or not, then to a target.
struct Dest {
    chain: Option<Chain>,
    target: Target,
    /// DEST as given.
    text: String,
}

/// The end of a branch.
enum Target {
    /// Down the chain; what a branch's chain emits is held here until it is passed on.
    Down(Collected),
    /// A file.
    File(NamedFile),
}

/// A branch's file and the name it was given.
struct NamedFile {
    name: String,
    file: SideFile,
}

impl Dest {
    /// Reads DEST: `-`, `| CHAIN [>> FILE]`, or a FILE.
    fn parse(text: &str, ctx: &BuildContext, label: &str) -> Result<Dest> {
        let target = |name: String| match name.as_str() {
            "-" => Target::Down(Collected::default()),
            _ => Target::File(NamedFile {
                file: SideFile::new(&name),
                name,
            }),
        };
        let usage =
            |message: String| -> Error { ctx.usage("route", format!("{label}: {message}")).into() };
        // A file name that would be an option is most likely one given in the wrong place.
        let like_option = |name: &str| -> Result<()> {
            match name.starts_with('-') && name != "-" {
                true => Err(usage(format!(
                    "the DEST `{name}` looks like an option: write `./{name}` for a file of \
                     that name"
                ))),
                false => Ok(()),
            }
        };
        let Some(chain_text) = text.trim_start().strip_prefix('|') else {
            if text.is_empty() {
                return Err(usage("DEST is empty: give `-`, a FILE or `| CHAIN`".into()));
            }
            like_option(text)?;
            return Ok(Dest {
                chain: None,
                target: target(text.to_owned()),
                text: text.to_owned(),
            });
        };
        let in_chain = |e: Error| within_chain(e, label).in_stage(ctx.index, "route");
        let mut commands = (ctx.chain)(chain_text).map_err(in_chain)?;
        // The last stage's operands are the branch's `>> FILE`, as a shell reads a redirection.
        let operands = commands
            .last_mut()
            .map(|c| c.files().to_vec())
            .unwrap_or_default();
        let file = match operands.as_slice() {
            [] => "-".to_owned(),
            [to, file] if to == ">>" => file.clone(),
            [to] if to.len() > 2 && to.starts_with(">>") => to[2..].to_owned(),
            _ => {
                return Err(usage(format!(
                    "unexpected `{}` after the chain `{}`: its output goes down the chain, or \
                     to a file with `>> FILE`",
                    operands.join(" "),
                    chain_text.trim()
                )));
            }
        };
        like_option(&file)?;
        let chain =
            Chain::build(commands, ctx, label).map_err(|e| e.in_stage(ctx.index, "route"))?;
        Ok(Dest {
            chain: Some(chain),
            target: target(file),
            text: text.to_owned(),
        })
    }
}

/// What a branch's chain emits down the route's chain, until it is passed on; once nothing
/// down the chain wants more, a closed pipe to the chain (which reads on only for the files it
/// writes).
#[derive(Default)]
struct Collected {
    events: Vec<Event>,
    closed: bool,
}

impl Sink for Collected {
    fn write(&mut self, event: &Event) -> std::io::Result<()> {
        if self.closed {
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        self.events.push(event.clone());
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The branches and what the stage counts.
struct Route {
    branches: Vec<Branch>,
    /// Reads the fields every condition references.
    fields: FieldReader,
    /// Events no branch took.
    unmatched: u64,
    /// Nothing down the chain wants more events.
    downstream_stopped: bool,
    index: usize,
}

impl Route {
    /// The first branch `event` takes (`Ok(None)`: none), or the message of a condition that
    /// failed on it.
    fn choose(
        &mut self,
        event: &Event,
        now: impl Fn() -> i64,
    ) -> std::result::Result<Option<usize>, String> {
        let root = self.fields.read(event);
        for (i, branch) in self.branches.iter().enumerate() {
            let Some((expr, _)) = &branch.condition else {
                return Ok(Some(i));
            };
            let env = match expr.uses_context() {
                true => Env::at(now(), event.location()),
                false => Env::new(0),
            };
            if expr.is_true(root, &env)? {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }

    /// Whether branch `i` takes no more events: its chain is done, or its events would go
    /// down a chain that wants no more.
    fn done(&self, i: usize) -> bool {
        let branch = &self.branches[i];
        let writes_aside = branch.dest.chain.as_ref().is_some_and(Chain::writes_aside);
        branch.stopped
            || matches!(branch.dest.target, Target::Down(_))
                && self.downstream_stopped
                && !writes_aside
    }

    /// Nothing down the chain wants more: the branches' chains that pass on are told so.
    fn stop_downstream(&mut self) {
        self.downstream_stopped = true;
        for branch in &mut self.branches {
            if let Target::Down(collected) = &mut branch.dest.target {
                collected.closed = true;
            }
        }
    }

    /// Continue while some branch still takes events.
    fn flow(&self) -> Flow {
        match (0..self.branches.len()).all(|i| self.done(i)) {
            true => Flow::Stop,
            false => Flow::Continue,
        }
    }

    /// A write error on a branch's file.
    fn failed(&self, e: std::io::Error) -> Error {
        Error::runtime(format!("stage {} (route): {e}", self.index))
    }

    /// Runs `f` on branch `i`'s chain with its target as the sink, then passes on what the
    /// chain emitted down the route's chain.
    fn through_chain(
        &mut self,
        i: usize,
        out: &mut Out<'_>,
        f: impl FnOnce(&mut Chain, &mut dyn Sink, &mut Out<'_>) -> Result<Flow>,
    ) -> Result<()> {
        let branch = &mut self.branches[i];
        let Some(chain) = &mut branch.dest.chain else {
            return Ok(());
        };
        let sink: &mut dyn Sink = match &mut branch.dest.target {
            Target::Down(collected) => collected,
            Target::File(named) => &mut named.file,
        };
        if f(chain, sink, out)? == Flow::Stop {
            branch.stopped = true;
        }
        let Target::Down(collected) = &mut branch.dest.target else {
            return Ok(());
        };
        let mut stop = false;
        for event in collected.events.drain(..) {
            // What comes after nothing down the chain wants more is not sent.
            if !stop && !self.downstream_stopped && out.emit_made(event)? == Flow::Stop {
                stop = true;
            }
        }
        if stop {
            self.stop_downstream();
        }
        Ok(())
    }
}

impl Route {
    /// The options that shape what the stage holds: each branch's condition and DEST.
    fn settings(&self) -> Value {
        let branch = |b: &Branch| {
            let when = b
                .condition
                .as_ref()
                .map(|(_, text)| Value::from(text.as_str()));
            Value::Array(vec![
                when.unwrap_or(Value::Null),
                Value::from(b.dest.text.as_str()),
            ])
        };
        Value::Array(self.branches.iter().map(branch).collect())
    }
}

impl Stage for Route {
    fn process(&mut self, event: Event, out: &mut Out<'_>) -> Result<Flow> {
        let chosen = match self.choose(&event, || out.now()) {
            Ok(chosen) => chosen,
            Err(message) => {
                out.drop_event(&event, DropReason::EvalError, message)?;
                return Ok(Flow::Continue);
            }
        };
        let Some(i) = chosen else {
            self.unmatched += 1;
            out.filtered();
            return Ok(self.flow());
        };
        if self.done(i) {
            out.filtered();
            return Ok(self.flow());
        }
        self.branches[i].events += 1;
        if self.branches[i].dest.chain.is_some() {
            out.absorbed(1);
            self.through_chain(i, out, |chain, sink, out| chain.push(event, sink, out))?;
            return Ok(self.flow());
        }
        match &mut self.branches[i].dest.target {
            Target::Down(_) => {
                if out.emit(event)? == Flow::Stop {
                    self.stop_downstream();
                }
            }
            Target::File(named) => {
                out.absorbed(1);
                if let Err(e) = named.file.write(&event) {
                    return Err(self.failed(e));
                }
            }
        }
        Ok(self.flow())
    }

    fn finish(&mut self, out: &mut Out<'_>) -> Result<()> {
        for i in 0..self.branches.len() {
            self.through_chain(i, out, |chain, sink, out| {
                chain.finish(sink, out).map(|()| Flow::Continue)
            })?;
        }
        self.flush()
    }

    fn tick(&mut self, now: i64, out: &mut Out<'_>) -> Result<Flow> {
        for i in 0..self.branches.len() {
            self.through_chain(i, out, |chain, sink, out| chain.tick(now, sink, out))?;
        }
        Ok(self.flow())
    }

    fn writes_aside(&self) -> bool {
        (self.branches.iter()).any(|b| {
            matches!(b.dest.target, Target::File(_))
                || b.dest.chain.as_ref().is_some_and(Chain::writes_aside)
        })
    }

    fn filtered_within(&self) -> u64 {
        (self.branches.iter())
            .filter_map(|b| b.dest.chain.as_ref())
            .map(Chain::filtered)
            .sum()
    }

    fn files_written(&self) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for branch in &self.branches {
            if let Some(chain) = &branch.dest.chain {
                files.extend(chain.files_written());
            }
            if let Target::File(named) = &branch.dest.target {
                files.push(named.name.clone().into());
            }
        }
        files
    }

    fn next_deadline(&self) -> Option<i64> {
        (self.branches.iter())
            .filter_map(|b| b.dest.chain.as_ref()?.next_deadline())
            .min()
    }

    fn written_elsewhere(&mut self, files: &[std::path::PathBuf]) {
        for branch in &mut self.branches {
            if let Some(chain) = &mut branch.dest.chain {
                chain.written_elsewhere(files);
            }
        }
    }

    fn open(&mut self, append: bool) -> Result<()> {
        for branch in &mut self.branches {
            if let Some(chain) = &mut branch.dest.chain {
                chain.open(append)?;
            }
            if let Target::File(named) = &mut branch.dest.target {
                let opened = named.file.open(false);
                opened.map_err(|e| Error::runtime(format!("stage {} (route): {e}", self.index)))?;
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        for i in 0..self.branches.len() {
            if let Some(chain) = &mut self.branches[i].dest.chain {
                chain.flush()?;
            }
            if let Target::File(named) = &mut self.branches[i].dest.target
                && let Err(e) = named.file.flush()
            {
                return Err(self.failed(e));
            }
        }
        Ok(())
    }

    fn reopen(&mut self) -> Result<()> {
        for i in 0..self.branches.len() {
            if let Some(chain) = &mut self.branches[i].dest.chain {
                chain.reopen()?;
            }
            if let Target::File(named) = &mut self.branches[i].dest.target
                && let Err(e) = named.file.reopen()
            {
                return Err(self.failed(e));
            }
        }
        Ok(())
    }

    fn save_state(&self) -> Result<Option<Value>> {
        let mut any = false;
        let mut branches = Vec::with_capacity(self.branches.len());
        for branch in &self.branches {
            let saved = match &branch.dest.chain {
                Some(chain) => chain.save_state()?,
                None => None,
            };
            any |= saved.is_some();
            branches.push(saved.unwrap_or(Value::Null));
        }
        if !any {
            return Ok(None);
        }
        let mut m = state::frame("route", self.settings());
        m.insert("branches".into(), Value::Array(branches));
        Ok(Some(Value::Object(m)))
    }

    fn restore_state(&mut self, saved: Value) -> Result<()> {
        let f = state::open(&saved, "route", &self.settings())?;
        let branches = f.list("branches")?;
        if branches.len() != self.branches.len() {
            return Err(f.damaged(format!("not {} branches", self.branches.len())));
        }
        for (branch, saved) in self.branches.iter_mut().zip(&branches) {
            match (&mut branch.dest.chain, saved.raw()) {
                (_, Value::Null) => {}
                (Some(chain), _) => chain.restore_state(saved)?,
                (None, _) => return Err(saved.damaged("a branch without a chain")),
            }
        }
        Ok(())
    }

    fn summary(&self) -> Option<String> {
        let lines: Vec<String> = (self.branches.iter())
            .filter_map(|b| b.dest.chain.as_ref())
            .flat_map(Chain::summaries)
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    fn stats(&self) -> Option<Value> {
        let int = |n: u64| Value::Int(n as i64);
        let branches = (self.branches.iter().enumerate())
            .map(|(i, branch)| {
                let mut m = Map::default();
                match &branch.condition {
                    Some((_, text)) => {
                        m.insert("branch".into(), int(i as u64 + 1));
                        m.insert("when".into(), Value::from(text.as_str()));
                    }
                    None => {
                        m.insert("branch".into(), Value::from("else"));
                    }
                }
                m.insert("dest".into(), Value::from(branch.dest.text.as_str()));
                m.insert("events".into(), int(branch.events));
                if let Some(chain) = &branch.dest.chain {
                    m.insert("stages".into(), chain.stats());
                }
                Value::Object(m)
            })
            .collect();
        let mut m = Map::default();
        m.insert("branches".into(), Value::Array(branches));
        m.insert("unmatched".into(), int(self.unmatched));
        Some(Value::Object(m))
    }
}
