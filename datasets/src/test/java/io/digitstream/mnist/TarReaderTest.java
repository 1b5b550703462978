package io.digitstream.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TarReaderTest {

    @Test
    void readsRegularFilesAndSkipsDirectories() throws IOException {
        byte[] exactlyOneBlock = new byte[512];
        Arrays.fill(exactlyOneBlock, (byte) 7);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/", new byte[0]);
        entries.put("package/a.txt", ascii("alpha"));
        entries.put("package/empty", new byte[0]);
        entries.put("package/block", exactlyOneBlock);
        entries.put("package/b.txt", ascii("bravo"));
        TarReader reader = reader(TestTars.tar(entries));

        assertEntry(reader.next(), "package/a.txt", ascii("alpha"));
        assertEntry(reader.next(), "package/empty", new byte[0]);
        assertEntry(reader.next(), "package/block", exactlyOneBlock);
        assertEntry(reader.next(), "package/b.txt", ascii("bravo"));
        assertThat(reader.next()).isNull();
    }

    @Test
    void skipsWhatIsLeftOfAPartlyReadEntry() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("first", new byte[1000]);
        entries.put("second", ascii("second"));
        TarReader reader = reader(TestTars.tar(entries));

        assertThat(reader.next().content().readNBytes(10)).hasSize(10);
        assertEntry(reader.next(), "second", ascii("second"));
    }

    @Test
    void joinsTheUstarPrefixToTheName() throws IOException {
        String longPath = "package/" + "d".repeat(60) + "/" + "e".repeat(60) + "/file";
        TarReader reader = reader(TestTars.tar(Map.of(longPath, ascii("deep"))));

        assertEntry(reader.next(), longPath, ascii("deep"));
    }

    @Test
    void rejectsATruncatedArchive() throws IOException {
        byte[] tar = TestTars.tar(Map.of("file", new byte[2000]));
        TarReader reader = reader(Arrays.copyOf(tar, 1000));

        TarReader.Entry entry = reader.next();

        assertThatThrownBy(() -> entry.content().readAllBytes()).isInstanceOf(EOFException.class);
    }

    private static TarReader reader(byte[] tar) {
        return new TarReader(new ByteArrayInputStream(tar));
    }

    private static void assertEntry(TarReader.Entry entry, String name, byte[] content) throws IOException {
        assertThat(entry.name()).isEqualTo(name);
        assertThat(entry.size()).isEqualTo(content.length);
        assertThat(entry.content().readAllBytes()).isEqualTo(content);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
