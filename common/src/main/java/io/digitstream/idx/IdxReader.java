package io.digitstream.idx;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URL;
import java.util.Arrays;

/**
 * Reads idx files of unsigned bytes, the format of the original MNIST distribution: a big-endian magic number, one
 * big-endian int per dimension, then the data. Reads from URLs so that classpath resources work like files.
 */
final class IdxReader {
    static final int IMAGES_RANK = 3;
    static final int LABELS_RANK = 1;

    /** Images stored row-major, one after another. */
    record Images(int count, int height, int width, byte[] pixels) {}

    private record Idx(int[] dimensions, byte[] data) {}

    private IdxReader() {}

    /** Reads an idx3 file: image count, rows, columns. */
    static Images readImages(URL source) throws IOException {
        Idx idx = read(source, IMAGES_RANK);
        int[] d = idx.dimensions();
        return new Images(d[0], d[1], d[2], idx.data());
    }

    /** Reads an idx1 file of labels. */
    static int[] readLabels(URL source) throws IOException {
        byte[] data = read(source, LABELS_RANK).data();
        int[] labels = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            labels[i] = Byte.toUnsignedInt(data[i]);
        }
        return labels;
    }

    /** Two zero bytes, 0x08 for "unsigned byte", then the number of dimensions: 0x00000803 for images. */
    static int magic(int rank) {
        return 0x0800 | rank;
    }

    private static Idx read(URL source, int rank) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(source.openStream()))) {
            int[] dimensions = readHeader(in, source, rank);
            long size = 1;
            for (int dimension : dimensions) {
                size *= dimension;
            }
            // The largest array a JVM reliably allocates.
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException(source + ": dimensions " + Arrays.toString(dimensions) + " are too large");
            }
            byte[] data = in.readNBytes((int) size);
            if (data.length < size) {
                throw new IOException(String.format("%s is truncated: dimensions %s need %d data bytes, found %d",
                        source, Arrays.toString(dimensions), size, data.length));
            }
            if (in.read() != -1) {
                throw new IOException(source + " is longer than its dimensions " + Arrays.toString(dimensions)
                        + " imply");
            }
            return new Idx(dimensions, data);
        }
    }

    private static int[] readHeader(DataInputStream in, URL source, int rank) throws IOException {
        try {
            int magic = in.readInt();
            if (magic != magic(rank)) {
                throw new IOException(String.format(
                        "%s has magic number 0x%08X, expected 0x%08X (unsigned bytes in %d dimensions)",
                        source, magic, magic(rank), rank));
            }
            int[] dimensions = new int[rank];
            for (int i = 0; i < rank; i++) {
                dimensions[i] = in.readInt();
                if (dimensions[i] < 0) {
                    throw new IOException(source + " has a negative dimension: " + dimensions[i]);
                }
            }
            return dimensions;
        } catch (EOFException e) {
            throw new IOException(source + " is too short to hold an idx header", e);
        }
    }
}
