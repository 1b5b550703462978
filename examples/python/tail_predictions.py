#!/usr/bin/env python3
"""Print the classifier's Prediction records as one JSON object per line, as `bin/digits tail predictions --json`.

Fields: id, source, digit, confidence, probabilities, modelVersion, captureTime, classificationTime (epoch ms),
label (null when unknown). Records are read read_committed: the service writes in Kafka transactions, so
records of an aborted transaction are never shown. A record that is not a Prediction is reported on stderr
and skipped. Runs until Ctrl-C, --max records or --timeout seconds without a record.
"""

import argparse
import json
import os
import pathlib
import sys
import time

from confluent_kafka import Consumer

from digitstream_wire import Contract, epoch_millis, kafka_properties


def as_json(prediction):
    return {
        "id": prediction["id"],
        "source": prediction["source"],
        "digit": prediction["digit"],
        "confidence": prediction["confidence"],
        "probabilities": prediction["probabilities"],
        "modelVersion": prediction["modelVersion"],
        "captureTime": epoch_millis(prediction["captureTime"]),
        "classificationTime": epoch_millis(prediction["classificationTime"]),
        "label": prediction["label"],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap-server", default="localhost:9092")
    parser.add_argument("--topic", default="digit-predictions")
    parser.add_argument("--from-beginning", action="store_true",
                        help="start with the oldest retained record instead of new ones")
    parser.add_argument("--max", type=int, metavar="N", help="stop after N predictions")
    parser.add_argument("--timeout", type=float, metavar="SECONDS",
                        help="stop when no record has arrived for this long")
    parser.add_argument("--property", action="append", default=[], metavar="KEY=VALUE",
                        help="a librdkafka setting, e.g. security.protocol=SSL (repeatable)")
    parser.add_argument("--schemas", type=pathlib.Path, help="folder of the .avsc files (default: the repository's)")
    args = parser.parse_args()
    if args.max is not None and args.max < 1:
        raise SystemExit("--max must be at least 1")
    if args.timeout is not None and args.timeout <= 0:
        raise SystemExit("--timeout must be positive")

    predictions = Contract("prediction.avsc", args.schemas)
    settings = kafka_properties(args.bootstrap_server, args.property)
    settings.update({
        # a group of its own that commits nothing: every run reads from where --from-beginning says
        "group.id": f"digits-python-tail-{os.getpid()}-{time.time_ns()}",
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest" if args.from_beginning else "latest",
        "isolation.level": "read_committed",
    })
    consumer = Consumer(settings)
    consumer.subscribe([args.topic])
    printed = 0
    last_record = time.monotonic()
    try:
        while args.max is None or printed < args.max:
            if args.timeout is not None and time.monotonic() - last_record >= args.timeout:
                break
            message = consumer.poll(0.2)
            if message is None:
                continue
            if message.error() is not None:
                if message.error().fatal():
                    raise SystemExit(f"consumer failed: {message.error()}")
                print(f"warning: {message.error()}", file=sys.stderr)
                continue
            last_record = time.monotonic()
            where = f"{message.topic()}/{message.partition()}@{message.offset()}"
            try:
                prediction = predictions.decode(message.value())
            except ValueError as e:
                print(f"skipping {where}: {e}", file=sys.stderr)
                continue
            print(json.dumps(as_json(prediction)), flush=True)
            printed += 1
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
