package io.digitstream.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README and docs/*.md: short enough to read, every relative link and anchor resolving. */
class DocsLinksTest {

    static final int README_MAX_LINES = 200;

    @Test
    void readmeFitsInFiveMinutesOfReading() throws IOException {
        assertFits(RepositoryRoot.path().resolve("README.md"));
    }

    @Test
    void readmeLimitIsTwoHundredLines(@TempDir Path dir) throws IOException {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "line\n".repeat(README_MAX_LINES - 1));
        assertFits(readme);
        Files.writeString(readme, "line\n".repeat(README_MAX_LINES));
        assertFits(readme);
        Files.writeString(readme, "line\n".repeat(README_MAX_LINES + 1));
        assertThatThrownBy(() -> assertFits(readme)).hasMessageContaining("201").hasMessageContaining("200");
    }

    private static void assertFits(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        assertThat(lines.size()).as("lines of " + readme + " (move detail into docs/)")
                .isLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    void readmeStartsWithTheTwoCommands() throws IOException {
        String readme = Files.readString(RepositoryRoot.path().resolve("README.md"), StandardCharsets.UTF_8);
        int fence = readme.indexOf("```bash\n");
        String firstBlock = readme.substring(fence, readme.indexOf("```\n", fence + 1));

        assertThat(firstBlock).contains("bin/digits demo").contains("\n./mvnw verify\n");
        // .ci/run runs exactly the test command the README names.
        assertThat(Files.readString(RepositoryRoot.path().resolve(".ci/run"))).contains("./mvnw -B verify");
    }

    @Test
    void everyRelativeLinkOfTheDocsResolves() throws IOException {
        Path root = RepositoryRoot.path();
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(f -> f.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
        }
        MarkdownLinks links = new MarkdownLinks();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            problems.addAll(links.check(file));
        }

        assertThat(files).hasSizeGreaterThan(5);
        assertThat(problems).as("broken links").isEmpty();
    }

    @Test
    void slugsFollowGitHub() {
        assertThat(MarkdownLinks.slug("The command line: `bin/digits`")).isEqualTo("the-command-line-bindigits");
        assertThat(MarkdownLinks.slug("Generated variants (`common`, package `io.digitstream.synthetic`)"))
                .isEqualTo("generated-variants-common-package-iodigitstreamsynthetic");
        assertThat(MarkdownLinks.slug("Engine throughput: DL4J, ONNX Runtime, int8"))
                .isEqualTo("engine-throughput-dl4j-onnx-runtime-int8");
        assertThat(MarkdownLinks.slug("Throughput: micro-batching with exactly-once"))
                .isEqualTo("throughput-micro-batching-with-exactly-once");
        assertThat(MarkdownLinks.slug("digits.batch_size and [the model](models.md)"))
                .isEqualTo("digitsbatch_size-and-the-model");
        assertThat(MarkdownLinks.slug("Sätze über Ziffern")).isEqualTo("sätze-über-ziffern");
    }

    @Test
    void findsMissingFilesAndAnchors(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/other.md"), """
                # Other
                ## Same
                ## Same
                ```
                ## Inside a fence
                ```
                <a name="custom"></a>
                """);
        Files.writeString(dir.resolve("image.png"), "not really");
        Files.writeString(dir.resolve("README.md"), """
                # Title
                ## Here
                [ok](#here) [ok](docs/other.md#same-1) [ok](docs/other.md) [ok](image.png) [ok](docs/other.md#custom)
                [ok](https://example.org/nowhere) [ok](mailto:a@b.c) `[in code](missing.md)`
                [missing file](docs/missing.md)
                [missing anchor](#there)
                [missing anchor elsewhere](docs/other.md#same-2)
                [fenced heading](docs/other.md#inside-a-fence)
                ![missing image](docs/shot.png)
                [anchor into a picture](image.png#top)
                ```
                [inside a fence](nowhere.md)
                ```
                """);

        List<String> problems = new MarkdownLinks().check(dir.resolve("README.md"));

        assertThat(problems).hasSize(6);
        assertThat(problems.get(0)).startsWith("README.md:5: docs/missing.md: no such file");
        assertThat(problems.get(1)).startsWith("README.md:6: #there: no heading of README.md has the anchor #there");
        assertThat(problems.get(2)).startsWith("README.md:7: docs/other.md#same-2: no heading of other.md");
        assertThat(problems.get(3)).startsWith("README.md:8: docs/other.md#inside-a-fence: no heading");
        assertThat(problems.get(4)).startsWith("README.md:9: docs/shot.png: no such file");
        assertThat(problems.get(5)).startsWith("README.md:10: image.png#top: an anchor into a file that is not Markdown");
    }
}
