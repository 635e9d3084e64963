//! Whole byte streams through `read_events` (decompression, byte order mark, framing, records
//! spanning lines, every decoder), optionally gzip- or zstd-compressed here and truncated, read
//! in reads of a chosen size. Every item must be an event or a malformed record located in the
//! source; a source error may only end the stream (a truncated compressed stream).
//!
//! For plain `lines` input there is an exact oracle, "nothing is silently lost": every line
//! that is not blank comes out as an event with its text (lossless, through `line_base64` for
//! invalid UTF-8) and its line number.
//!
//! Input: `FORMAT FLAGS READ-SIZE BYTES`. FLAGS: bits 0-1 compression (none, gzip, zstd,
//! none), bit 2 truncate the compressed stream, bits 3-5 decoder options.

#![no_main]

use std::io::{self, Read, Write};

use eddy::input::format::FORMATS;
use eddy::input::{
    DecoderOptions, InputFormat, ReadError, ReadOptions, Source, detect, read_events,
};
use eddy::value::Value;
use libfuzzer_sys::fuzz_target;

/// A reader giving its bytes at most `step` at a time, as a pipe does.
struct Trickle {
    bytes: Vec<u8>,
    at: usize,
    step: usize,
}

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.step).min(self.bytes.len() - self.at);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

const NAME: &str = "fuzz";

fuzz_target!(|data: &[u8]| {
    let [format, flags, step, input @ ..] = data else {
        return;
    };
    let format = FORMATS[*format as usize % FORMATS.len()].format;
    // The guess from the first lines, which read_events makes (noisily, on stderr) without a
    // format.
    let sample = detect::sample(input, flags & 64 != 0);
    if !sample.lines.is_empty() {
        let _ = detect::guess(&sample.lines).note();
    }
    let compression = (flags & 3) % 3;
    let truncated = flags & 4 != 0 && compression != 0;
    let mut bytes = match compression {
        1 => {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(input).expect("gzip in memory");
            enc.finish().expect("gzip in memory")
        }
        2 => zstd::stream::encode_all(input, 1).expect("zstd in memory"),
        _ => input.to_vec(),
    };
    if truncated {
        bytes.truncate(bytes.len() * usize::from(*step) / 256);
    }
    let options = ReadOptions {
        format: Some(format),
        decoder: DecoderOptions {
            no_header: flags & 8 != 0,
            no_infer: flags & 16 != 0,
            allow_ragged: flags & 32 != 0,
            ..DecoderOptions::default()
        },
    };
    let reader = Trickle {
        bytes,
        at: 0,
        step: usize::from(*step).max(1) * 7,
    };
    let source = Source::Reader {
        name: NAME.to_owned(),
        reader: Box::new(reader),
    };

    let mut last_line = 0;
    let mut lines = Vec::new();
    let mut failed = false;
    for item in read_events(source, &options) {
        assert!(!failed, "an item after the source failed");
        let (location, record) = match &item {
            Ok(event) => (event.location().clone(), event.original().to_vec()),
            Err(ReadError::Malformed { error, record }) => (error.location.clone(), record.clone()),
            Err(ReadError::Source(_)) => {
                failed = true;
                continue;
            }
        };
        assert_eq!(&*location.source, NAME, "record without its source");
        assert!(
            location.line > last_line,
            "line {} after {last_line}",
            location.line
        );
        last_line = location.line;
        if let Ok(event) = item {
            let _ = event.value().to_json();
            // Only a `lines` event's fields are the reader's own (a CSV header may be named
            // `line_base64` too).
            let text = (format == InputFormat::Lines)
                .then(|| line_text(event.value()))
                .flatten();
            lines.push((location.line, text, record));
        } else {
            lines.push((location.line, None, record));
        }
    }
    // Plain text cannot fail to read; a stream compressed here only when it was cut short.
    // Input that begins with a magic number is decompressed by the reader: it may be broken.
    let plain = compression == 0
        && !input.starts_with(&[0x1f, 0x8b])
        && !input.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]);
    assert!(
        !failed || truncated || !plain && compression == 0,
        "the source failed"
    );
    if plain && format == InputFormat::Lines {
        let expected = non_blank_lines(input);
        let got: Vec<(u64, Vec<u8>)> = lines
            .into_iter()
            .map(|(line, text, _)| (line, text.expect("a lines record is always an event")))
            .collect();
        assert_eq!(got, expected, "lines lost or changed");
    }
});

/// The exact bytes of a `lines` event.
fn line_text(value: &Value) -> Option<Vec<u8>> {
    let Value::Object(map) = value else {
        return None;
    };
    if let Some(Value::Str(b64)) = map.get("line_base64") {
        return Some(base64_decode(b64));
    }
    match map.get("line") {
        Some(Value::Str(s)) => Some(s.as_bytes().to_vec()),
        _ => None,
    }
}

/// Standard base64 without padding errors (the reader wrote it).
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let mut out = Vec::new();
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    for chunk in digits.chunks(4) {
        let n =
            chunk.iter().fold(0u32, |acc, &d| acc << 6 | u32::from(d)) << (6 * (4 - chunk.len()));
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

/// The framing's definition: a UTF-8 byte order mark at the start is skipped, lines end in `\n`
/// with an optional `\r` before it, the last may lack its `\n`, blank lines are no records.
fn non_blank_lines(input: &[u8]) -> Vec<(u64, Vec<u8>)> {
    let input = input.strip_prefix(b"\xef\xbb\xbf").unwrap_or(input);
    let input = input.strip_suffix(b"\n").unwrap_or(input);
    if input.is_empty() {
        return Vec::new();
    }
    input
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, line)| {
            (
                i as u64 + 1,
                line.strip_suffix(b"\r").unwrap_or(line).to_vec(),
            )
        })
        .filter(|(_, line)| !line.is_empty())
        .collect()
}
