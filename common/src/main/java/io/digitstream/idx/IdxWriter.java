package io.digitstream.idx;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@link LabeledImages} in the idx format that {@link LabeledImages#load} reads, e.g. to commit fixtures. */
public final class IdxWriter {
    private IdxWriter() {}

    /** Writes the images as an idx3 file and their labels as an idx1 file, replacing existing files. */
    public static void write(LabeledImages data, Path imagesIdx, Path labelsIdx) throws IOException {
        write(imagesIdx, new int[] {data.count(), data.height(), data.width()}, data.pixels());
        write(labelsIdx, new int[] {data.count()}, labelBytes(data.labels()));
    }

    private static void write(Path file, int[] dimensions, byte[] data) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(IdxReader.magic(dimensions.length));
            for (int dimension : dimensions) {
                out.writeInt(dimension);
            }
            out.write(data);
        }
    }

    private static byte[] labelBytes(int[] labels) {
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " at index " + i + " does not fit an unsigned byte");
            }
            bytes[i] = (byte) labels[i];
        }
        return bytes;
    }
}
