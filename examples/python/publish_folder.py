#!/usr/bin/env python3
"""Publish every PNG and JPEG file of a folder as a DigitImage record, as `bin/digits publish images` does.

Files are sent in file name order with the id <source>/<file name> (also the record key), the file's bytes
as pixels and its width and height from its header. Labels come from <folder>/labels.csv (header file,label)
when present and travel inside the record. Other files are skipped with a message; hidden files and
labels.csv are ignored. The last line says how many images were published and how many files skipped.
"""

import argparse
import csv
import datetime
import pathlib
import struct
import sys

from confluent_kafka import Producer

from digitstream_wire import Contract, kafka_properties

LABELS_FILE = "labels.csv"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
# JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic): they carry the dimensions.
JPEG_FRAME_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def png_size(data):
    # The IHDR chunk comes first: length (4), "IHDR" (4), then width and height as big-endian uint32.
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise ValueError("bad PNG header: no IHDR chunk")
    return struct.unpack(">II", data[16:24])


def jpeg_size(data):
    # Walk the segments after SOI (FF D8): FF, marker, big-endian length including itself, payload. A frame
    # header's payload is precision (1 byte), height (2), width (2).
    offset = 2
    while offset + 4 <= len(data):
        if data[offset] != 0xFF:
            raise ValueError(f"bad JPEG header: no marker at byte {offset}")
        marker = data[offset + 1]
        if marker == 0xFF:  # fill byte
            offset += 1
            continue
        length = struct.unpack(">H", data[offset + 2:offset + 4])[0]
        if marker in JPEG_FRAME_MARKERS:
            if length < 7 or offset + 9 > len(data):
                raise ValueError("bad JPEG header: truncated frame header")
            height, width = struct.unpack(">HH", data[offset + 5:offset + 9])
            return width, height
        offset += 2 + length
    raise ValueError("bad JPEG header: no frame header")


def image_of(data):
    """(encoding, width, height) of an image file's bytes, recognized by content; ValueError for anything else."""
    if data.startswith(PNG_MAGIC):
        return ("PNG",) + tuple(png_size(data))
    if data.startswith(JPEG_MAGIC):
        return ("JPEG",) + tuple(jpeg_size(data))
    raise ValueError("not an image; PNG and JPEG are published")


def read_labels(folder):
    path = folder / LABELS_FILE
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8") as f:
        rows = csv.DictReader(f)
        if rows.fieldnames is None or not {"file", "label"} <= set(rows.fieldnames):
            raise SystemExit(f"{path}: expected the header file,label")
        labels = {}
        for row in rows:
            label = row["label"].strip()
            if len(label) != 1 or not label.isdigit():
                raise SystemExit(f"{path}: the label {label!r} of {row['file']} is not a digit 0-9")
            labels[row["file"].strip()] = int(label)
        return labels


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=pathlib.Path)
    parser.add_argument("--bootstrap-server", default="localhost:9092")
    parser.add_argument("--topic", default="digit-images")
    parser.add_argument("--source", help="source of each image and id prefix (default: the folder's name)")
    parser.add_argument("--property", action="append", default=[], metavar="KEY=VALUE",
                        help="a librdkafka setting, e.g. security.protocol=SSL (repeatable)")
    parser.add_argument("--schemas", type=pathlib.Path, help="folder of the .avsc files (default: the repository's)")
    args = parser.parse_args()

    if not args.folder.is_dir():
        raise SystemExit(f"{args.folder} is not a directory")
    source = args.source or args.folder.resolve().name
    labels = read_labels(args.folder)
    images = Contract("digit_image.avsc", args.schemas)

    settings = kafka_properties(args.bootstrap_server, args.property)
    # As the Java tools: no loss or duplicate on retries, and keys hashed with Kafka's murmur2 (librdkafka's
    # default hash differs), so an id lands on the partition a Java producer would choose.
    settings.update({"enable.idempotence": True, "acks": "all", "partitioner": "murmur2_random",
                     "linger.ms": 5, "compression.type": "lz4"})
    producer = Producer(settings)
    failures = []

    def delivered(error, message):
        if error is not None:
            failures.append(f"{message.key().decode()}: {error}")

    sent = skipped = 0
    for path in sorted(p for p in args.folder.iterdir() if p.is_file()):
        if path.name.startswith(".") or path.name == LABELS_FILE:
            continue
        data = path.read_bytes()
        try:
            encoding, width, height = image_of(data)
        except ValueError as e:
            print(f"skipping {path}: {e}", file=sys.stderr)
            skipped += 1
            continue
        image_id = f"{source}/{path.name}"
        record = {
            "id": image_id,
            "source": source,
            "captureTime": datetime.datetime.now(datetime.timezone.utc),
            "width": width,
            "height": height,
            "encoding": encoding,
            "pixels": data,
            "label": labels.get(path.name),
        }
        while True:
            try:
                producer.produce(args.topic, key=image_id.encode("utf-8"), value=images.encode(record),
                                 on_delivery=delivered)
                break
            except BufferError:  # the local queue is full: let deliveries drain it
                producer.poll(0.1)
        producer.poll(0)
        sent += 1

    remaining = producer.flush(60)
    if failures or remaining:
        for failure in failures[:10]:
            print(f"not delivered: {failure}", file=sys.stderr)
        raise SystemExit(f"publishing failed: {len(failures)} images not delivered, {remaining} unconfirmed")
    print(f"published {sent} images to {args.topic} (labels inline), skipped {skipped} files")


if __name__ == "__main__":
    main()
