package io.digitstream.imagefolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static java.util.Map.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void headerIsOptional() {
        assertThat(LabelsCsv.parse(List.of("mnist-test-00001,2"), "ids.csv")).containsExactly(entry("mnist-test-00001", 2));
    }

    @Test
    void rejectsLabelsThatAreNotDigits() {
        assertThatThrownBy(() -> LabelsCsv.parse(List.of("id,label", "x,10"), "ids.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ids.csv line 2: label '10' is not a digit 0-9");
        assertThatThrownBy(() -> LabelsCsv.parse(List.of("x,seven"), "ids.csv"))
                .hasMessage("ids.csv line 1: label 'seven' is not a digit 0-9");
    }

    @Test
    void rejectsWrongColumnCountsEmptyKeysAndDuplicates() {
        assertThatThrownBy(() -> LabelsCsv.parse(List.of("x,1,2"), "f.csv"))
                .hasMessage("f.csv line 1: expected 2 columns (key,label) but found 3");
        assertThatThrownBy(() -> LabelsCsv.parse(List.of(",1"), "f.csv"))
                .hasMessage("f.csv line 1: the key is empty");
        assertThatThrownBy(() -> LabelsCsv.parse(List.of("x,1", "x,2"), "f.csv"))
                .hasMessage("f.csv line 2: 'x' is labeled a second time");
    }
}
