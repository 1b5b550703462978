package io.digitstream.mnist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Builds small ustar archives for tests. Names ending in "/" become directories; names over 100 characters are split
 * into the ustar prefix and name fields, as tar does.
 */
final class TestTars {
    private static final int BLOCK_SIZE = 512;

    private TestTars() {}

    static byte[] tar(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entries.forEach((name, content) -> {
            boolean directory = name.endsWith("/");
            out.writeBytes(header(name, content.length, directory ? '5' : '0'));
            out.writeBytes(content);
            out.writeBytes(new byte[(BLOCK_SIZE - content.length % BLOCK_SIZE) % BLOCK_SIZE]);
        });
        out.writeBytes(new byte[2 * BLOCK_SIZE]);
        return out.toByteArray();
    }

    static Path tgz(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(tar(entries));
        }
        return file;
    }

    private static byte[] header(String path, long size, char type) {
        byte[] header = new byte[BLOCK_SIZE];
        int split = path.length() > 100 ? path.lastIndexOf('/', path.length() - 2) : -1;
        put(header, 0, path.substring(split + 1));
        if (split >= 0) {
            put(header, 345, path.substring(0, split));
        }
        put(header, 100, "0000644");
        put(header, 124, String.format("%011o", size));
        put(header, 136, String.format("%011o", 0));
        header[156] = (byte) type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        put(header, 148, "        ");
        int checksum = 0;
        for (byte b : header) {
            checksum += Byte.toUnsignedInt(b);
        }
        put(header, 148, String.format("%06o", checksum));
        header[154] = 0;
        return header;
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
