//! A chain of stages held inside a stage (a `route` branch), driven as the pipeline drives its
//! own: each event pushed into the first stage through [`Out::nested`], every stage's `finish`
//! in order at the end, `tick` when a stage's deadline has passed, `flush`, `open` and `reopen`
//! passed to each. Its output goes to the sink the holder gives.

use crate::error::{Error, Result, UsageError};
use crate::event::Event;
use crate::ops::state::{self, Field};
use crate::ops::{BuildContext, Flow, Out, Stage, StageCommand, StageCounters};
use crate::output::Sink;
use crate::value::{Map, Value};

/// The stages of a chain and their counters.
pub struct Chain {
    names: Vec<&'static str>,
    stages: Vec<Box<dyn Stage>>,
    /// `counters[0]`: the chain's input; `counters[i]`: stage `i` (1-based).
    counters: Vec<StageCounters>,
    /// The run goes on from an earlier one's `--state`: the stages show what they took back.
    resumed: bool,
}

impl Chain {
    /// Builds the stages of `commands` (as the pipeline builds its own, numbered from 1 in the
    /// chain); `within` names the chain in a usage error (`branch 2`).
    pub fn build(commands: Vec<StageCommand>, ctx: &BuildContext, within: &str) -> Result<Chain> {
        let mut names = Vec::with_capacity(commands.len());
        let mut stages = Vec::with_capacity(commands.len());
        for (i, command) in commands.into_iter().enumerate() {
            let name = command.name();
            let inner = BuildContext {
                index: i + 1,
                clock: ctx.clock.clone(),
                inputs: ctx.inputs.clone(),
                chain: ctx.chain,
            };
            let stage = command
                .build(&inner)
                .map_err(|e| within_chain(e.in_stage(i + 1, name), within))?;
            names.push(name);
            stages.push(stage);
        }
        Ok(Chain {
            counters: vec![StageCounters::default(); stages.len() + 1],
            names,
            stages,
            resumed: false,
        })
    }

    /// Calls `f` with the stage at 0-based `index` and its downstream, which ends in `sink`.
    fn at<T>(
        &mut self,
        index: usize,
        sink: &mut dyn Sink,
        out: &mut Out<'_>,
        f: impl FnOnce(&mut dyn Stage, &mut Out<'_>) -> Result<T>,
    ) -> Result<T> {
        let (stage, rest) = self.stages[index..]
            .split_first_mut()
            .expect("stage in range");
        let mut inner = out.nested(&mut self.counters[index + 1..], rest, sink);
        f(stage.as_mut(), &mut inner)
    }

    /// Pushes one event into the first stage.
    pub fn push(&mut self, event: Event, sink: &mut dyn Sink, out: &mut Out<'_>) -> Result<Flow> {
        out.nested(&mut self.counters, &mut self.stages, sink)
            .emit_made(event)
    }

    /// End of input: every stage finishes in order, so what it emits reaches the later ones.
    pub fn finish(&mut self, sink: &mut dyn Sink, out: &mut Out<'_>) -> Result<()> {
        for i in 0..self.stages.len() {
            self.at(i, sink, out, |stage, out| stage.finish(out))?;
        }
        Ok(())
    }

    /// Ticks every stage when one's deadline has passed.
    pub fn tick(&mut self, now: i64, sink: &mut dyn Sink, out: &mut Out<'_>) -> Result<Flow> {
        if self.next_deadline().is_none_or(|deadline| deadline > now) {
            return Ok(Flow::Continue);
        }
        for i in 0..self.stages.len() {
            if self.at(i, sink, out, |stage, out| stage.tick(now, out))? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }

    /// Whether a stage writes files it goes on writing when nothing down the chain wants more
    /// ([`Stage::writes_aside`]).
    pub fn writes_aside(&self) -> bool {
        self.stages.iter().any(|s| s.writes_aside())
    }

    /// Events the stages filtered, also in chains they hold.
    pub fn filtered(&self) -> u64 {
        let own: u64 = self.counters[1..].iter().map(|c| c.filtered).sum();
        own + self.stages.iter().map(|s| s.filtered_within()).sum::<u64>()
    }

    /// The files the stages write whose names are known before any input.
    pub fn files_written(&self) -> Vec<std::path::PathBuf> {
        self.stages.iter().flat_map(|s| s.files_written()).collect()
    }

    /// Tells the stages the files the run writes elsewhere ([`Stage::written_elsewhere`]).
    pub fn written_elsewhere(&mut self, files: &[std::path::PathBuf]) {
        for stage in &mut self.stages {
            stage.written_elsewhere(files);
        }
    }

    /// The earliest instant a stage wants a tick at.
    pub fn next_deadline(&self) -> Option<i64> {
        self.stages.iter().filter_map(|s| s.next_deadline()).min()
    }

    /// Opens the stages' side files.
    pub fn open(&mut self, append: bool) -> Result<()> {
        self.each(|stage| stage.open(append))
    }

    /// Flushes the stages' side files.
    pub fn flush(&mut self) -> Result<()> {
        self.each(|stage| stage.flush())
    }

    /// SIGHUP: the stages' side files are opened again by name.
    pub fn reopen(&mut self) -> Result<()> {
        self.each(|stage| stage.reopen())
    }

    /// Calls `f` on every stage in order, an error named after its stage.
    fn each(&mut self, mut f: impl FnMut(&mut dyn Stage) -> Result<()>) -> Result<()> {
        for (i, (stage, name)) in self.stages.iter_mut().zip(&self.names).enumerate() {
            f(stage.as_mut()).map_err(|e| e.in_stage(i + 1, name))?;
        }
        Ok(())
    }

    /// What the stages hold between runs (`--state`): each stage's state, or null for one that
    /// holds nothing; `None` when none holds anything.
    pub fn save_state(&self) -> Result<Option<Value>> {
        let states = (self.stages.iter())
            .map(|stage| Ok(stage.save_state()?.unwrap_or(Value::Null)))
            .collect::<Result<Vec<Value>>>()?;
        let any = states.iter().any(|s| !matches!(s, Value::Null));
        Ok(any.then_some(Value::Array(states)))
    }

    /// Gives each stage the state [`Chain::save_state`] saved of it in an earlier run.
    pub fn restore_state(&mut self, saved: &Field<'_>) -> Result<()> {
        let states = saved.items()?;
        if states.len() != self.stages.len() {
            return Err(saved.damaged(format!("not {} stages", self.stages.len())));
        }
        for (i, ((stage, name), state)) in
            (self.stages.iter_mut().zip(&self.names).zip(states)).enumerate()
        {
            if !matches!(state.raw(), Value::Null) {
                state::restore_value(stage.as_mut(), i + 1, name, state.raw().clone())?;
                self.counters[i + 1].restored = stage.holding();
            }
        }
        self.resumed = true;
        Ok(())
    }

    /// The stages' lines for stderr at the end of the run.
    pub fn summaries(&self) -> impl Iterator<Item = String> + '_ {
        self.stages.iter().filter_map(|s| s.summary())
    }

    /// The stages' `--stats` counters, as the run's stages show theirs.
    pub fn stats(&self) -> Value {
        let stages = (self.names.iter().zip(&self.counters[1..]).zip(&self.stages))
            .enumerate()
            .map(|(i, ((name, counters), stage))| {
                let mut m = Map::default();
                m.insert("stage".into(), Value::Int(i as i64 + 1));
                m.insert("name".into(), Value::from(*name));
                counters.show(&mut m, stage.holding());
                if self.resumed {
                    m.insert("restored".into(), Value::Int(counters.restored as i64));
                }
                if let Some(extra) = stage.stats() {
                    m.insert("details".into(), extra);
                }
                Value::Object(m)
            })
            .collect();
        Value::Array(stages)
    }
}

/// A usage error of a chain's stage said as one of the holder's: `branch 2, stage 1 (count):
/// MESSAGE`, its caret kept.
pub fn within_chain(e: Error, within: &str) -> Error {
    let Error::Usage(usage) = e else {
        return e;
    };
    let at = match &usage.stage {
        Some((index, name)) => format!("{within}, stage {index} ({name})"),
        None => within.to_owned(),
    };
    Error::Usage(UsageError {
        stage: None,
        message: format!("{at}: {}", usage.message),
        snippet: usage.snippet,
    })
}
