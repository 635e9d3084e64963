//! Reading a source with a deadline: for the format guess on a live pipe
//! ([`crate::input::detect`]), which waits a little for more lines, never for ever, and for a
//! multi-line record open on a live pipe, which ends when the input pauses
//! (`--multiline-timeout`).
//!
//! A read that may be given up on runs on a reading thread ([`TimedReader::read_until`]), which
//! keeps the source and reads on request, as long as reads with a deadline follow each other (a
//! pipe read while multi-line records are open may be read thousands of times a second: a
//! thread per read would cost more than the reading). When the deadline passes first, the read
//! goes on there, and its bytes are those of the next read: nothing is lost or read twice. A
//! plain read ([`TimedReader::read`]) takes the source back, and reads are plain calls again.
//! Regular files, whose reads never wait for a writer, are not read this way: their guess does
//! not depend on timing.

use std::io::{self, Read};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel, sync_channel};
use std::thread;
use std::time::Instant;

/// What the reading thread is asked to do.
enum Ask {
    /// Read up to this many bytes into the buffer.
    Read(Vec<u8>, usize),
    /// Hand the source back and end.
    GiveBack,
}

/// What the reading thread answers.
enum Done {
    /// A read ended: the buffer, and how many bytes of it were read.
    Read(Vec<u8>, io::Result<usize>),
    /// The source, given back.
    Back(Box<dyn Read + Send>),
}

/// The reading thread: where to ask, where it answers.
struct Worker {
    ask: Sender<Ask>,
    done: Receiver<Done>,
}

/// A source whose reads may be waited for with a deadline.
pub struct TimedReader {
    /// The source; `None` while the reading thread holds it.
    reader: Option<Box<dyn Read + Send>>,
    /// The reading thread, once a read with a deadline started it.
    worker: Option<Worker>,
    /// A read was asked of the thread and its answer not taken yet (given up on at a deadline).
    pending: bool,
    /// Bytes of a finished read that did not fit the buffer they were read for: `left[at..end]`.
    /// The buffer is that of the next read on the thread.
    left: Vec<u8>,
    at: usize,
    end: usize,
}

impl TimedReader {
    /// Reads `reader`.
    pub fn new(reader: Box<dyn Read + Send>) -> TimedReader {
        TimedReader {
            reader: Some(reader),
            worker: None,
            pending: false,
            left: Vec::new(),
            at: 0,
            end: 0,
        }
    }

    /// Reads into `buf` (as [`Read::read`]): first what a read given up on brings, then from
    /// the source, taken back from the reading thread.
    pub fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at < self.end {
            return Ok(self.hand_out(buf));
        }
        if let Some(worker) = self.worker.take() {
            if std::mem::take(&mut self.pending) {
                let done = worker.done.recv().map_err(|_| lost());
                self.worker = Some(worker);
                return self.finish(done?, buf);
            }
            // The thread is idle: it gives the source back and ends.
            worker.ask.send(Ask::GiveBack).map_err(|_| lost())?;
            match worker.done.recv() {
                Ok(Done::Back(reader)) => self.reader = Some(reader),
                _ => return Err(lost()),
            }
        }
        match &mut self.reader {
            Some(reader) => reader.read(buf),
            None => Err(lost()),
        }
    }

    /// Reads into `buf`, or gives up at `deadline`: `None` when nothing came by then (the read
    /// goes on, and a later call returns its bytes).
    pub fn read_until(&mut self, buf: &mut [u8], deadline: Instant) -> Option<io::Result<usize>> {
        if self.at < self.end {
            return Some(Ok(self.hand_out(buf)));
        }
        if !self.pending
            && let Err(e) = self.ask(buf.len())
        {
            return Some(Err(e));
        }
        let Some(worker) = &self.worker else {
            return Some(Err(lost()));
        };
        match worker
            .done
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            Ok(done) => {
                self.pending = false;
                Some(self.finish(done, buf))
            }
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => Some(Err(lost())),
        }
    }

    /// Asks the reading thread, started first if need be, to read up to `len` bytes, into the
    /// buffer of the last read (all handed out).
    fn ask(&mut self, len: usize) -> io::Result<()> {
        if self.worker.is_none() {
            let mut reader = self.reader.take().ok_or_else(lost)?;
            let (ask, asked) = channel();
            let (tell, done) = sync_channel(1);
            thread::Builder::new()
                .name("eddy-read".into())
                .spawn(move || {
                    for ask in asked {
                        let answer = match ask {
                            Ask::Read(mut bytes, len) => {
                                if bytes.len() < len {
                                    bytes.resize(len, 0);
                                }
                                let result = reader.read(&mut bytes[..len]);
                                Done::Read(bytes, result)
                            }
                            Ask::GiveBack => {
                                let _ = tell.send(Done::Back(reader));
                                return;
                            }
                        };
                        if tell.send(answer).is_err() {
                            return;
                        }
                    }
                })?;
            self.worker = Some(Worker { ask, done });
        }
        let bytes = std::mem::take(&mut self.left);
        let worker = self.worker.as_ref().ok_or_else(lost)?;
        worker.ask.send(Ask::Read(bytes, len)).map_err(|_| lost())?;
        self.pending = true;
        Ok(())
    }

    /// Takes the bytes of a finished read and hands them out into `buf`.
    fn finish(&mut self, done: Done, buf: &mut [u8]) -> io::Result<usize> {
        let Done::Read(bytes, result) = done else {
            return Err(lost());
        };
        self.left = bytes;
        self.at = 0;
        // A failed read leaves nothing to hand out.
        self.end = result.as_ref().map_or(0, |n| *n);
        result?;
        Ok(self.hand_out(buf))
    }

    /// Moves what is left of a finished read into `buf`.
    fn hand_out(&mut self, buf: &mut [u8]) -> usize {
        let n = buf.len().min(self.end - self.at);
        buf[..n].copy_from_slice(&self.left[self.at..self.at + n]);
        self.at += n;
        n
    }
}

/// The error of a source whose reading thread went away without handing the source back (it
/// could not start, or the read panicked).
fn lost() -> io::Error {
    io::Error::other("the thread reading the source ended")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::tests::Pipe;
    use std::sync::mpsc::{Sender, channel};
    use std::time::Duration;

    fn pipe() -> (Sender<Vec<u8>>, TimedReader) {
        let (tx, rx) = channel();
        (tx, TimedReader::new(Box::new(Pipe(rx))))
    }

    #[test]
    fn a_read_given_up_on_is_the_next_read() {
        let (tx, mut reader) = pipe();
        let mut buf = [0u8; 16];
        let soon = || Instant::now() + Duration::from_millis(20);
        assert!(reader.read_until(&mut buf, soon()).is_none());
        assert!(reader.read_until(&mut buf, soon()).is_none());
        tx.send(b"abc".to_vec()).unwrap();
        assert_eq!(reader.read(&mut buf).unwrap(), 3);
        assert_eq!(&buf[..3], b"abc");
        tx.send(b"de".to_vec()).unwrap();
        let far = Instant::now() + Duration::from_secs(30);
        assert_eq!(reader.read_until(&mut buf, far).unwrap().unwrap(), 2);
        tx.send(b"f".to_vec()).unwrap();
        assert_eq!(reader.read(&mut buf).unwrap(), 1);
        // Reads with a deadline one after the other, then plain ones, then with a deadline again.
        for chunk in [&b"gh"[..], b"ijk", b"l"] {
            tx.send(chunk.to_vec()).unwrap();
            let got = reader.read_until(&mut buf, far).unwrap().unwrap();
            assert_eq!(&buf[..got], chunk);
        }
        tx.send(b"mn".to_vec()).unwrap();
        assert_eq!(reader.read(&mut buf).unwrap(), 2);
        tx.send(b"o".to_vec()).unwrap();
        assert_eq!(reader.read_until(&mut buf, far).unwrap().unwrap(), 1);
        drop(tx);
        assert_eq!(reader.read(&mut buf).unwrap(), 0);
    }

    #[test]
    fn bytes_that_do_not_fit_are_kept_for_the_next_read() {
        let (tx, mut reader) = pipe();
        let mut buf = [0u8; 8];
        let soon = Instant::now() + Duration::from_millis(10);
        assert!(reader.read_until(&mut buf, soon).is_none());
        tx.send(b"12345678".to_vec()).unwrap();
        let mut small = [0u8; 5];
        assert_eq!(reader.read(&mut small).unwrap(), 5);
        assert_eq!(reader.read(&mut small).unwrap(), 3);
        assert_eq!(&small[..3], b"678");
    }
}
