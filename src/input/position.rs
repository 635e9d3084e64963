//! Where a file was read to, and which file it was: what `--state` saves between runs and
//! `--follow` watches while it runs.
//!
//! A file is known by its device and inode plus a fingerprint of its first bytes (as read, after
//! decompression), not by its name: a log renamed by rotation is the same file under another
//! name, and a file truncated and written again (copytruncate) keeps its inode but not its
//! first bytes.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use crate::input::compress::{self, Compression};
use crate::input::framing::{Framed, LineFramer};
use crate::input::{Decoder, InputFormat};
use crate::meter::Meter;

/// How many of a file's first bytes its fingerprint covers (fewer while the file is shorter).
pub const FINGERPRINT_LEN: usize = 1024;

/// The identity of an open file: device and inode, and its birth time where the file system
/// keeps one (an inode number is reused once its file is deleted; a birth time tells the new
/// file from the old).
#[derive(Debug, Clone, Copy, Eq, Default)]
pub struct FileId {
    /// The device the file is on.
    pub dev: u64,
    /// Its inode number.
    pub ino: u64,
    /// When it was created, in nanoseconds since 1970, if known.
    pub born: Option<i128>,
}

impl PartialEq for FileId {
    /// The same device and inode, and the same birth time when both are known.
    fn eq(&self, other: &FileId) -> bool {
        let born = match (self.born, other.born) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        self.dev == other.dev && self.ino == other.ino && born
    }
}

impl FileId {
    /// The identity of the open `file`; `None` for what is not a regular file (a pipe, a
    /// device: it cannot be read again from an offset) and where the platform has no inodes.
    pub fn of(file: &File) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = file.metadata().ok().filter(|m| m.is_file())?;
            let born = meta
                .created()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos() as i128);
            Some(FileId {
                dev: meta.dev(),
                ino: meta.ino(),
                born,
            })
        }
        #[cfg(not(unix))]
        {
            let _ = file;
            None
        }
    }
}

/// A fingerprint of a file's first `len` bytes: FNV-1a, 64 bits (stable across versions and
/// platforms, as a saved state needs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fingerprint {
    /// How many bytes it covers.
    pub len: u32,
    /// Their hash.
    pub hash: u64,
}

impl Fingerprint {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    /// The fingerprint of `bytes`.
    pub fn of(bytes: &[u8]) -> Fingerprint {
        let mut print = Fingerprint {
            len: 0,
            hash: Fingerprint::OFFSET,
        };
        print.extend(bytes);
        print
    }

    /// FNV-1a of all of `bytes` (a checksum, not a fingerprint: no length limit).
    pub fn of_all(bytes: &[u8]) -> u64 {
        bytes.iter().fold(Fingerprint::OFFSET, |hash, &b| {
            (hash ^ u64::from(b)).wrapping_mul(Fingerprint::PRIME)
        })
    }

    /// Adds the next bytes, up to [`FINGERPRINT_LEN`] in all.
    pub fn extend(&mut self, bytes: &[u8]) {
        let room = FINGERPRINT_LEN.saturating_sub(self.len as usize);
        for &b in &bytes[..bytes.len().min(room)] {
            self.hash = (self.hash ^ u64::from(b)).wrapping_mul(Fingerprint::PRIME);
        }
        self.len += bytes.len().min(room) as u32;
    }

    /// True when it covers all the bytes it can.
    pub fn full(&self) -> bool {
        self.len as usize >= FINGERPRINT_LEN
    }

    /// Reads the first `len` bytes of `reader` and answers whether they have this fingerprint.
    pub fn matches(&self, reader: &mut dyn Read) -> io::Result<bool> {
        let mut head = Vec::with_capacity(self.len as usize);
        reader.take(u64::from(self.len)).read_to_end(&mut head)?;
        Ok(head.len() == self.len as usize && Fingerprint::of(&head) == *self)
    }
}

/// Where reading a file resumes: what an earlier run read of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    /// Bytes read (after decompression): reading goes on from here.
    pub offset: u64,
    /// The number of the last line read.
    pub line: u64,
    /// The bytes at the file's start that set the decoder up (a CSV header, Zeek's directives):
    /// they are decoded again, silently, before reading on.
    pub prelude: u64,
    /// The format the file was read in.
    pub format: Option<InputFormat>,
    /// The offset is inside a line longer than `--max-record-size`, reported already: the rest
    /// of it, up to its `\n`, is skipped.
    pub skipping: bool,
}

/// How far a source has been read, sent with each batch of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePosition {
    /// The source's index among the run's sources (files a followed run opens later, after a
    /// rotation, get the next ones).
    pub index: usize,
    /// Its name, as given.
    pub name: std::sync::Arc<str>,
    /// The file, when it is one.
    pub id: Option<FileId>,
    /// Its first bytes.
    pub fingerprint: Fingerprint,
    /// Where the next run resumes.
    pub resume: Resume,
}

/// Opens `file` where `resume` says reading goes on: a plain file is sought to the offset, a
/// compressed one decompressed up to it. Returns the reader and the file's first bytes, as many
/// as the prelude and the fingerprint need (after decompression). What it reads from then on,
/// and the bytes before the offset (as stored), are counted in `meter`.
pub fn open_at(
    mut file: File,
    resume: &Resume,
    meter: &Meter,
) -> io::Result<(Box<dyn Read + Send>, Vec<u8>)> {
    let head_len = resume
        .prelude
        .max(resume.offset.min(FINGERPRINT_LEN as u64));
    let mut magic = Vec::with_capacity(4);
    (&mut file).take(4).read_to_end(&mut magic)?;
    file.seek(SeekFrom::Start(0))?;
    let mut head = Vec::new();
    let regular = file.metadata().is_ok_and(|m| m.is_file());
    if compress::detect(&magic) == Compression::None {
        (&mut file).take(head_len).read_to_end(&mut head)?;
        file.seek(SeekFrom::Start(resume.offset))?;
        meter.count_read(regular, resume.offset);
        return Ok((meter.counting(Box::new(file), regular), head));
    }
    let (mut reader, _) = compress::wrap(meter.counting(Box::new(file), regular))?;
    (&mut reader).take(head_len).read_to_end(&mut head)?;
    let rest = resume.offset.saturating_sub(head.len() as u64);
    io::copy(&mut (&mut reader).take(rest), &mut io::sink())?;
    Ok((reader, head))
}

/// Frames and decodes a file's `prelude` (its header, comment and blank lines), discarding what
/// comes of it: the decoder is then set up as it was when an earlier run read them.
pub fn replay_prelude(decoder: &mut dyn Decoder, prelude: &[u8], max_record: usize) {
    let start = crate::input::framing::bom_len(prelude, true).unwrap_or(0);
    let mut framer = LineFramer::new(max_record);
    framer.frame(&prelude[start..], true, decoder, |framed, decoder, _| {
        if let Framed::Record { text, .. } = framed {
            let _ = decoder.decode(&text);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_fnv1a_and_stops_at_its_length() {
        // FNV-1a 64 of "a" (the published test vector).
        assert_eq!(Fingerprint::of(b"a").hash, 0xaf63_dc4c_8601_ec8c);
        let long = vec![b'x'; FINGERPRINT_LEN + 10];
        let mut piecewise = Fingerprint::of(&long[..7]);
        piecewise.extend(&long[7..]);
        assert_eq!(piecewise, Fingerprint::of(&long[..FINGERPRINT_LEN]));
        assert!(piecewise.full());
        assert!(piecewise.matches(&mut &long[..]).unwrap());
        assert!(!Fingerprint::of(b"ab").matches(&mut &b"ax"[..]).unwrap());
        assert!(!Fingerprint::of(b"ab").matches(&mut &b"a"[..]).unwrap());
    }
}
