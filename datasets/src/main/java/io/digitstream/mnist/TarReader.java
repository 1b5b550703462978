package io.digitstream.mnist;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the regular files out of a tar stream. Only as much of the ustar format as npm tarballs need: no checksum
 * verification, no pax or GNU extensions (their entries are skipped like directories and links).
 */
final class TarReader {
    private static final int BLOCK_SIZE = 512;

    /** A regular file; {@code content} is readable until the next call to {@link #next()}. */
    record Entry(String name, long size, InputStream content) {}

    private final InputStream in;
    private long unreadContent;
    private long padding;

    /** The caller keeps ownership of {@code tar} and closes it. */
    TarReader(InputStream tar) {
        this.in = tar;
    }

    /** Returns the next regular file, or null at the end of the archive. */
    Entry next() throws IOException {
        while (true) {
            in.skipNBytes(unreadContent + padding);
            byte[] header = in.readNBytes(BLOCK_SIZE);
            if (header.length == 0 || isAllZero(header)) {
                return null;
            }
            if (header.length < BLOCK_SIZE) {
                throw new EOFException("tar header cut off after " + header.length + " bytes");
            }
            unreadContent = parseOctal(header, 124, 12);
            padding = (BLOCK_SIZE - unreadContent % BLOCK_SIZE) % BLOCK_SIZE;
            byte type = header[156];
            if (type == '0' || type == 0) {
                return new Entry(name(header), unreadContent, new ContentStream());
            }
        }
    }

    private static String name(byte[] header) {
        String name = text(header, 0, 100);
        // Only POSIX ustar ("ustar\0") has a name prefix there; old GNU headers keep other fields at that offset.
        boolean posixUstar = text(header, 257, 6).equals("ustar");
        String prefix = posixUstar ? text(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static long parseOctal(byte[] header, int offset, int length) throws IOException {
        String digits = text(header, offset, length).trim();
        try {
            return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new IOException("tar header has a malformed octal field: '" + digits + "'", e);
        }
    }

    /** A NUL-terminated (or field-filling) ASCII header field. */
    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static boolean isAllZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The current entry's bytes; leaves the underlying stream open. */
    private final class ContentStream extends InputStream {
        @Override
        public int read() throws IOException {
            if (unreadContent == 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("tar entry cut off with " + unreadContent + " bytes missing");
            }
            unreadContent--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (unreadContent == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, unreadContent));
            if (n < 0) {
                throw new EOFException("tar entry cut off with " + unreadContent + " bytes missing");
            }
            unreadContent -= n;
            return n;
        }
    }
}
