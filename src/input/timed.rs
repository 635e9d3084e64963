//! Reading a source with a deadline, for the format guess on a live pipe
//! ([`crate::input::detect`]): the guess waits a little for more lines, never for ever.
//!
//! A read that may be given up on runs on a thread of its own ([`TimedReader::read_until`]).
//! When the deadline passes first, the read goes on there, and its bytes are those of the next
//! read: nothing is lost or read twice, and once the format is chosen reads are plain calls
//! again ([`TimedReader::read`]). Regular files, whose reads never wait for a writer, are not
//! read this way: their guess does not depend on timing.

use std::io::{self, Read};
use std::sync::mpsc::{Receiver, RecvTimeoutError, sync_channel};
use std::thread;
use std::time::Instant;

/// What a read on the reading thread ended with: the source back, the bytes, how many.
struct Finished {
    reader: Box<dyn Read + Send>,
    bytes: Vec<u8>,
    result: io::Result<usize>,
}

/// A source whose reads may be waited for with a deadline.
pub struct TimedReader {
    /// The source; `None` while a read of it runs on its own thread.
    reader: Option<Box<dyn Read + Send>>,
    /// The read given up on at a deadline, still running.
    pending: Option<Receiver<Finished>>,
    /// Bytes of a finished read that did not fit the buffer they were read for, from `at`.
    left: Vec<u8>,
    at: usize,
}

impl TimedReader {
    /// Reads `reader`.
    pub fn new(reader: Box<dyn Read + Send>) -> TimedReader {
        TimedReader {
            reader: Some(reader),
            pending: None,
            left: Vec::new(),
            at: 0,
        }
    }

    /// Reads into `buf` (as [`Read::read`]), first waiting for a read given up on.
    pub fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at < self.left.len() {
            return Ok(self.hand_out(buf));
        }
        if let Some(pending) = self.pending.take() {
            return self.finish(pending.recv().ok(), buf);
        }
        match &mut self.reader {
            Some(reader) => reader.read(buf),
            None => Err(lost()),
        }
    }

    /// Reads into `buf`, or gives up at `deadline`: `None` when nothing came by then (the read
    /// goes on, and a later call returns its bytes).
    pub fn read_until(&mut self, buf: &mut [u8], deadline: Instant) -> Option<io::Result<usize>> {
        if self.at < self.left.len() {
            return Some(Ok(self.hand_out(buf)));
        }
        let pending = match self.pending.take() {
            Some(pending) => pending,
            None => match self.start(buf.len()) {
                Ok(pending) => pending,
                Err(e) => return Some(Err(e)),
            },
        };
        match pending.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(finished) => Some(self.finish(Some(finished), buf)),
            Err(RecvTimeoutError::Timeout) => {
                self.pending = Some(pending);
                None
            }
            Err(RecvTimeoutError::Disconnected) => Some(Err(lost())),
        }
    }

    /// Starts a read of up to `len` bytes on a thread of its own.
    fn start(&mut self, len: usize) -> io::Result<Receiver<Finished>> {
        let mut reader = self.reader.take().ok_or_else(lost)?;
        let (tx, rx) = sync_channel(1);
        thread::Builder::new()
            .name("eddy-read".into())
            .spawn(move || {
                let mut bytes = vec![0; len];
                let result = reader.read(&mut bytes);
                let _ = tx.send(Finished {
                    reader,
                    bytes,
                    result,
                });
            })?;
        Ok(rx)
    }

    /// Takes the source back from a finished read and hands its bytes out into `buf`.
    fn finish(&mut self, finished: Option<Finished>, buf: &mut [u8]) -> io::Result<usize> {
        let Finished {
            reader,
            mut bytes,
            result,
        } = finished.ok_or_else(lost)?;
        self.reader = Some(reader);
        bytes.truncate(result?);
        self.left = bytes;
        self.at = 0;
        Ok(self.hand_out(buf))
    }

    /// Moves what is left of a finished read into `buf`.
    fn hand_out(&mut self, buf: &mut [u8]) -> usize {
        let n = buf.len().min(self.left.len() - self.at);
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
