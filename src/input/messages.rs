//! Whole messages as sources: a datagram, an HTTP request body (`--listen`), a record consumed
//! from a transport (`--from-redis`, `--from-kafka`). Each message's lines are framed as a
//! source's that ends with the message: its last line needs no line end.

use std::sync::{Arc, OnceLock};

use crate::input::framing::{self, LineFramer};
use crate::input::{
    Batch, Decoder, DecoderOptions, InputFormat, ToBatch, choose_format, detect, lines,
};

/// Frames whole messages into batches: each message's lines, its last line whole without a
/// line end. Line numbers go on from one message to the next (or start where
/// [`Messages::next_line`] says).
pub struct Messages {
    decoder: Option<Box<dyn Decoder>>,
    /// The decoder's format.
    format: Option<InputFormat>,
    /// A transport's messages: a CSV/TSV message is decoded on its own, its first line the
    /// header ([`Messages::headed`]).
    headed: bool,
    options: DecoderOptions,
    framer: LineFramer,
}

impl Messages {
    /// Messages in `format` (`--from`), else in the format `chosen` holds (what an earlier
    /// message of the same feed chose), else the one the first message's lines look like.
    /// `now`: the clock's reading, the reference of formats whose times lack a year.
    pub fn new(
        format: Option<InputFormat>,
        options: &DecoderOptions,
        now: i64,
        chosen: &OnceLock<InputFormat>,
    ) -> Messages {
        let mut options = options.clone();
        options.reference = super::reference_instant("-", now);
        let format = format.or_else(|| chosen.get().copied());
        Messages {
            decoder: format.map(|f| f.decoder(&options)),
            format,
            headed: false,
            framer: LineFramer::new(options.max_record()),
            options,
        }
    }

    /// Every CSV or TSV message has its own header line (a transport's: `--to-redis` writes
    /// them so): each is decoded with a decoder of its own.
    pub fn headed(self) -> Messages {
        Messages {
            headed: true,
            ..self
        }
    }

    /// The next message's first line is number `line` (a transport's offset or sequence).
    pub fn next_line(&mut self, line: u64) {
        self.framer = LineFramer::starting_at(line.max(1), self.framer.max());
    }

    /// Adds the records of `message`, from source `name`, to `batch`; the first message to
    /// need a format sniffed sets `chosen`.
    pub fn frame(
        &mut self,
        message: &[u8],
        name: &Arc<str>,
        batch: &mut Batch,
        chosen: &OnceLock<InputFormat>,
    ) {
        batch.bytes += message.len() as u64;
        let start = framing::bom_len(message, true).unwrap_or(0);
        let data = &message[start..];
        if self.headed
            && let Some(format @ (InputFormat::Csv | InputFormat::Tsv)) = self.format
        {
            self.decoder = Some(format.decoder(&self.options));
        }
        if self.decoder.is_none() {
            let sample = detect::sample(data, true);
            if !sample.lines.is_empty() {
                let known = chosen.get().copied();
                let format = known.unwrap_or_else(|| {
                    let multiline = self.options.multiline.is_some();
                    let guessed = choose_format(name, &sample.lines, multiline, &mut batch.notes);
                    *chosen.get_or_init(|| guessed)
                });
                self.format = Some(format);
                self.decoder = Some(format.decoder(&self.options));
            }
        }
        let mut no_decoder = lines::LinesDecoder;
        let decoder: &mut dyn Decoder = match &mut self.decoder {
            Some(decoder) => decoder.as_mut(),
            None => &mut no_decoder,
        };
        let (work, file) = (&mut self.options.work, &mut self.options.file_field);
        let arrival = batch.arrival;
        let take = &mut ToBatch::new(batch, work.as_deref_mut(), file.as_mut(), name, arrival);
        self.framer.frame_to(data, true, decoder, take);
    }

    /// Ends `batch`: adds what the reader's work holds back.
    pub fn close(&mut self, batch: &mut Batch) {
        if let Some(work) = &mut self.options.work {
            batch.close_absorbed(work.as_mut());
        }
    }
}
