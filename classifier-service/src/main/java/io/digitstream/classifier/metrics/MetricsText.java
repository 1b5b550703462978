package io.digitstream.classifier.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The strings the live metrics keep (image ids in the join, sources in windows, counters and thumbnails) are
 * bounded, whatever a producer sent: a longer one is kept as its beginning plus a hash of the whole, so distinct
 * long values stay distinct and both sides of the join shorten an id the same way.
 */
public final class MetricsText {

    /** Longest source kept as is, in characters (UTF-16 units). */
    public static final int MAX_SOURCE_CHARS = 128;
    /** Longest model version kept as is, in characters (UTF-16 units). */
    public static final int MAX_MODEL_VERSION_CHARS = 128;
    /** Longest image id kept as is, in characters (UTF-16 units). */
    public static final int MAX_ID_CHARS = 256;
    /** Marks a shortened value: {@code <beginning>~<16 hex digits of its SHA-256>}. */
    static final char SHORTENED = '~';
    private static final int HASH_CHARS = 16;

    private MetricsText() {
    }

    public static String source(String source) {
        return bounded(source == null ? "" : source, MAX_SOURCE_CHARS);
    }

    public static String modelVersion(String version) {
        return bounded(version == null ? "" : version, MAX_MODEL_VERSION_CHARS);
    }

    public static String id(String id) {
        return bounded(id == null ? "" : id, MAX_ID_CHARS);
    }

    /** {@code text} if it has at most {@code max} characters, else its beginning and a hash, {@code max} characters in all. */
    static String bounded(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int keep = max - HASH_CHARS - 1;
        if (Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--; // never split a surrogate pair
        }
        return text.substring(0, keep) + SHORTENED + sha256(text).substring(0, HASH_CHARS);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
