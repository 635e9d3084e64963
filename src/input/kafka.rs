//! The Kafka source (`--from-kafka kafka://HOST:PORT/TOPIC?group=G`): the records of a topic,
//! read as a member of a consumer group, each record's value a message in the input format.
//!
//! [`KafkaConsumer`] is a transport [`Consumer`] ([`crate::input::transport`] runs it on the
//! reader thread and frames each record's value as a whole message): librdkafka's consumer
//! through `rdkafka`'s blocking `BaseConsumer`, one poll up to [`BATCH_RECORDS`] records.
//! `source()` of an event is `kafka://BROKERS/TOPIC/PARTITION`, `source_line()` the record's
//! offset + 1 (lines count from 1; the offset itself is in the `--meta-field` object).
//!
//! **Offsets are committed only after the records' output is flushed.** The transport layer
//! hands a record's token (partition, next offset) back once the pipeline has flushed the
//! output of its batch (a `--to-kafka` flush means delivered); `Acked` notes it, and the
//! consumer commits what was noted every [`COMMIT_EVERY`], before a rebalance gives its
//! partitions to another member, and at the close. Nothing is committed before its output is
//! out: a crash repeats records (at least once), never loses them. librdkafka's own commits
//! are off.
//!
//! The group's partitions are assigned with the eager `range,roundrobin` protocol. A partition
//! resumes at the group's committed offset; one without starts where `start=` says: earliest
//! (the default), latest, or the first record at or after a time (`offsets_for_times`). The
//! close (SIGINT, SIGTERM, `--exit-idle`, after the pipeline's last flush) commits and leaves
//! the group.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rdkafka::ClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer as _, ConsumerContext};
use rdkafka::message::{BorrowedMessage, Headers, Message as _};
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};
use rdkafka::types::RDKafkaRespErr;

use crate::error::{Error, UsageError};
use crate::input::transport::{At, Consumer, Received};
use crate::value::{Map, Value};

/// The most records in one batch.
pub const BATCH_RECORDS: usize = 2000;
/// The most value bytes in one batch.
const BATCH_BYTES: u64 = 1 << 20;
/// How often acknowledged offsets are committed while the run goes on.
pub const COMMIT_EVERY: Duration = Duration::from_secs(1);
/// How long a commit, or a look-up of offsets, may take.
const BROKER_TIMEOUT: Duration = Duration::from_secs(10);
/// The same consumer error is reported again at most this often.
const REPORT_EVERY: Duration = Duration::from_secs(30);

/// Where a partition the group has no committed offset for starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Its first record.
    Earliest,
    /// Its end: only records written from now on.
    Latest,
    /// Its first record at or after this instant (ms since the epoch).
    Time(i64),
}

/// What `--from-kafka` asks for.
#[derive(Debug, Clone)]
pub struct KafkaSpec {
    /// `HOST:PORT[,...]`.
    pub brokers: String,
    /// The topic read.
    pub topic: String,
    /// The consumer group.
    pub group: String,
    /// Where a partition without a committed offset starts.
    pub start: Start,
}

/// The consumer group of a URL without `group=`.
pub const DEFAULT_GROUP: &str = "eddy";

impl KafkaSpec {
    /// The source from the URL's parts: `group=` and `start=` in `query`; anything
    /// else is an error (the message names the parameter).
    pub fn new(
        brokers: String,
        topic: String,
        query: &[(String, String)],
    ) -> Result<KafkaSpec, String> {
        let mut spec = KafkaSpec {
            brokers,
            topic,
            group: DEFAULT_GROUP.to_owned(),
            start: Start::Earliest,
        };
        for (name, value) in query {
            match name.as_str() {
                "group" if !value.is_empty() => spec.group.clone_from(value),
                "start" => spec.start = parse_start(value)?,
                "group" => return Err("group= needs a name".to_owned()),
                other => {
                    return Err(format!("unknown query parameter `{other}` (group, start)"));
                }
            }
        }
        Ok(spec)
    }

    /// The source as eddy prints it.
    pub fn shown(&self) -> String {
        format!("kafka://{}/{}", self.brokers, self.topic)
    }
}

/// Parses `start=`: `earliest`, `latest` or an RFC 3339 time.
fn parse_start(text: &str) -> Result<Start, String> {
    match text {
        "earliest" => Ok(Start::Earliest),
        "latest" => Ok(Start::Latest),
        _ => {
            let value = Value::Str(text.to_owned());
            let utc = jiff::tz::TimeZone::UTC;
            let format = crate::time::TimeFormat::Rfc3339;
            crate::time::parse_timestamp(&value, &format, &utc)
                .map(|ns| Start::Time(ns.div_euclid(1_000_000)))
                .map_err(|_| {
                    format!("start=`{text}`: expected earliest, latest or an RFC 3339 time")
                })
        }
    }
}

/// The next offset of each partition whose records' output is flushed, noted by the
/// acknowledgements of the batches, and what of it was committed. Only partitions the member
/// owns count: an acknowledgement that comes after a rebalance took its partition away would
/// commit behind the new owner (its records are the new owner's to commit).
#[derive(Default)]
struct Acked {
    /// Partition → the offset after its last acknowledged record.
    next: Mutex<HashMap<i32, i64>>,
    /// Partition → the offset last committed.
    committed: Mutex<HashMap<i32, i64>>,
    /// The partitions assigned to this member now.
    owned: Mutex<Vec<i32>>,
    /// The member was given an assignment once: it reached the brokers and joined its group.
    joined: std::sync::atomic::AtomicBool,
}

/// Locks a mutex, also one a panicking thread held (the data is plain numbers).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Acked {
    /// Notes that the records before `offsets` (partition → next offset) are done with.
    fn note(&self, offsets: &[(i32, i64)]) {
        let owned = lock(&self.owned);
        let mut next = lock(&self.next);
        for &(partition, offset) in offsets {
            if owned.contains(&partition) {
                let at = next.entry(partition).or_insert(offset);
                *at = (*at).max(offset);
            }
        }
    }

    /// The partitions of a rebalance's assignment are this member's from now on.
    fn assigned(&self, partitions: &[i32]) {
        lock(&self.owned).extend(partitions);
        (self.joined).store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// The partitions of a revocation are no longer this member's: what was acknowledged of
    /// them is committed first (as the last thing this member does for them).
    fn revoked(&self, consumer: &BaseConsumer<Group>, topic: &str, partitions: &[i32]) {
        // Not waited for: a synchronous commit blocks for as long as the broker is away.
        let _ = self.commit(consumer, topic, Some(partitions), CommitMode::Async);
        lock(&self.owned).retain(|p| !partitions.contains(p));
        lock(&self.next).retain(|p, _| !partitions.contains(p));
        lock(&self.committed).retain(|p, _| !partitions.contains(p));
    }

    /// Commits what was noted and not committed yet, of the partitions `only` if given: true
    /// when there was something to commit. Returns the error of a commit that failed (what it
    /// held is tried again next time).
    fn commit(
        &self,
        consumer: &BaseConsumer<Group>,
        topic: &str,
        only: Option<&[i32]>,
        mode: CommitMode,
    ) -> Result<bool, String> {
        let next = lock(&self.next).clone();
        let mut committed = lock(&self.committed);
        let mut list = TopicPartitionList::new();
        for (&partition, &offset) in &next {
            let wanted = only.is_none_or(|only| only.contains(&partition));
            if wanted && committed.get(&partition) != Some(&offset) {
                let _ = list.add_partition_offset(topic, partition, Offset::Offset(offset));
            }
        }
        if list.count() == 0 {
            return Ok(false);
        }
        consumer.commit(&list, mode).map_err(|e| e.to_string())?;
        for element in list.elements() {
            if let Offset::Offset(offset) = element.offset() {
                committed.insert(element.partition(), offset);
            }
        }
        Ok(true)
    }
}

/// The consumer's context: assigns the partitions of a rebalance, starting those without a
/// committed offset at a time when asked, and commits what is acknowledged of the partitions it
/// gives up.
struct Group {
    topic: String,
    start: Start,
    acked: Arc<Acked>,
}

impl ClientContext for Group {}

impl ConsumerContext for Group {
    fn rebalance(
        &self,
        consumer: &BaseConsumer<Self>,
        err: RDKafkaRespErr,
        tpl: &mut TopicPartitionList,
    ) {
        match err {
            RDKafkaRespErr::RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS => {
                if let Start::Time(ms) = self.start {
                    start_at_time(consumer, tpl, ms);
                }
                let partitions: Vec<i32> = tpl.elements().iter().map(|e| e.partition()).collect();
                self.acked.assigned(&partitions);
                if let Err(e) = consumer.assign(tpl) {
                    let _ = writeln!(
                        std::io::stderr().lock(),
                        "eddy: --from-kafka: cannot take the partitions assigned: {e}"
                    );
                }
            }
            RDKafkaRespErr::RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS => {
                // What was acknowledged of them is committed before another member takes them.
                let partitions: Vec<i32> = tpl.elements().iter().map(|e| e.partition()).collect();
                self.acked.revoked(consumer, &self.topic, &partitions);
                let _ = consumer.unassign();
            }
            _ => {
                let _ = consumer.unassign();
            }
        }
    }
}

/// Sets the partitions of `tpl` that have no committed offset to their first record at or
/// after `ms` (their end when there is none).
fn start_at_time(consumer: &BaseConsumer<Group>, tpl: &mut TopicPartitionList, ms: i64) {
    let Ok(committed) = consumer.committed_offsets(tpl.clone(), BROKER_TIMEOUT) else {
        return;
    };
    let mut lookup = TopicPartitionList::new();
    for element in committed.elements() {
        if !matches!(element.offset(), Offset::Offset(_)) {
            let (topic, partition) = (element.topic(), element.partition());
            let _ = lookup.add_partition_offset(topic, partition, Offset::Offset(ms));
        }
    }
    if lookup.count() == 0 {
        return;
    }
    let Ok(found) = consumer.offsets_for_times(lookup, BROKER_TIMEOUT) else {
        return;
    };
    for element in found.elements() {
        let offset = match element.offset() {
            Offset::Offset(n) => Offset::Offset(n),
            _ => Offset::End,
        };
        let _ = tpl.set_partition_offset(element.topic(), element.partition(), offset);
    }
}

/// The consumer of `--from-kafka`, joined to its group ([`connect`]), run by
/// [`crate::input::transport`] on the reader thread.
pub struct KafkaConsumer {
    consumer: BaseConsumer<Group>,
    spec: KafkaSpec,
    shown: String,
    /// `source()` of each partition's events.
    names: HashMap<i32, Arc<str>>,
    acked: Arc<Acked>,
    last_commit: Instant,
    /// The last consumer error reported, and when.
    reported: Option<(String, Instant)>,
}

/// Makes the consumer and subscribes it to the topic (the group is joined at the first poll);
/// librdkafka refusing the settings is a usage error.
pub fn connect(spec: KafkaSpec) -> Result<KafkaConsumer, Error> {
    let acked = Arc::new(Acked::default());
    let shown = spec.shown();
    let group = Group {
        topic: spec.topic.clone(),
        start: spec.start,
        acked: Arc::clone(&acked),
    };
    let reset = if spec.start == Start::Latest {
        "latest"
    } else {
        "earliest"
    };
    let refused = |e: rdkafka::error::KafkaError| {
        Error::from(UsageError::new(format!("--from-kafka: {shown}: {e}")))
    };
    let consumer: BaseConsumer<Group> = ClientConfig::new()
        .set("bootstrap.servers", &spec.brokers)
        .set("group.id", &spec.group)
        .set("client.id", concat!("eddy/", env!("CARGO_PKG_VERSION")))
        .set("enable.auto.commit", "false")
        .set("enable.auto.offset.store", "false")
        .set("auto.offset.reset", reset)
        .set("partition.assignment.strategy", "range,roundrobin")
        // A member killed without leaving loses its partitions after 10 s, not 45 (Kafka's
        // default before 3.0; heartbeats go from librdkafka's own thread, not the pipeline).
        .set("session.timeout.ms", "10000")
        .set("heartbeat.interval.ms", "3000")
        .set("log_level", "3")
        .create_with_context(group)
        .map_err(refused)?;
    consumer.subscribe(&[&spec.topic]).map_err(refused)?;
    Ok(KafkaConsumer {
        consumer,
        spec,
        shown,
        names: HashMap::new(),
        acked,
        last_commit: Instant::now(),
        reported: None,
    })
}

impl KafkaConsumer {
    /// Reports a consumer error on stderr, the same one again only after [`REPORT_EVERY`]
    /// (librdkafka retries by itself: a broker down is said, not fatal).
    fn report(&mut self, what: String) {
        let again = (self.reported)
            .as_ref()
            .is_none_or(|(last, at)| *last != what || at.elapsed() >= REPORT_EVERY);
        if again {
            let _ = writeln!(
                std::io::stderr().lock(),
                "eddy: --from-kafka: {}: {what}",
                self.shown
            );
            self.reported = Some((what, Instant::now()));
        }
    }

    /// True when the group's committed offsets are `wanted` (partition, next offset), as the
    /// broker answers within a second.
    fn committed_at(&self, wanted: &[(i32, i64)]) -> bool {
        let mut list = TopicPartitionList::new();
        for &(partition, _) in wanted {
            list.add_partition(&self.spec.topic, partition);
        }
        let Ok(committed) = self
            .consumer
            .committed_offsets(list, Duration::from_secs(1))
        else {
            return false;
        };
        wanted.iter().all(|&(partition, offset)| {
            (committed.find_partition(&self.spec.topic, partition))
                .is_some_and(|element| element.offset() == Offset::Offset(offset))
        })
    }

    /// Commits what was acknowledged, at most every [`COMMIT_EVERY`].
    fn commit_due(&mut self) {
        if self.last_commit.elapsed() < COMMIT_EVERY {
            return;
        }
        self.last_commit = Instant::now();
        let committed =
            (self.acked).commit(&self.consumer, &self.spec.topic, None, CommitMode::Async);
        if let Err(e) = committed {
            self.report(format!("commit failed: {e}"));
        }
    }
}

/// What one record is to the transport layer; `names` keeps each partition's `source()`.
fn received(
    names: &mut HashMap<i32, Arc<str>>,
    shown: &str,
    topic: &str,
    record: &BorrowedMessage<'_>,
) -> Received<(i32, i64)> {
    let partition = record.partition();
    let source = names
        .entry(partition)
        .or_insert_with(|| Arc::from(format!("{shown}/{partition}").as_str()));
    Received {
        value: Ok(record.payload().unwrap_or_default().to_vec()),
        source: Arc::clone(source),
        line: u64::try_from(record.offset()).unwrap_or(0) + 1,
        meta: metadata(record, topic),
        at: At(u64::try_from(record.offset()).unwrap_or(0), 0),
        token: (partition, record.offset() + 1),
    }
}

impl Consumer for KafkaConsumer {
    /// The partition and the offset after the record.
    type Token = (i32, i64);

    /// Up to [`BATCH_RECORDS`] records (or 1 MiB of values), and at most `room`, waiting up
    /// to `wait` for the first; commits what was acknowledged when due.
    fn poll(&mut self, wait: Duration, room: usize) -> Result<Vec<Received<(i32, i64)>>, Error> {
        self.commit_due();
        let mut received = Vec::new();
        let (mut wait, mut bytes, mut failed) = (wait, 0, None);
        while received.len() < BATCH_RECORDS.min(room) && bytes < BATCH_BYTES {
            match self.consumer.poll(wait) {
                None => break,
                Some(Err(e)) => {
                    failed = Some(e.to_string());
                    break;
                }
                Some(Ok(record)) => {
                    bytes += record.payload_len() as u64;
                    let topic = &self.spec.topic;
                    received.push(self::received(&mut self.names, &self.shown, topic, &record));
                    wait = Duration::ZERO;
                }
            }
        }
        if let Some(e) = failed {
            self.report(e);
        }
        Ok(received)
    }

    /// Notes the offsets; they are committed when due, before a rebalance takes their
    /// partitions and at the close.
    fn ack(&mut self, tokens: Vec<(i32, i64)>) -> Result<(), Error> {
        self.acked.note(&tokens);
        self.commit_due();
        Ok(())
    }

    /// Commits what was acknowledged and leaves the group (librdkafka's consumer close).
    fn close(&mut self) -> Result<(), Error> {
        // A member that never joined its group because no broker answered has read nothing:
        // with --exit-idle that is a failed run, not an empty one.
        let joined = (self.acked.joined).load(std::sync::atomic::Ordering::SeqCst);
        if let (false, Some((what, _))) = (joined, &self.reported) {
            return Err(Error::runtime(format!(
                "--from-kafka: {}: never joined group `{}`: {what}",
                self.shown, self.spec.group
            )));
        }
        // Asynchronous, then confirmed by asking for the group's offsets, for at most
        // BROKER_TIMEOUT: a synchronous commit would block for as long as the broker is away.
        let wanted: Vec<(i32, i64)> = lock(&self.acked.next)
            .iter()
            .map(|(&p, &o)| (p, o))
            .collect();
        let topic = &self.spec.topic;
        let failed = |e: String| {
            Error::runtime(format!(
                "--from-kafka: {}: the last commit failed: {e}",
                self.shown
            ))
        };
        if (self.acked)
            .commit(&self.consumer, topic, None, CommitMode::Async)
            .map_err(failed)?
        {
            let deadline = Instant::now() + BROKER_TIMEOUT;
            loop {
                let _ = self.consumer.poll(Duration::from_millis(20));
                if self.committed_at(&wanted) {
                    break;
                }
                if Instant::now() >= deadline {
                    let e = format!("not confirmed within {} s", BROKER_TIMEOUT.as_secs());
                    return Err(failed(e));
                }
            }
        }
        // Leaves the group now, not when the consumer is dropped: the process may end first.
        // Its revocation commits nothing new (all is committed) and takes a poll or two.
        if self.consumer.close_queue().is_ok() {
            let deadline = Instant::now() + BROKER_TIMEOUT;
            while !self.consumer.closed() && Instant::now() < deadline {
                let _ = self.consumer.poll(Duration::from_millis(50));
            }
        }
        Ok(())
    }
}

/// The metadata of `--meta-field`: `{"topic","partition","offset","key","timestamp",
/// "headers"}`, the timestamp in ms since the epoch (null when the record has none), the key
/// and header values as text (null when absent).
fn metadata(record: &BorrowedMessage<'_>, topic: &str) -> Value {
    let text = |bytes: Option<&[u8]>| {
        bytes.map_or(Value::Null, |b| {
            Value::Str(String::from_utf8_lossy(b).into_owned())
        })
    };
    let mut headers = Map::default();
    if let Some(list) = record.headers() {
        for header in list.iter() {
            headers.insert(header.key.to_owned(), text(header.value));
        }
    }
    let mut meta = Map::default();
    meta.insert("topic".into(), Value::Str(topic.to_owned()));
    meta.insert(
        "partition".into(),
        Value::Int(i64::from(record.partition())),
    );
    meta.insert("offset".into(), Value::Int(record.offset()));
    meta.insert("key".into(), text(record.key()));
    let timestamp = record.timestamp().to_millis();
    meta.insert(
        "timestamp".into(),
        timestamp.map_or(Value::Null, Value::Int),
    );
    meta.insert("headers".into(), Value::Object(headers));
    Value::Object(meta)
}
