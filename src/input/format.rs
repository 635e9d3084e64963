//! The format table: every fact about an input format in one row ([`FormatInfo`]), and the
//! `--from` enum generated from the same rows.
//!
//! Adding a format takes its decoder file and one row here. The clap `--from` values, the file
//! extensions ([`crate::input::detect::from_extension`]), the guess from a source's first lines
//! ([`crate::input::detect::guess`]), the parallel reader's choice
//! ([`crate::input::parallel::applies`]), the framing of multi-line records and
//! `--multiline-start` all read the row.

use crate::input::multiline::{Joined, MultilineDecoder};
use crate::input::{
    Decoder, DecoderOptions, clf, csv, eager_decoding, lines, logfmt, ndjson, syslog, zeek,
};

/// What eddy knows about one input format.
pub struct FormatInfo {
    /// The format.
    pub format: InputFormat,
    /// The name used with `--from` (also the clap value).
    pub name: &'static str,
    /// A fresh decoder for one source.
    pub decoder: fn(&DecoderOptions) -> Box<dyn Decoder>,
    /// File extensions (lowercase, without the dot, looked up through `.gz`/`.zst`) that choose
    /// the format when `--from` is not given.
    pub extensions: &'static [&'static str],
    /// How the format is recognised from the first non-blank line of a source, if it can be.
    pub sniff: Option<Sniff>,
    /// True when a source can be cut into chunks that fresh decoders read in parallel (the
    /// decoder keeps no state across records, or only a header the chunks carry).
    pub parallel: bool,
    /// True when one record may span several lines (a CSV or TSV quoted cell with a line
    /// break): the framing then asks the decoder where each record ends
    /// ([`crate::input::framing`]).
    pub records_span_lines: bool,
    /// Where the lines after the first of a record go under `--multiline-start`
    /// ([`crate::input::multiline`]); `None` for a format whose records cannot span lines that
    /// way (the option is then refused).
    pub multiline: Option<Joined>,
}

/// Recognising a format from a first line (valid UTF-8, without its line end).
pub struct Sniff {
    /// When a line looks like several formats, the lowest rank wins.
    pub rank: u8,
    /// True when the line looks like this format.
    pub looks_like: fn(&str) -> bool,
}

/// Declares [`InputFormat`] and [`FORMATS`] from one list of rows, so that the two cannot
/// disagree: each variant is named by its row's `name` and indexes its row.
macro_rules! formats {
    (
        $(#[$enum_attr:meta])*
        pub enum $enum:ident;
        $(
            $(#[$attr:meta])*
            $variant:ident = $name:literal { $($field:ident: $value:expr),* $(,)? }
        )*
    ) => {
        $(#[$enum_attr])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
        pub enum $enum {
            $( $(#[$attr])* #[value(name = $name)] $variant, )*
        }

        /// One row per format, in the order of [`InputFormat`] (`FORMATS[f as usize]` is `f`'s).
        pub static FORMATS: &[FormatInfo] = &[
            $( FormatInfo { format: $enum::$variant, name: $name, $($field: $value),* }, )*
        ];
    };
}

formats! {
    /// The input format, `--from`.
    pub enum InputFormat;

    /// One JSON value per line (non-objects become `{"value": ...}`)
    #[default]
    Ndjson = "ndjson" {
        decoder: |_| Box::new(ndjson::NdjsonDecoder {
            eager: eager_decoding(),
        }),
        extensions: &["ndjson", "jsonl", "json"],
        sniff: Some(Sniff { rank: 0, looks_like: ndjson::looks_like }),
        parallel: true,
        records_span_lines: false,
        multiline: None,
    }
    /// Comma-separated values with a header row
    Csv = "csv" {
        decoder: |options| csv_decoder(options, b','),
        extensions: &["csv"],
        sniff: Some(Sniff { rank: 7, looks_like: |line| csv::looks_like_header(line, b',') }),
        parallel: true,
        records_span_lines: true,
        multiline: None,
    }
    /// Tab-separated values with a header row
    Tsv = "tsv" {
        decoder: |options| csv_decoder(options, b'\t'),
        extensions: &["tsv", "tab"],
        sniff: Some(Sniff { rank: 6, looks_like: |line| csv::looks_like_header(line, b'\t') }),
        parallel: true,
        records_span_lines: true,
        multiline: None,
    }
    /// key=value pairs, one event per line
    Logfmt = "logfmt" {
        decoder: |options| Box::new(logfmt::LogfmtDecoder { infer: !options.no_infer }),
        extensions: &["logfmt"],
        sniff: Some(Sniff { rank: 5, looks_like: logfmt::looks_like }),
        parallel: true,
        records_span_lines: false,
        multiline: Some(Joined::Appended(&["msg", "message"])),
    }
    /// Each line becomes `{"line": "..."}`
    Lines = "lines" {
        decoder: |_| Box::new(lines::LinesDecoder),
        extensions: &[],
        // What is read when no guess fits.
        sniff: None,
        parallel: true,
        records_span_lines: false,
        multiline: Some(Joined::Whole),
    }
    /// Web-server access log, Common Log Format
    Clf = "clf" {
        decoder: |_| Box::new(clf::ClfDecoder { combined: false }),
        extensions: &[],
        sniff: Some(Sniff { rank: 3, looks_like: |line| clf::looks_like(line, false) }),
        parallel: true,
        records_span_lines: false,
        multiline: Some(Joined::Appended(&["message"])),
    }
    /// Web-server access log, Combined format (CLF + referer + user agent)
    Combined = "combined" {
        decoder: |_| Box::new(clf::ClfDecoder { combined: true }),
        extensions: &[],
        sniff: Some(Sniff { rank: 2, looks_like: |line| clf::looks_like(line, true) }),
        parallel: true,
        records_span_lines: false,
        multiline: Some(Joined::Appended(&["message"])),
    }
    /// Syslog lines (RFC 3164 or RFC 5424)
    Syslog = "syslog" {
        decoder: |options| Box::new(syslog::SyslogDecoder {
            year: options.year,
            reference: syslog::reference_time(options.reference),
        }),
        extensions: &[],
        sniff: Some(Sniff { rank: 4, looks_like: syslog::looks_like }),
        // The year guess of RFC 3164 lines depends on the source.
        parallel: false,
        records_span_lines: false,
        multiline: Some(Joined::Appended(&["message"])),
    }
    /// Zeek TSV logs with #fields/#types headers
    Zeek = "zeek" {
        decoder: |_| Box::<zeek::ZeekDecoder>::default(),
        extensions: &[],
        sniff: Some(Sniff { rank: 1, looks_like: zeek::looks_like }),
        // Its headers come and go within a source.
        parallel: false,
        records_span_lines: false,
        multiline: None,
    }
}

/// The CSV or TSV decoder, `default` being the delimiter unless `--delimiter` says otherwise.
fn csv_decoder(options: &DecoderOptions, default: u8) -> Box<dyn Decoder> {
    Box::new(csv::CsvDecoder::new(csv::CsvOptions {
        delimiter: options.delimiter.unwrap_or(default),
        no_header: options.no_header,
        infer: !options.no_infer,
        nulls: options.nulls.clone(),
        allow_ragged: options.allow_ragged,
    }))
}

impl InputFormat {
    /// The format's row of the table.
    pub fn info(self) -> &'static FormatInfo {
        &FORMATS[self as usize]
    }

    /// A fresh decoder for one source (reading multi-line records under `--multiline-start`).
    pub fn decoder(self, options: &DecoderOptions) -> Box<dyn Decoder> {
        let decoder = (self.info().decoder)(options);
        match (&options.multiline, self.info().multiline) {
            (Some(multiline), Some(joined)) => {
                Box::new(MultilineDecoder::new(decoder, joined, multiline.clone()))
            }
            _ => decoder,
        }
    }

    /// The name used with `--from`.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// True when one record may span several lines ([`FormatInfo::records_span_lines`]).
    pub fn records_span_lines(self) -> bool {
        self.info().records_span_lines
    }

    /// True when sources of this format can be decoded in parallel chunks
    /// ([`FormatInfo::parallel`]).
    pub fn parallel(self) -> bool {
        self.info().parallel
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn rows_follow_the_enum_and_name_its_values() {
        assert_eq!(FORMATS.len(), InputFormat::value_variants().len());
        for (i, &format) in InputFormat::value_variants().iter().enumerate() {
            assert_eq!(FORMATS[i].format, format);
            let value = format.to_possible_value().expect("a --from value");
            assert_eq!(value.get_name(), format.name());
        }
        let mut ranks: Vec<u8> = FORMATS
            .iter()
            .filter_map(|f| Some(f.sniff.as_ref()?.rank))
            .collect();
        ranks.sort_unstable();
        ranks.dedup();
        assert_eq!(
            ranks.len(),
            FORMATS.iter().filter(|f| f.sniff.is_some()).count()
        );
    }
}
