"""The digit-stream wire format: Avro single-object encoding, as docs/wire-format.md describes it.

A record value is

    C3 01                      marker and format version
    8 bytes                    CRC-64-AVRO fingerprint of the writer schema, little-endian
    the rest                   the record in Avro binary encoding

The schemas are the repository's .avsc files (schemas/src/main/avro); the fingerprints come from
fingerprints.json next to this file, which the build generates from the same schemas.
"""

import datetime
import io
import json
import pathlib

import avro.io
import avro.schema

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_SCHEMAS = HERE.parents[1] / "schemas" / "src" / "main" / "avro"
MARKER = b"\xc3\x01"
HEADER_LENGTH = 10
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)

# The fingerprints are the project's, not computed here. The fingerprint is a CRC of the schema's Parsing
# Canonical Form, which drops logicalType and so turns {"type": "long", "logicalType": "timestamp-millis"}
# into "long". Debian's Avro 1.11 (python3-avro) leaves {"type":"long"} instead, so it computes another
# fingerprint for every contract with a timestamp, and the service would refuse each record as written with
# an unknown schema. The Java library the service uses follows the specification.
FINGERPRINTS = json.loads((HERE / "fingerprints.json").read_text(encoding="utf-8"))["fingerprints"]


class Contract:
    """Encodes and decodes the records of one contract, e.g. Contract("digit_image.avsc")."""

    def __init__(self, avsc, schemas_dir=None):
        path = pathlib.Path(schemas_dir or DEFAULT_SCHEMAS) / avsc
        self.schema = avro.schema.parse(path.read_text(encoding="utf-8"))
        self.name = self.schema.name
        fingerprint = FINGERPRINTS.get(self.schema.fullname)
        if fingerprint is None:
            raise ValueError(f"{path}: {self.schema.fullname} is not in {HERE / 'fingerprints.json'}")
        self.fingerprint = fingerprint
        # fingerprints.json writes the 64-bit number in hex, most significant byte first; the wire has it
        # least significant byte first.
        self.header = MARKER + bytes.fromhex(fingerprint)[::-1]
        self._writer = avro.io.DatumWriter(self.schema)
        self._reader = avro.io.DatumReader(self.schema)

    def encode(self, record):
        """The record (a dict; timestamps as timezone-aware datetimes) as one Kafka record value."""
        body = io.BytesIO()
        self._writer.write(record, avro.io.BinaryEncoder(body))
        return self.header + body.getvalue()

    def decode(self, value):
        """The record of one Kafka record value; ValueError says why a value is not one."""
        if value is None or len(value) < HEADER_LENGTH or value[:2] != MARKER:
            raise ValueError(f"not an Avro single-object encoded {self.name}")
        if value[:HEADER_LENGTH] != self.header:
            written_with = value[2:HEADER_LENGTH][::-1].hex()
            raise ValueError(f"written with the schema of fingerprint {written_with}, not the {self.name}"
                             f" schema this client knows ({self.fingerprint})")
        try:
            return self._reader.read(avro.io.BinaryDecoder(io.BytesIO(value[HEADER_LENGTH:])))
        except Exception as e:  # the Avro library reports a truncated or corrupt body in several ways
            raise ValueError(f"corrupt or truncated {self.name} ({len(value)} bytes): {e!r}") from e


def epoch_millis(timestamp):
    """A timestamp-millis field as read (a datetime) in milliseconds since the epoch, as the Java tools print it."""
    return (timestamp - EPOCH) // datetime.timedelta(milliseconds=1)


def kafka_properties(bootstrap_server, properties):
    """librdkafka settings from --bootstrap-server and the KEY=VALUE strings of --property."""
    settings = {"bootstrap.servers": bootstrap_server}
    for setting in properties:
        key, separator, value = setting.partition("=")
        if not separator or not key:
            raise SystemExit(f"--property {setting!r}: expected KEY=VALUE")
        settings[key.strip()] = value.strip()
    return settings
