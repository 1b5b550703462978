package io.digitstream.classifier.service;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.model.image.HostileImages;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.schemas.serde.ContractSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;

/**
 * The kinds of record a hostile or broken producer sends to the images topic, each with the stage and
 * reason its dead letter must carry; {@link #GOOD} is a real MNIST digit.
 */
enum HostileRecords {
    GOOD(null, null),
    GARBAGE(FailureStage.DESERIALIZE, "not an Avro single-object encoded DigitImage"),
    KEYLESS_GARBAGE(FailureStage.DESERIALIZE, "not an Avro single-object encoded DigitImage"),
    TOMBSTONE(FailureStage.DESERIALIZE, "tombstone"),
    TRUNCATED(FailureStage.DESERIALIZE, "corrupt or truncated DigitImage"),
    WRONG_FINGERPRINT(FailureStage.DESERIALIZE, "unknown writer schema for DigitImage"),
    ZERO_WIDTH(FailureStage.VALIDATE, "impossible declared dimensions"),
    NEGATIVE_HEIGHT(FailureStage.VALIDATE, "impossible declared dimensions"),
    OVERSIZED(FailureStage.VALIDATE, "exceed the limit"),
    PIXEL_COUNT(FailureStage.VALIDATE, "bytes but width x height"),
    CORRUPT_PNG(FailureStage.DECODE, "corrupt or truncated PNG"),
    TRUNCATED_JPEG(FailureStage.DECODE, "corrupt or truncated JPEG"),
    PNG_BOMB(FailureStage.VALIDATE, "PNG header dimensions 60000x60000 exceed the limit"),
    JPEG_BOMB(FailureStage.VALIDATE, "JPEG header dimensions 60000x60000 exceed the limit"),
    BLANK(FailureStage.NORMALIZE, "no ink"),
    LONG_ID(FailureStage.VALIDATE, "image id of 257 bytes exceeds the limit of 256 bytes"),
    LONG_SOURCE(FailureStage.VALIDATE, "source of 257 bytes exceeds the limit of 256 bytes"),
    LONG_KEY(FailureStage.VALIDATE, "record key of 1025 bytes exceeds the limit of 1024 bytes");

    private static final byte[] PNG = HostileImages.stroke("png");
    private static final byte[] JPEG = HostileImages.stroke("jpg");
    private static final byte[] PNG_BOMB_FILE = HostileImages.pngBomb(60_000, 60_000);
    private static final byte[] JPEG_BOMB_FILE = HostileImages.jpegBomb(60_000, 60_000);

    final FailureStage stage;
    final String reason;

    HostileRecords(FailureStage stage, String reason) {
        this.stage = stage;
        this.reason = reason;
    }

    /**
     * The id record {@code n} of this kind is known by in its output, as {@code InputIds} names it: the image id,
     * else the key; cut to the 256-byte limit in a dead letter. Null for a keyless record (named by its offset).
     */
    String id(int n) {
        return switch (this) {
            case KEYLESS_GARBAGE -> null;
            case LONG_ID, LONG_KEY -> padded(n, 256);
            default -> name().toLowerCase() + "-" + n;
        };
    }

    /** {@code kind-n-} then x up to {@code bytes}. */
    private String padded(int n, int bytes) {
        String prefix = name().toLowerCase() + "-" + n + "-";
        return prefix + "x".repeat(bytes - prefix.length());
    }

    /** Record {@code n} of this kind: its key (null for none) and value (null for a tombstone). */
    byte[][] record(int n, LabeledImages digits, Random random) {
        String id = this == LONG_ID ? padded(n, 257) : name().toLowerCase() + "-" + n;
        DigitImage digit = DigitImage.newBuilder(DigitRecords.gray8(digits, n % digits.count(), "", "hostile-it", Instant.now(), true))
                .setId(id).build();
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        return switch (this) {
            case GOOD -> new byte[][] {key, serialize(digit)};
            case GARBAGE -> new byte[][] {key, garbage(random)};
            case KEYLESS_GARBAGE -> new byte[][] {null, garbage(random)};
            case TOMBSTONE -> new byte[][] {key, null};
            case TRUNCATED -> {
                byte[] whole = serialize(digit);
                yield new byte[][] {key, Arrays.copyOf(whole, 11 + random.nextInt(whole.length - 11))};
            }
            case WRONG_FINGERPRINT -> {
                byte[] bytes = serialize(digit);
                bytes[2 + random.nextInt(8)] ^= (byte) (1 + random.nextInt(255));
                yield new byte[][] {key, bytes};
            }
            case ZERO_WIDTH -> new byte[][] {key, serialize(with(digit, 0, 28))};
            case NEGATIVE_HEIGHT -> new byte[][] {key, serialize(with(digit, 28, -1 - random.nextInt(1000)))};
            case OVERSIZED -> new byte[][] {key, serialize(with(digit, 4097 + random.nextInt(100_000), 28))};
            case PIXEL_COUNT -> new byte[][] {key, serialize(DigitImage.newBuilder(digit)
                    .setPixels(ByteBuffer.wrap(new byte[random.nextInt(784)])).build())};
            case CORRUPT_PNG -> new byte[][] {key, serialize(file(id, PixelEncoding.PNG,
                    HostileImages.corrupted(PNG, 40, random.nextInt(5))))};
            case TRUNCATED_JPEG -> new byte[][] {key, serialize(file(id, PixelEncoding.JPEG,
                    Arrays.copyOf(JPEG, JPEG.length - 20 - random.nextInt(40))))};
            case PNG_BOMB -> new byte[][] {key, serialize(file(id, PixelEncoding.PNG, PNG_BOMB_FILE))};
            case JPEG_BOMB -> new byte[][] {key, serialize(file(id, PixelEncoding.JPEG, JPEG_BOMB_FILE))};
            case BLANK -> new byte[][] {key, serialize(DigitImage.newBuilder(digit).setPixels(ByteBuffer.wrap(new byte[784])).build())};
            case LONG_ID -> new byte[][] {key, serialize(digit)};
            case LONG_SOURCE -> new byte[][] {key, serialize(DigitImage.newBuilder(digit).setSource("s".repeat(257)).build())};
            case LONG_KEY -> new byte[][] {padded(n, 1025).getBytes(StandardCharsets.UTF_8), serialize(digit)};
        };
    }

    /** Bytes that do not start with the single-object marker C3 01. */
    private static byte[] garbage(Random random) {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        if (bytes.length > 0 && bytes[0] == (byte) 0xC3) {
            bytes[0] = 0;
        }
        return bytes;
    }

    private static DigitImage with(DigitImage image, int width, int height) {
        return DigitImage.newBuilder(image).setWidth(width).setHeight(height).build();
    }

    private static DigitImage file(String id, PixelEncoding encoding, byte[] bytes) {
        return HostileImages.image(id, encoding, 28, 28, bytes);
    }

    private static byte[] serialize(DigitImage image) {
        return ContractSerdes.digitImage().serialize("images", image);
    }
}
