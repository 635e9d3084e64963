//! Compressed sources: gzip (also multi-member, as `cat a.gz b.gz` makes) and zstd, recognised
//! by their magic bytes whatever the file is called, on stdin too.
//!
//! The first bytes are peeked without waiting for more than the source gives: reading stops as
//! soon as the bytes seen cannot start a magic number, so a live pipe with one short line is
//! not held back.

use std::io::{self, Read};

/// gzip's magic bytes.
const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
/// zstd's magic bytes (frame magic 0xFD2FB528, little-endian).
const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];

/// What a source turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Plain bytes.
    None,
    /// gzip.
    Gzip,
    /// zstd.
    Zstd,
}

fn could_be_magic(prefix: &[u8]) -> bool {
    [GZIP_MAGIC, ZSTD_MAGIC]
        .iter()
        .any(|m| m.starts_with(prefix) || prefix.starts_with(m))
}

/// What a source starting with `prefix` (its first four bytes, or all it has) is.
pub fn detect(prefix: &[u8]) -> Compression {
    if prefix.starts_with(GZIP_MAGIC) {
        Compression::Gzip
    } else if prefix.starts_with(ZSTD_MAGIC) {
        Compression::Zstd
    } else {
        Compression::None
    }
}

/// Peeks at the first bytes of `reader` and wraps it in a decompressor when they are a gzip or
/// zstd magic number. The bytes peeked are not lost.
pub fn wrap(reader: Box<dyn Read + Send>) -> io::Result<(Box<dyn Read + Send>, Compression)> {
    wrap_with_window(reader, ZSTD_WINDOW_LOG_MAX)
}

/// zstd's own limit on the window a frame may ask for (2^27, 128 MiB).
const ZSTD_WINDOW_LOG_MAX: u32 = 27;

/// [`wrap`], refusing zstd frames whose window is larger than 2^`zstd_window_log` bytes (the
/// memory a decompressor holds), as a source that cannot be read.
pub fn wrap_with_window(
    mut reader: Box<dyn Read + Send>,
    zstd_window_log: u32,
) -> io::Result<(Box<dyn Read + Send>, Compression)> {
    let mut prefix = Vec::with_capacity(4);
    let mut buf = [0u8; 4];
    while prefix.len() < 4 && could_be_magic(&prefix) {
        let n = match reader.read(&mut buf[..4 - prefix.len()]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            break;
        }
        prefix.extend_from_slice(&buf[..n]);
    }
    let kind = detect(&prefix);
    let whole: Box<dyn Read + Send> = Box::new(io::Cursor::new(prefix).chain(reader));
    Ok(match kind {
        // Not through `decoder`: entering its frame is what costs the page faults.
        Compression::None => (whole, kind),
        _ => (decoder(kind, whole, zstd_window_log)?, kind),
    })
}

/// The decompressor of `kind` over `whole`. Not inlined: a decoder is built on the stack
/// before it is boxed (tens of KiB), and every page of a frame is touched when the function
/// is entered, so in [`wrap_with_window`] it cost every reader thread 13 page faults, also for
/// plain input (docs/perf.md, "Start-up"). For [`Compression::None`] (which the caller does not
/// send here) it is `whole` itself.
#[inline(never)]
fn decoder(
    kind: Compression,
    whole: Box<dyn Read + Send>,
    zstd_window_log: u32,
) -> io::Result<Box<dyn Read + Send>> {
    Ok(match kind {
        Compression::None => whole,
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(io::BufReader::new(whole))),
        Compression::Zstd => {
            let mut decoder = zstd::stream::read::Decoder::new(whole)?;
            decoder.window_log_max(zstd_window_log)?;
            Box::new(decoder)
        }
    })
}

/// The file name without a compression suffix (`weird.log.gz` -> `weird.log`).
pub fn strip_compression_suffix(name: &str) -> &str {
    for suffix in [".gz", ".zst", ".zstd"] {
        if let Some(inner) = name.strip_suffix(suffix) {
            return inner;
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_all(bytes: Vec<u8>) -> (Vec<u8>, Compression) {
        let (mut r, kind) = wrap(Box::new(io::Cursor::new(bytes))).unwrap();
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        (out, kind)
    }

    #[test]
    fn plain_short_and_empty_inputs_pass_through() {
        assert_eq!(
            read_all(b"{\"a\":1}\n".to_vec()),
            (b"{\"a\":1}\n".to_vec(), Compression::None)
        );
        assert_eq!(read_all(b"x".to_vec()), (b"x".to_vec(), Compression::None));
        assert_eq!(read_all(vec![0x1f]), (vec![0x1f], Compression::None));
        assert_eq!(read_all(Vec::new()), (Vec::new(), Compression::None));
    }

    #[test]
    fn multi_member_gzip() {
        let mut all = Vec::new();
        for part in [&b"a\n"[..], b"b\n"] {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(part).unwrap();
            all.extend(enc.finish().unwrap());
        }
        assert_eq!(read_all(all), (b"a\nb\n".to_vec(), Compression::Gzip));
    }

    #[test]
    fn zstd_frames() {
        let data = zstd::stream::encode_all(&b"x\ny\n"[..], 1).unwrap();
        assert_eq!(read_all(data), (b"x\ny\n".to_vec(), Compression::Zstd));
    }

    #[test]
    fn suffixes() {
        assert_eq!(strip_compression_suffix("a.csv.gz"), "a.csv");
        assert_eq!(strip_compression_suffix("a.zst"), "a");
        assert_eq!(strip_compression_suffix("a.csv"), "a.csv");
    }
}
