//! The Kafka sink (`--to-kafka kafka://HOST:PORT/TOPIC`): each output event is one Kafka
//! record instead of a line on stdout.
//!
//! The transport is not a format: what the `--to` format's writer writes for an event is the
//! record's value, cut as [`EventMessages`] cuts every transport's messages (without the line
//! end; a CSV or TSV record is its header line and its row, so that it stands alone), and the
//! records read back one per line are eddy's stdout byte for byte for the other formats. The
//! record's key is `--kafka-key EXPR`
//! evaluated on the output event (a string as it is, null or an error: no key, anything else
//! its JSON text), computed by the caller ([`KeyOf`]), as this layer evaluates nothing.
//!
//! librdkafka batches the records (`linger.ms` 5, up to a MiB per partition request) and sends
//! them on its own threads. [`Sink::flush`] (whenever the input pauses, and at the end) waits
//! for the delivery report of every record handed over so far: once it returns, the records
//! are in the broker (`acks=all`), so that a source may acknowledge what they came from. A
//! record that cannot be delivered within `message.timeout.ms` (30 s, the URL's `timeout=DUR`;
//! librdkafka retries inside it) is counted and its first failures reported on stderr ([`Delivery`]); the run
//! ends with exit status 3, never silently.

use std::io::{self, Write as _};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rdkafka::ClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::Message;
use rdkafka::producer::{BaseProducer, BaseRecord, DeliveryResult, Producer, ProducerContext};

use crate::error::{Result, SinkError, UsageError};
use crate::event::Event;
use crate::output::http::{Delivery, MakeWriter};
use crate::output::messages::EventMessages;
use crate::output::{OutputFormat, Sink};

/// How long librdkafka tries to deliver one record (its retries included) unless the URL's
/// `timeout=` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How many failed records are reported one by one on stderr; later ones are only counted.
const REPORTED_FAILURES: u64 = 5;

/// Computes a record's key from the output event (`--kafka-key`): `None` for no key.
pub type KeyOf = Box<dyn Fn(&Event) -> Option<Vec<u8>>>;

/// Where `--to-kafka` writes: the brokers and the topic.
#[derive(Debug, Clone)]
pub struct KafkaTarget {
    /// `HOST:PORT[,HOST:PORT...]`, librdkafka's `bootstrap.servers`.
    pub brokers: String,
    /// The topic every record goes to.
    pub topic: String,
    /// How long one record may take to be delivered (`message.timeout.ms`).
    pub timeout: Duration,
}

impl KafkaTarget {
    /// The target as eddy prints it: `kafka://BROKERS/TOPIC`.
    pub fn shown(&self) -> String {
        format!("kafka://{}/{}", self.brokers, self.topic)
    }
}

/// What the delivery reports said, filled on the thread that polls the producer (the main
/// thread, in [`Sink::flush`] and between records).
#[derive(Default)]
struct Reports {
    delivered: AtomicU64,
    bytes: AtomicU64,
    failed: AtomicU64,
    last_error: Mutex<Option<String>>,
    /// The target, for messages.
    shown: String,
}

impl ClientContext for Reports {}

impl ProducerContext for Reports {
    type DeliveryOpaque = ();

    fn delivery(&self, result: &DeliveryResult<'_>, _: ()) {
        match result {
            Ok(message) => {
                self.delivered.fetch_add(1, Ordering::Relaxed);
                let len = message.payload().map_or(0, <[u8]>::len);
                self.bytes.fetch_add(len as u64, Ordering::Relaxed);
            }
            Err((e, _)) => {
                let failed = self.failed.fetch_add(1, Ordering::Relaxed) + 1;
                if failed <= REPORTED_FAILURES {
                    let _ = writeln!(
                        std::io::stderr().lock(),
                        "eddy: --to-kafka: a record could not be delivered to {}: {e}",
                        self.shown
                    );
                } else if failed == REPORTED_FAILURES + 1 {
                    let _ = writeln!(
                        std::io::stderr().lock(),
                        "eddy: --to-kafka: more records could not be delivered; they are counted \
                         (--stats), not reported one by one"
                    );
                }
                if let Ok(mut last) = self.last_error.lock() {
                    *last = Some(e.to_string());
                }
            }
        }
    }
}

/// The sink of `--to-kafka`.
pub struct KafkaSink {
    messages: EventMessages,
    key: Option<KeyOf>,
    topic: String,
    producer: BaseProducer<Reports>,
    /// Records handed to librdkafka.
    sent: u64,
    /// Flushes that waited for at least one record (the `batches` of `--stats`).
    flushes: u64,
    /// `sent` at the last flush.
    flushed: u64,
    /// How long a flush may wait: every record is delivered or given up by then.
    timeout: Duration,
    /// What [`Sink::delivery`] shows, brought up to date by every flush.
    delivery: Delivery,
}

impl KafkaSink {
    /// A sink writing records to `target`; `make` makes the `--to` `format`'s writer over a
    /// stream, `key` computes each record's key. A producer that cannot be made (a bad broker
    /// list) is a usage error; the brokers are first reached when records are sent.
    pub fn new(
        target: &KafkaTarget,
        format: OutputFormat,
        make: MakeWriter,
        key: Option<KeyOf>,
    ) -> Result<KafkaSink> {
        let messages = EventMessages::new(format, make)?;
        let shown = target.shown();
        let reports = Reports {
            shown: shown.clone(),
            ..Reports::default()
        };
        let producer = ClientConfig::new()
            .set("bootstrap.servers", &target.brokers)
            .set("acks", "all")
            .set("enable.idempotence", "false")
            .set("linger.ms", "5")
            .set("message.timeout.ms", target.timeout.as_millis().to_string())
            .set("client.id", concat!("eddy/", env!("CARGO_PKG_VERSION")))
            .set("log_level", "3")
            .create_with_context(reports)
            .map_err(|e| UsageError::new(format!("--to-kafka: {shown}: {e}")))?;
        Ok(KafkaSink {
            messages,
            key,
            topic: target.topic.clone(),
            producer,
            sent: 0,
            flushes: 0,
            flushed: 0,
            timeout: target.timeout + Duration::from_secs(5),
            delivery: Delivery {
                url: shown,
                ..Delivery::default()
            },
        })
    }

    /// Sends the messages the writer's output made as records with `key`, waiting while
    /// librdkafka's queue is full.
    fn send(&mut self, key: Option<Vec<u8>>) -> io::Result<()> {
        for value in self.messages.take() {
            self.produce(&value, key.as_deref())?;
        }
        Ok(())
    }

    /// Hands one record to librdkafka.
    fn produce(&mut self, value: &[u8], key: Option<&[u8]>) -> io::Result<()> {
        let mut record = BaseRecord::to(&self.topic).payload(value);
        if let Some(key) = key {
            record = record.key(key);
        }
        loop {
            match self.producer.send(record) {
                Ok(()) => break,
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                    record = back;
                    self.producer.poll(Duration::from_millis(10));
                }
                Err((e, _)) => {
                    let message = format!("--to-kafka: {}: {e}", self.delivery.url);
                    return Err(io::Error::other(SinkError(message)));
                }
            }
        }
        self.sent += 1;
        // Serves the delivery reports now and then, so they do not pile up.
        if self.sent.is_multiple_of(1024) {
            self.producer.poll(Duration::ZERO);
        }
        Ok(())
    }

    /// Brings [`Delivery`] up to date from the reports.
    fn settle(&mut self) {
        let reports = self.producer.context();
        self.delivery.batches_posted = self.flushes;
        self.delivery.records_posted = reports.delivered.load(Ordering::Relaxed);
        self.delivery.bytes_posted = reports.bytes.load(Ordering::Relaxed);
        self.delivery.records_failed = reports.failed.load(Ordering::Relaxed);
        self.delivery.batches_failed = u64::from(self.delivery.records_failed > 0);
        if let Ok(last) = reports.last_error.lock() {
            self.delivery.last_error.clone_from(&last);
        }
    }
}

impl Sink for KafkaSink {
    fn write(&mut self, event: &Event) -> io::Result<()> {
        self.messages.write(event)?;
        let key = self.key.as_ref().and_then(|key| key(event));
        self.send(key)
    }

    /// Waits until every record sent so far is delivered or given up.
    fn flush(&mut self) -> io::Result<()> {
        self.messages.flush()?;
        self.send(None)?;
        if self.sent > self.flushed {
            self.flushes += 1;
            self.flushed = self.sent;
            // Ends once every record is delivered or past `message.timeout.ms`.
            let flushed = self.producer.flush(self.timeout);
            self.settle();
            flushed.map_err(|e| {
                let message = format!("--to-kafka: {}: {e}", self.delivery.url);
                io::Error::other(SinkError(message))
            })?;
        }
        Ok(())
    }

    fn delivery(&self) -> Option<&Delivery> {
        Some(&self.delivery)
    }

    /// Every record sent was confirmed by the broker at the last flush, and none failed.
    fn delivered(&self) -> bool {
        self.sent == self.flushed && self.delivery.records_failed == 0
    }

    fn finish(&mut self) -> io::Result<()> {
        // The formats allowed here hold nothing back: their finish is a flush.
        self.messages.finish()?;
        self.flush()
    }
}
