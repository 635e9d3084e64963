//! A sink that keeps events in memory, for tests that drive stages directly.

use std::io;
use std::sync::{Arc, Mutex};

use crate::event::Event;
use crate::output::Sink;

/// Collects written events as compact JSON lines and counts flushes.
#[derive(Debug, Default, Clone)]
pub struct Collect {
    /// The lines written so far (shared, so a test can read them while the sink is borrowed).
    pub lines: Arc<Mutex<Vec<String>>>,
    /// How many times the sink was flushed.
    pub flushes: Arc<Mutex<usize>>,
}

impl Collect {
    /// The lines written so far.
    pub fn take(&self) -> Vec<String> {
        self.lines
            .lock()
            .map(|mut l| std::mem::take(&mut *l))
            .unwrap_or_default()
    }
}

impl Sink for Collect {
    fn write(&mut self, event: &Event) -> io::Result<()> {
        if let Ok(mut l) = self.lines.lock() {
            l.push(event.value().to_json());
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Ok(mut f) = self.flushes.lock() {
            *f += 1;
        }
        Ok(())
    }
}
