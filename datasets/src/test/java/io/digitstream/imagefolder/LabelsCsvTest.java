package io.digitstream.imagefolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static java.util.Map.entry;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsCsvTest {

    @Test
    void readsRowsInFileOrderAfterHeader(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("labels.csv"), "\uFEFFfile,label\nb.png,7\n\n a.png , 0 \n");

        assertThat(LabelsCsv.read(file)).containsExactly(entry("b.png", 7), entry("a.png", 0));
    }

    @Test
    void headerIsOptional() throws IOException {
        assertThat(parse("ids.csv", "mnist-test-00001,2")).containsExactly(entry("mnist-test-00001", 2));
    }

    /**
     * Byte for byte what R 4 writes for {@code df <- data.frame(file = c("a.png", "b, c.png"), label = c(3L, 7L))}
     * with {@code write.csv(df, "labels.csv", row.names = FALSE)}: every string quoted, the header too, numbers not.
     */
    @Test
    void readsAFileWrittenByRsWriteCsv(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("labels.csv"),
                "\"file\",\"label\"\n\"a.png\",3\n\"b, c.png\",7\n".getBytes(StandardCharsets.UTF_8));

        assertThat(LabelsCsv.read(file)).containsExactly(entry("a.png", 3), entry("b, c.png", 7));
    }

    /** R's default {@code row.names = TRUE} adds a first column of row names with an empty name; it is ignored. */
    @Test
    void readsRsWriteCsvWithRowNamesAndQuotedLabels() throws IOException {
        assertThat(parse("r.csv", "\"\",\"file\",\"label\"", "\"1\",\"a.png\",\"3\"", "\"2\",\"say \"\"hi\"\".png\",\"7\""))
                .containsExactly(entry("a.png", 3), entry("say \"hi\".png", 7));
    }

    /** Excel's "CSV UTF-8": a byte order mark, CRLF line ends, quotes where a field needs them. */
    @Test
    void readsCrLfWithAByteOrderMarkBeforeAQuotedHeader(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("labels.csv"),
                "\uFEFF\"file\",\"label\"\r\n\"a.png\",\"3\"\r\nb.png,4\r\n\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(LabelsCsv.read(file)).containsExactly(entry("a.png", 3), entry("b.png", 4));
    }

    @Test
    void aHeaderNamesTheColumnsAndFurtherColumnsAreIgnored() throws IOException {
        assertThat(parse("f.csv", "label,writer,file,checked", "3,ann,a.png,yes", "4,bob,b.png"))
                .containsExactly(entry("a.png", 3), entry("b.png", 4));
        assertThat(parse("ids.csv", "ID,Label,note", "mnist-test-00007,9,\"smudged, maybe 4\""))
                .containsExactly(entry("mnist-test-00007", 9));
        assertThatThrownBy(() -> parse("f.csv", "label,writer,file", "3,ann"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("f.csv line 2: expected at least 3 columns (label,file) but found 2");
        assertThatThrownBy(() -> parse("f.csv", "label,x,label"))
                .hasMessage("f.csv line 1: the header names two columns 'label'");
        assertThatThrownBy(() -> parse("f.csv", "label"))
                .hasMessage("f.csv line 1: the header has no key column besides 'label'");
    }

    @Test
    void rejectsLabelsThatAreNotDigits() {
        assertThatThrownBy(() -> parse("ids.csv", "id,label", "x,10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ids.csv line 2: label '10' is not a digit 0-9");
        assertThatThrownBy(() -> parse("ids.csv", "x,seven"))
                .hasMessage("ids.csv line 1: label 'seven' is not a digit 0-9");
        assertThatThrownBy(() -> parse("r.csv", "\"file\",\"label\"", "\"a.png\",NA"))
                .hasMessage("r.csv line 2: label 'NA' is not a digit 0-9");
    }

    @Test
    void rejectsWrongColumnCountsEmptyKeysAndDuplicates() {
        assertThatThrownBy(() -> parse("f.csv", "x,1,2"))
                .hasMessage("f.csv line 1: expected 2 columns (key,label) but found 3");
        assertThatThrownBy(() -> parse("f.csv", ",1"))
                .hasMessage("f.csv line 1: the key is empty");
        assertThatThrownBy(() -> parse("f.csv", "x,1", "x,2"))
                .hasMessage("f.csv line 2: 'x' is labeled a second time");
    }

    @Test
    void lineNumbersCountBlankLines() {
        assertThatThrownBy(() -> parse("f.csv", "file,label", "", "a.png,1", "", "", "b.png,x"))
                .hasMessage("f.csv line 6: label 'x' is not a digit 0-9");
    }

    @Test
    void rejectsAnUnterminatedQuoteNamingTheFile() {
        assertThatThrownBy(() -> parse("f.csv", "file,label", "\"a.png,1", "b.png,2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("f.csv: ")
                .hasMessageContaining("EOF");
    }

    private static Map<String, Integer> parse(String fileName, String... lines) throws IOException {
        return LabelsCsv.parse(new StringReader(String.join("\n", lines) + "\n"), fileName);
    }
}
