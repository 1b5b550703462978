package io.digitstream.classifier.stream;

import io.digitstream.idx.LabeledImages;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.schemas.serde.ContractSerdes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;

/** Valid digit images whose images-topic record value has an exact size, and Kafka's own measure of a record. */
public final class SizedRecords {

    private SizedRecords() {
    }

    /**
     * MNIST digit {@code index} as a PNG, padded with a {@code tEXt} chunk (which every PNG reader skips) so
     * that the serialized {@link DigitImage} is exactly {@code bytes} long.
     */
    public static byte[] pngImageOfSize(LabeledImages digits, int index, String id, int bytes) {
        byte[] png = png(digits.image(index));
        int padding = 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            byte[] value = serialize(id, padded(png, padding), digits.label(index));
            if (value.length == bytes) {
                return value;
            }
            padding += bytes - value.length;
            if (padding < 0) {
                throw new IllegalArgumentException(bytes + " bytes are too few for a PNG digit record");
            }
        }
        throw new IllegalStateException("cannot pad to exactly " + bytes + " bytes");
    }

    /** What the producer counts against {@code max.request.size} for one record in a batch of its own. */
    public static int producerSize(byte[] key, byte[] value) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE, key, value,
                new Header[0]);
    }

    private static byte[] serialize(String id, byte[] png, int label) {
        DigitImage image = DigitImage.newBuilder().setId(id).setSource("sized").setCaptureTime(Instant.EPOCH).setWidth(28)
                .setHeight(28).setEncoding(PixelEncoding.PNG).setPixels(ByteBuffer.wrap(png)).setLabel(label).build();
        return ContractSerdes.digitImage().serialize("images", image);
    }

    private static byte[] png(byte[] gray) {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < gray.length; i++) {
            image.getRaster().setSample(i % 28, i / 28, 0, gray[i] & 0xFF);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code png} with a tEXt chunk of {@code padding} bytes in all (0: unchanged) before its IEND chunk. */
    private static byte[] padded(byte[] png, int padding) {
        if (padding == 0) {
            return png;
        }
        if (padding < 12 + 2) {
            throw new IllegalArgumentException("a chunk takes at least 14 bytes");
        }
        byte[] data = new byte[padding - 12];
        Arrays.fill(data, (byte) 'a');
        byte[] keyword = "Comment".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(keyword, 0, data, 0, Math.min(keyword.length, data.length - 1));
        data[Math.min(keyword.length, data.length - 1)] = 0;
        byte[] type = "tEXt".getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(data);
        int iend = png.length - 12;
        ByteBuffer out = ByteBuffer.allocate(png.length + padding);
        out.put(png, 0, iend).putInt(data.length).put(type).put(data).putInt((int) crc.getValue()).put(png, iend, 12);
        return out.array();
    }
}
