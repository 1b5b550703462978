package io.digitstream.cli.bench;

import io.digitstream.config.Topics;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/**
 * Makes the records of the {@link HostileKind} catalogue, and the good labeled MNIST images they are interleaved
 * with. Deterministic for a seed. Ids are {@code hostile-NNNNNNNNN} and {@code good-NNNNNNNNN} (one length, so the
 * records sized to a byte keep their size whatever their number); the large payloads are built once and shared.
 */
final class HostileRecords {

    /** The service producer's max.request.size (Kafka's default), which the campaign sets explicitly. */
    static final int MAX_REQUEST_SIZE = 1_048_576;
    /** The longest string {@code DataOutputStream.writeUTF} writes. */
    static final int WRITE_UTF_LIMIT = 65_535;
    /** The image side the service decodes at most ({@code digits.image.max.width/height}). */
    static final int MAX_SIDE = 4_096;
    static final String SOURCE = "hostile-bench";
    private static final List<String> PROTOTYPE_NAMES = List.of("constructor", "toString", "__proto__",
            "hasOwnProperty", "valueOf");

    /**
     * One record to send: its kind (null for a good image), where, key, value and record timestamp (null: now; negative:
     * only {@link RawProduce} sends it).
     */
    record Outgoing(HostileKind kind, String topic, byte[] key, byte[] value, Long timestamp, Integer label) {
    }

    private final LabeledImages digits;
    private final Topics topics;
    private final SplittableRandom random;
    private final Map<HostileKind, byte[]> sized = new EnumMap<>(HostileKind.class);
    private final byte[][] digitPngs;
    private final byte[] digitJpeg;
    private final byte[] page;
    private final Map<Integer, byte[]> strips = new java.util.HashMap<>();
    private final byte[] pngBomb = pngBomb(60_000, 60_000);
    private final byte[] jpegBomb;
    private Outgoing lastGood;

    HostileRecords(LabeledImages digits, Topics topics, long seed) {
        this.digits = digits;
        this.topics = topics;
        this.random = new SplittableRandom(seed);
        this.digitPngs = new byte[10][];
        for (int i = 0; i < digitPngs.length; i++) {
            digitPngs[i] = encode(digitImage(i % digits.count(), 1, false), "png");
        }
        this.digitJpeg = encode(digitImage(0, 1, false), "jpg");
        this.jpegBomb = jpegBomb(digitJpeg.clone(), 60_000, 60_000);
        this.page = encode(onPaper(3000, 3000, 0, 20), "png");
    }

    /** Good image {@code n}: MNIST test image {@code n} (cycling) with its label inline. */
    Outgoing good(int n) {
        int index = n % digits.count();
        DigitImage image = DigitRecords.gray8(digits, index, "", SOURCE, now(), true);
        image.setId(String.format("good-%09d", n));
        lastGood = images(null, image.getId(), serialize(image), null, image.getLabel());
        return lastGood;
    }

    /** Record {@code n} of the campaign, of {@code kind}. */
    Outgoing hostile(HostileKind kind, int n) {
        String id = String.format("hostile-%09d", n);
        DigitImage digit = digit(id, n);
        return switch (kind) {
            case GARBAGE -> images(kind, id, garbage(1 + random.nextInt(300)), null);
            case KEYLESS_GARBAGE -> images(kind, null, garbage(1 + random.nextInt(300)), null);
            case TOMBSTONE -> images(kind, id, null, null);
            case EMPTY_VALUE -> images(kind, id, new byte[0], null);
            case TRUNCATED_AVRO -> {
                byte[] whole = serialize(digit);
                yield images(kind, id, Arrays.copyOf(whole, 11 + random.nextInt(whole.length - 11)), null);
            }
            case WRONG_FINGERPRINT -> {
                byte[] bytes = serialize(digit);
                bytes[2 + random.nextInt(8)] ^= (byte) (1 + random.nextInt(255));
                yield images(kind, id, bytes, null);
            }
            case PREDICTION_AS_IMAGE -> images(kind, id, ContractSerdes.prediction().serialize("", prediction(id)), null);
            case LABEL_EVENT_AS_IMAGE -> images(kind, id, ContractSerdes.labelEvent().serialize("", label(id, 3)), null);
            case GARBAGE_1MIB -> images(kind, id, garbage(MAX_REQUEST_SIZE), null);
            case ZERO_WIDTH -> images(kind, id, serialize(with(digit, 0, 28)), null);
            case NEGATIVE_HEIGHT -> images(kind, id, serialize(with(digit, 28, -1 - random.nextInt(1000))), null);
            case PIXEL_COUNT_MISMATCH -> images(kind, id, serialize(pixels(digit, new byte[random.nextInt(784)])), null);
            case GRAY8_4097_WIDE -> images(kind, id, serialize(DigitImage.newBuilder(with(digit, MAX_SIDE + 1, 1))
                    .setPixels(ByteBuffer.wrap(new byte[MAX_SIDE + 1])).build()), null);
            case INLINE_LABEL_12 -> images(kind, id, serialize(DigitImage.newBuilder(digit).setLabel(12).build()), null);
            case INLINE_LABEL_MINUS_1 -> images(kind, id, serialize(DigitImage.newBuilder(digit).setLabel(-1).build()), null);
            case CAPTURE_TIME_NEGATIVE -> images(kind, id, serialize(DigitImage.newBuilder(digit)
                    .setCaptureTime(Instant.ofEpochMilli(-1 - random.nextLong(1L << 40))).build()), null);
            case CAPTURE_TIME_YEAR_9999 -> images(kind, id, serialize(DigitImage.newBuilder(digit)
                    .setCaptureTime(Instant.parse("9999-12-31T23:59:59Z")).build()), null);
            case CORRUPT_PNG -> images(kind, id, serialize(file(digit, PixelEncoding.PNG, corrupted(pngOf(n), 40))), null);
            case TRUNCATED_PNG -> {
                byte[] png = pngOf(n);
                yield images(kind, id, serialize(file(digit, PixelEncoding.PNG,
                        Arrays.copyOf(png, 8 + random.nextInt(png.length - 20)))), null);
            }
            case TRUNCATED_JPEG -> images(kind, id, serialize(file(digit, PixelEncoding.JPEG,
                    Arrays.copyOf(digitJpeg, digitJpeg.length - 20 - random.nextInt(40)))), null);
            case ZERO_SIZE_PNG -> images(kind, id, serialize(file(digit, PixelEncoding.PNG, new byte[0])), null);
            case PNG_BOMB -> images(kind, id, serialize(file(digit, PixelEncoding.PNG, pngBomb)), null);
            case JPEG_BOMB -> images(kind, id, serialize(file(digit, PixelEncoding.JPEG, jpegBomb)), null);
            case BLANK -> images(kind, id, serialize(pixels(digit, new byte[784])), null);
            case PAGE_3000X3000 -> images(kind, id, serialize(sizedFile(digit, PixelEncoding.PNG, 3000, 3000, page)), null);
            case PNG_4095_WIDE -> strip(kind, digit, MAX_SIDE - 1);
            case PNG_4096_WIDE -> strip(kind, digit, MAX_SIDE);
            case PNG_4097_WIDE -> strip(kind, digit, MAX_SIDE + 1);
            case VALUE_1MIB_MINUS_1, GZIP_1MIB_MINUS_1 -> sizedValue(kind, id, n, MAX_REQUEST_SIZE - 1);
            case VALUE_1MIB, GZIP_1MIB -> sizedValue(kind, id, n, MAX_REQUEST_SIZE);
            case VALUE_1MIB_PLUS_1, GZIP_1MIB_PLUS_1 -> sizedValue(kind, id, n, MAX_REQUEST_SIZE + 1);
            case GZIP_4MIB -> sizedValue(kind, id, n, 4 * MAX_REQUEST_SIZE);
            case ID_65535_BYTES -> longId(kind, digit, WRITE_UTF_LIMIT);
            case ID_65536_BYTES -> longId(kind, digit, WRITE_UTF_LIMIT + 1);
            case ID_65537_BYTES -> longId(kind, digit, WRITE_UTF_LIMIT + 2);
            case SOURCE_65535_BYTES -> longSource(kind, digit, WRITE_UTF_LIMIT);
            case SOURCE_65536_BYTES -> longSource(kind, digit, WRITE_UTF_LIMIT + 1);
            case SOURCE_65537_BYTES -> longSource(kind, digit, WRITE_UTF_LIMIT + 2);
            case KEY_65536_BYTES -> keyed(kind, padded(id + "-", WRITE_UTF_LIMIT + 1).getBytes(StandardCharsets.UTF_8),
                    serialize(digit));
            case INVALID_UTF8_KEY -> keyed(kind, invalidUtf8(32), serialize(digit));
            case INVALID_UTF8_KEY_350K -> keyed(kind, invalidUtf8(350_000), garbage(100));
            case RESENT_ID -> lastGood != null ? new Outgoing(kind, lastGood.topic(), lastGood.key(), lastGood.value(),
                    null, lastGood.label()) : images(kind, id, serialize(digit), null);
            case INVENTED_SOURCE -> images(kind, id, serialize(DigitImage.newBuilder(digit)
                    .setSource(String.format("invented-%09d", n)).build()), null);
            case PROTOTYPE_SOURCE -> images(kind, id, serialize(DigitImage.newBuilder(digit)
                    .setSource(PROTOTYPE_NAMES.get(n % PROTOTYPE_NAMES.size())).build()), null);
            case TIMESTAMP_30_MIN_AHEAD -> images(kind, id, serialize(digit),
                    System.currentTimeMillis() + Duration.ofMinutes(30).toMillis());
            case TIMESTAMP_EPOCH -> images(kind, id, serialize(digit), 0L);
            case TIMESTAMP_NEGATIVE -> images(kind, id, serialize(digit), -1L);
            case LABEL_EVENT_12 -> side(kind, topics.labels(), id, ContractSerdes.labelEvent().serialize("", label(id, 12)));
            case LABEL_EVENT_MINUS_1 -> side(kind, topics.labels(), id,
                    ContractSerdes.labelEvent().serialize("", label(id, -1)));
            case LABELS_GARBAGE -> side(kind, topics.labels(), id, garbage(1 + random.nextInt(300)));
            case LABELS_TOMBSTONE -> side(kind, topics.labels(), id, null);
            case LABEL_30_MIN_AHEAD -> {
                String labeled = lastGood != null ? new String(lastGood.key(), StandardCharsets.UTF_8) : id;
                LabelEvent event = label(labeled, lastGood != null ? lastGood.label() : 3);
                event.setTime(event.getTime().plus(Duration.ofMinutes(30)));
                yield new Outgoing(kind, topics.labels(), labeled.getBytes(StandardCharsets.UTF_8),
                        ContractSerdes.labelEvent().serialize("", event),
                        System.currentTimeMillis() + Duration.ofMinutes(30).toMillis(), null);
            }
            case LABEL_TIMESTAMP_NEGATIVE -> new Outgoing(kind, topics.labels(), id.getBytes(StandardCharsets.UTF_8),
                    ContractSerdes.labelEvent().serialize("", label(id, 4)), -1L, null);
            case IMAGE_AS_LABEL_EVENT -> side(kind, topics.labels(), id, serialize(digit));
            case PREDICTIONS_GARBAGE -> side(kind, topics.predictions(), id, garbage(1 + random.nextInt(300)));
            case PREDICTIONS_TOMBSTONE -> side(kind, topics.predictions(), id, null);
            case IMAGE_AS_PREDICTION -> side(kind, topics.predictions(), id, serialize(digit));
            case DEAD_LETTERS_GARBAGE -> side(kind, topics.deadLetters(), id, garbage(1 + random.nextInt(300)));
            case DEAD_LETTERS_TOMBSTONE -> side(kind, topics.deadLetters(), id, null);
            case PREDICTION_AS_DEAD_LETTER -> side(kind, topics.deadLetters(), id,
                    ContractSerdes.prediction().serialize("", prediction(id)));
        };
    }

    /** A white strip {@code width} pixels wide and 64 high with a digit at its left: a valid PNG at the side limit. */
    private Outgoing strip(HostileKind kind, DigitImage digit, int width) {
        byte[] strip = strips.computeIfAbsent(width, w -> encode(onPaper(w, 64, 0, 2), "png"));
        return images(kind, digit.getId(), serialize(sizedFile(digit, PixelEncoding.PNG, width, 64, strip)), null);
    }

    /** The digit under an id of exactly {@code bytes} UTF-8 bytes, which is also its key. */
    private Outgoing longId(HostileKind kind, DigitImage digit, int bytes) {
        String longId = padded(digit.getId() + "-", bytes);
        return images(kind, longId, serialize(DigitImage.newBuilder(digit).setId(longId).build()), null);
    }

    /** The digit from a source named with exactly {@code bytes} UTF-8 bytes. */
    private Outgoing longSource(HostileKind kind, DigitImage digit, int bytes) {
        return images(kind, digit.getId(), serialize(DigitImage.newBuilder(digit).setSource(padded("source-", bytes))
                .build()), null);
    }

    /**
     * A valid PNG digit (real PNG, then zeros: readers stop at its end) whose whole record value is exactly
     * {@code valueBytes} long; the padding is found once per kind, the ids being of one length.
     */
    private Outgoing sizedValue(HostileKind kind, String id, int n, int valueBytes) {
        DigitImage digit = digit(id, n);
        byte[] pixels = sized.computeIfAbsent(kind, k -> {
            byte[] png = digitPngs[0];
            int size = valueBytes - (serialize(file(digit, PixelEncoding.PNG, new byte[0])).length);
            for (int attempt = 0; attempt < 8; attempt++) {
                int actual = serialize(file(digit, PixelEncoding.PNG, new byte[size])).length;
                if (actual == valueBytes) {
                    return Arrays.copyOf(png, size);
                }
                size += valueBytes - actual;
            }
            throw new IllegalStateException("no PNG padding gives a value of exactly " + valueBytes + " bytes");
        });
        DigitImage image = DigitImage.newBuilder(file(digit, PixelEncoding.PNG, pixels)).setLabel(digits.label(0)).build();
        byte[] value = serialize(image);
        if (value.length != valueBytes) {
            throw new IllegalStateException(kind + ": " + value.length + " bytes, not " + valueBytes);
        }
        return images(kind, id, value, null);
    }

    private Outgoing images(HostileKind kind, String key, byte[] value, Long timestamp) {
        return images(kind, key, value, timestamp, null);
    }

    private Outgoing images(HostileKind kind, String key, byte[] value, Long timestamp, Integer label) {
        return new Outgoing(kind, topics.images(), key == null ? null : key.getBytes(StandardCharsets.UTF_8), value,
                timestamp, label);
    }

    private Outgoing keyed(HostileKind kind, byte[] key, byte[] value) {
        return new Outgoing(kind, topics.images(), key, value, null, null);
    }

    private static Outgoing side(HostileKind kind, String topic, String key, byte[] value) {
        return new Outgoing(kind, topic, key.getBytes(StandardCharsets.UTF_8), value, null, null);
    }

    private DigitImage digit(String id, int n) {
        DigitImage image = DigitRecords.gray8(digits, n % digits.count(), "", SOURCE, now(), true);
        image.setId(id);
        return image;
    }

    private byte[] pngOf(int n) {
        return digitPngs[n % digitPngs.length];
    }

    private static DigitImage with(DigitImage image, int width, int height) {
        return DigitImage.newBuilder(image).setWidth(width).setHeight(height).build();
    }

    private static DigitImage pixels(DigitImage image, byte[] pixels) {
        return DigitImage.newBuilder(image).setPixels(ByteBuffer.wrap(pixels)).build();
    }

    private static DigitImage file(DigitImage image, PixelEncoding encoding, byte[] bytes) {
        return sizedFile(image, encoding, 28, 28, bytes);
    }

    private static DigitImage sizedFile(DigitImage image, PixelEncoding encoding, int width, int height, byte[] bytes) {
        return DigitImage.newBuilder(image).setEncoding(encoding).setWidth(width).setHeight(height)
                .setPixels(ByteBuffer.wrap(bytes)).build();
    }

    private static LabelEvent label(String id, int label) {
        return LabelEvent.newBuilder().setId(id).setLabel(label).setTime(now()).setSource(SOURCE).build();
    }

    private static Prediction prediction(String id) {
        return Prediction.newBuilder().setId(id).setSource(SOURCE).setDigit(1).setConfidence(0.5f)
                .setProbabilities(Collections.nCopies(10, 0.1f)).setModelVersion("misdirected").setCaptureTime(now())
                .setClassificationTime(now()).build();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static byte[] serialize(DigitImage image) {
        return ContractSerdes.digitImage().serialize("", image);
    }

    /** Bytes that do not start with the single-object marker C3 01. */
    private byte[] garbage(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        if (bytes[0] == (byte) 0xC3) {
            bytes[0] = 0;
        }
        return bytes;
    }

    private byte[] corrupted(byte[] file, int keep) {
        byte[] copy = file.clone();
        for (int i = keep; i < copy.length; i++) {
            copy[i] = (byte) random.nextInt(256);
        }
        return copy;
    }

    /** {@code prefix} followed by {@code x} up to {@code bytes} UTF-8 bytes. */
    private static String padded(String prefix, int bytes) {
        return prefix + "x".repeat(bytes - prefix.length());
    }

    private static byte[] invalidUtf8(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 0xFF);
        return bytes;
    }

    /** MNIST image {@code index} (light ink on dark), scaled by {@code scale}, optionally as dark ink on paper. */
    private BufferedImage digitImage(int index, int scale, boolean onPaper) {
        byte[] pixels = digits.image(index);
        BufferedImage image = new BufferedImage(28 * scale, 28 * scale, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28 * scale; y++) {
            for (int x = 0; x < 28 * scale; x++) {
                int ink = pixels[(y / scale) * 28 + x / scale] & 0xFF;
                image.getRaster().setSample(x, y, 0, onPaper ? 255 - ink : ink);
            }
        }
        return image;
    }

    /** A white page of {@code width x height} with MNIST image {@code index}, scaled, in dark ink near its middle. */
    private BufferedImage onPaper(int width, int height, int index, int scale) {
        BufferedImage page = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        BufferedImage digit = digitImage(index, scale, true);
        g.drawImage(digit, Math.max(0, (Math.min(width, height) - digit.getWidth()) / 2),
                Math.max(0, (height - digit.getHeight()) / 2), null);
        g.dispose();
        return page;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG whose header claims {@code width x height} gray pixels, with only a few hundred bytes of data. */
    private static byte[] pngBomb(int width, int height) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream ihdr = new DataOutputStream(header);
            ihdr.writeInt(width);
            ihdr.writeInt(height);
            ihdr.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit gray, deflate, adaptive filter, no interlace
            chunk(out, "IHDR", header.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            try (DeflaterOutputStream deflate = new DeflaterOutputStream(idat)) {
                deflate.write(new byte[64 * 1024]);
            }
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }

    /** A real JPEG whose baseline frame header (SOF0) is rewritten to claim {@code width x height}. */
    private static byte[] jpegBomb(byte[] jpeg, int width, int height) {
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("the JDK's JPEG writer wrote no baseline frame header");
    }
}
