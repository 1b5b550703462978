package io.digitstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.config.DigitsKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The docs' table of digits.* keys is the one the declarations give. */
class ConfigTableTest {

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("README.md"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the repository");
    }

    @Test
    void theDocumentedTableIsTheGeneratedOne() throws IOException {
        Path document = ConfigTable.document(repositoryRoot());
        assertThat(ConfigTable.current(Files.readString(document)))
                .as("the configuration table of %s is stale; regenerate it with:%n"
                        + "  ./mvnw -q -pl cli -am install -DskipTests && bin/digits config --update %s",
                        document, repositoryRoot().relativize(document))
                .isEqualTo(DigitsKeys.markdownTable());
    }

    @Test
    void regeneratingReplacesOnlyTheTable() {
        String document = "# Title\n\ntext\n" + ConfigTable.BEGIN + "\n| old |\n" + ConfigTable.END + "\nafter\n";
        String regenerated = ConfigTable.regenerated(document);
        assertThat(regenerated).startsWith("# Title\n\ntext\n" + ConfigTable.BEGIN + "\n| key | default | meaning |")
                .endsWith(ConfigTable.END + "\nafter\n").doesNotContain("| old |");
        assertThat(ConfigTable.current(regenerated)).isEqualTo(DigitsKeys.markdownTable());
    }
}
