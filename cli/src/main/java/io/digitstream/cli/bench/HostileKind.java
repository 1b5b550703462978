package io.digitstream.cli.bench;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The catalogue of bad and mistaken records of {@code bench hostile}: what a broken, misconfigured or hostile producer
 * sends to each topic the service reads. Limits are probed at limit − 1, limit and limit + 1: the service producer's
 * {@code max.request.size} (1 MiB) for record values, plain and compressed; {@code DataOutputStream.writeUTF}'s 65,535
 * bytes for ids and sources; the 4,096-pixel image side. {@link HostileRecords} makes the records.
 *
 * <p>Every record of the images topic must end as exactly one prediction or one dead letter (which one is the
 * service's choice: a page may be downscaled or refused). Records of the other topics have no output of their own;
 * the campaign counts the dead letters that name them.
 */
enum HostileKind {
    // images topic: not a DigitImage
    GARBAGE(Target.IMAGES),
    KEYLESS_GARBAGE(Target.IMAGES),
    TOMBSTONE(Target.IMAGES),
    EMPTY_VALUE(Target.IMAGES),
    TRUNCATED_AVRO(Target.IMAGES),
    WRONG_FINGERPRINT(Target.IMAGES),
    PREDICTION_AS_IMAGE(Target.IMAGES),
    LABEL_EVENT_AS_IMAGE(Target.IMAGES),
    GARBAGE_1MIB(Target.IMAGES, true),
    // images topic: impossible or mistaken declarations
    ZERO_WIDTH(Target.IMAGES),
    NEGATIVE_HEIGHT(Target.IMAGES),
    PIXEL_COUNT_MISMATCH(Target.IMAGES),
    GRAY8_4097_WIDE(Target.IMAGES),
    INLINE_LABEL_12(Target.IMAGES),
    INLINE_LABEL_MINUS_1(Target.IMAGES),
    CAPTURE_TIME_NEGATIVE(Target.IMAGES),
    CAPTURE_TIME_YEAR_9999(Target.IMAGES),
    // images topic: broken, empty or huge files
    CORRUPT_PNG(Target.IMAGES),
    TRUNCATED_PNG(Target.IMAGES),
    TRUNCATED_JPEG(Target.IMAGES),
    ZERO_SIZE_PNG(Target.IMAGES),
    PNG_BOMB(Target.IMAGES),
    JPEG_BOMB(Target.IMAGES),
    BLANK(Target.IMAGES),
    PAGE_3000X3000(Target.IMAGES, true),
    PNG_4095_WIDE(Target.IMAGES),
    PNG_4096_WIDE(Target.IMAGES),
    PNG_4097_WIDE(Target.IMAGES),
    // images topic: valid PNG digits whose record value is at the service producer's max.request.size
    VALUE_1MIB_MINUS_1(Target.IMAGES, true),
    VALUE_1MIB(Target.IMAGES, true),
    VALUE_1MIB_PLUS_1(Target.IMAGES, true),
    // the same, sent gzip-compressed: small on the wire, inflating to the limit or past it
    GZIP_1MIB_MINUS_1(Target.IMAGES, true),
    GZIP_1MIB(Target.IMAGES, true),
    GZIP_1MIB_PLUS_1(Target.IMAGES, true),
    GZIP_4MIB(Target.IMAGES, true),
    // images topic: long strings, at DataOutputStream.writeUTF's limit of 65,535 bytes
    ID_65535_BYTES(Target.IMAGES),
    ID_65536_BYTES(Target.IMAGES),
    ID_65537_BYTES(Target.IMAGES),
    SOURCE_65535_BYTES(Target.IMAGES),
    SOURCE_65536_BYTES(Target.IMAGES),
    SOURCE_65537_BYTES(Target.IMAGES),
    KEY_65536_BYTES(Target.IMAGES),
    INVALID_UTF8_KEY(Target.IMAGES),
    /** 350,000 bytes of 0xFF: 3 bytes each once decoded, over 1 MiB, with a value that is not an image. */
    INVALID_UTF8_KEY_350K(Target.IMAGES, true),
    // images topic: valid records, mistaken use
    RESENT_ID(Target.IMAGES),
    INVENTED_SOURCE(Target.IMAGES),
    PROTOTYPE_SOURCE(Target.IMAGES),
    TIMESTAMP_30_MIN_AHEAD(Target.IMAGES),
    TIMESTAMP_EPOCH(Target.IMAGES),
    /** Timestamp -1, which the Java producer refuses and other clients send. */
    TIMESTAMP_NEGATIVE(Target.IMAGES),
    // labels topic
    LABEL_EVENT_12(Target.LABELS),
    LABEL_EVENT_MINUS_1(Target.LABELS),
    LABELS_GARBAGE(Target.LABELS),
    LABELS_TOMBSTONE(Target.LABELS),
    LABEL_30_MIN_AHEAD(Target.LABELS),
    LABEL_TIMESTAMP_NEGATIVE(Target.LABELS),
    IMAGE_AS_LABEL_EVENT(Target.LABELS),
    // predictions topic (read back by the service's metrics)
    PREDICTIONS_GARBAGE(Target.PREDICTIONS),
    PREDICTIONS_TOMBSTONE(Target.PREDICTIONS),
    IMAGE_AS_PREDICTION(Target.PREDICTIONS),
    // dead-letter topic (read back by the service's metrics)
    DEAD_LETTERS_GARBAGE(Target.DEAD_LETTERS),
    DEAD_LETTERS_TOMBSTONE(Target.DEAD_LETTERS),
    PREDICTION_AS_DEAD_LETTER(Target.DEAD_LETTERS);

    /** The topic a kind is sent to. */
    enum Target {
        IMAGES, LABELS, PREDICTIONS, DEAD_LETTERS
    }

    final Target target;
    /** About 1 MiB on the broker or in the service, or seconds of decoding: sent a third as often as the others. */
    final boolean heavy;

    HostileKind(Target target) {
        this(target, false);
    }

    HostileKind(Target target, boolean heavy) {
        this.target = target;
        this.heavy = heavy;
    }

    /** Sent with gzip compression. */
    boolean compressed() {
        return name().startsWith("GZIP_");
    }

    /** The kind's name in the report and on the command line, e.g. {@code value-1mib-plus-1}. */
    String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The kinds named, or whose topic is named ({@code images}, {@code labels}, {@code predictions},
     * {@code dead-letters}); a leading {@code -} leaves a kind or topic out of all the others.
     *
     * @throws IllegalArgumentException naming a word that is neither
     */
    static Set<HostileKind> select(List<String> words) {
        Set<HostileKind> chosen = EnumSet.noneOf(HostileKind.class);
        Set<HostileKind> left = EnumSet.noneOf(HostileKind.class);
        for (String word : words) {
            boolean leaveOut = word.startsWith("-");
            String name = leaveOut ? word.substring(1) : word;
            Set<HostileKind> named = EnumSet.noneOf(HostileKind.class);
            for (HostileKind kind : values()) {
                if (kind.jsonName().equals(name) || kind.target.name().toLowerCase(Locale.ROOT)
                        .replace('_', '-').equals(name)) {
                    named.add(kind);
                }
            }
            if (named.isEmpty()) {
                throw new IllegalArgumentException("no kind or topic named " + name);
            }
            (leaveOut ? left : chosen).addAll(named);
        }
        if (chosen.isEmpty()) {
            chosen.addAll(EnumSet.allOf(HostileKind.class));
        }
        chosen.removeAll(left);
        return chosen;
    }
}
