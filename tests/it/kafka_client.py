"""The independent Kafka client of tests/it/kafka.rs (confluent-kafka, librdkafka 2.x from PyPI).

    produce BROKERS TOPIC PARTITIONS [--key-field] [--header K=V] [--timestamp MS|field] < lines
        each line of stdin one record, its value the line without its line end, record i in
        partition i % PARTITIONS; with --key-field the key is the line's JSON field `key`;
        --timestamp field takes each record's timestamp from the line's field `ts`.
        Prints the number delivered; exits 1 when any record failed.
    consume BROKERS TOPIC COUNT
        reads every partition from its start (no group) until COUNT records came (60 s at
        most); prints one JSON object per record: partition, offset, key, value (text).
    values BROKERS TOPIC COUNT
        the same, but only the values, each followed by a line end, in offset order of a
        one-partition topic: what eddy wrote on stdout, byte for byte.
    offsets BROKERS TOPIC GROUP
        prints {"PARTITION": [COMMITTED, END], ...}; COMMITTED is -1 where none is.
"""

import json
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition


def produce(brokers, topic, partitions, args):
    key_field = "--key-field" in args
    headers = [tuple(a.split("=", 1)) for a in args_after(args, "--header")]
    timestamps = args_after(args, "--timestamp")
    producer = Producer({"bootstrap.servers": brokers, "linger.ms": 20, "acks": "all"})
    failed = []
    delivered = [0]

    def report(err, _msg):
        if err is None:
            delivered[0] += 1
        else:
            failed.append(str(err))

    for i, line in enumerate(sys.stdin.buffer):
        value = line.rstrip(b"\n")
        extra = {}
        if key_field:
            extra["key"] = str(json.loads(value)["key"]).encode()
        if headers:
            extra["headers"] = headers
        if timestamps == ["field"]:
            extra["timestamp"] = int(json.loads(value)["ts"])
        elif timestamps:
            extra["timestamp"] = int(timestamps[0])
        while True:
            try:
                producer.produce(topic, value, partition=i % partitions, on_delivery=report, **extra)
                break
            except BufferError:
                producer.poll(0.05)
        producer.poll(0)
    producer.flush(60)
    print(delivered[0])
    if failed:
        print(failed[:5], file=sys.stderr)
        sys.exit(1)


def args_after(args, flag):
    return [args[i + 1] for i, a in enumerate(args[:-1]) if a == flag]


def read_all(brokers, topic, count):
    consumer = Consumer({"bootstrap.servers": brokers, "group.id": "kafka-client-py",
                         "enable.auto.commit": False})
    meta = consumer.list_topics(topic, timeout=10).topics[topic]
    consumer.assign([TopicPartition(topic, p, 0) for p in sorted(meta.partitions)])
    records = []
    deadline = time.time() + 60
    while len(records) < count and time.time() < deadline:
        message = consumer.poll(0.5)
        if message is None or message.error():
            continue
        records.append(message)
    consumer.close()
    return records


def consume(brokers, topic, count):
    for m in read_all(brokers, topic, count):
        key = m.key().decode() if m.key() is not None else None
        print(json.dumps({"partition": m.partition(), "offset": m.offset(), "key": key,
                          "value": m.value().decode()}))


def values(brokers, topic, count):
    records = sorted(read_all(brokers, topic, count), key=lambda m: (m.partition(), m.offset()))
    out = sys.stdout.buffer
    for m in records:
        out.write(m.value() + b"\n")


def offsets(brokers, topic, group):
    consumer = Consumer({"bootstrap.servers": brokers, "group.id": group,
                         "enable.auto.commit": False})
    meta = consumer.list_topics(topic, timeout=10).topics[topic]
    parts = [TopicPartition(topic, p) for p in sorted(meta.partitions)]
    committed = consumer.committed(parts, timeout=10)
    result = {}
    for tp in committed:
        _low, high = consumer.get_watermark_offsets(TopicPartition(topic, tp.partition), timeout=10)
        result[str(tp.partition)] = [tp.offset if tp.offset >= 0 else -1, high]
    consumer.close()
    print(json.dumps(result))


def main():
    command, brokers, topic, arg, *rest = sys.argv[1:]
    if command == "produce":
        produce(brokers, topic, int(arg), rest)
    elif command == "consume":
        consume(brokers, topic, int(arg))
    elif command == "values":
        values(brokers, topic, int(arg))
    elif command == "offsets":
        offsets(brokers, topic, arg)
    else:
        sys.exit(f"unknown command {command}")


main()
