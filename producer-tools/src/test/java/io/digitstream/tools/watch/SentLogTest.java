package io.digitstream.tools.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentLogTest {

    @TempDir
    Path dir;

    private FileStamp file(String name, int size) throws IOException {
        Path path = Files.write(dir.resolve(name), new byte[size]);
        return FileStamp.of(path).orElseThrow();
    }

    @Test
    void remembersSentFilesAcrossReopening() throws IOException {
        FileStamp a = file("a.png", 10);
        FileStamp odd = file("scan 2 % ü\t.png", 20);
        FileStamp notSent = file("c.png", 30);
        try (SentLog log = SentLog.open(dir)) {
            assertThat(log.contains(a)).isFalse();
            log.record(List.of(a, odd));
            assertThat(log.contains(a)).isTrue();
        }

        try (SentLog log = SentLog.open(dir)) {
            assertThat(log.contains(a)).isTrue();
            assertThat(log.contains(odd)).isTrue();
            assertThat(log.contains(notSent)).isFalse();
        }
    }

    @Test
    void theSameNameWithAnotherSizeOrTimeIsAnotherFile() throws IOException {
        FileStamp a = file("a.png", 10);
        try (SentLog log = SentLog.open(dir)) {
            log.record(List.of(a));
            assertThat(log.contains(new FileStamp("a.png", 11, a.lastModifiedMillis()))).isFalse();
            assertThat(log.contains(new FileStamp("a.png", 10, a.lastModifiedMillis() + 1))).isFalse();
        }
    }

    @Test
    void forgetsFilesNoLongerInTheFolderWhenReopened() throws IOException {
        FileStamp a = file("a.png", 10);
        FileStamp b = file("b.png", 10);
        try (SentLog log = SentLog.open(dir)) {
            log.record(List.of(a, b));
        }
        Files.delete(dir.resolve("a.png"));

        try (SentLog log = SentLog.open(dir)) {
            assertThat(log.contains(b)).isTrue();
        }
        assertThat(Files.readAllLines(dir.resolve(SentLog.FILE_NAME))).filteredOn(line -> !line.startsWith("#"))
                .containsExactly(b.size() + " " + b.lastModifiedMillis() + " b.png");
    }

    @Test
    void aLastLineCutShortByACrashIsDroppedAndLaterEntriesStayReadable() throws IOException {
        FileStamp a = file("a.png", 10);
        FileStamp b = file("b.png", 10);
        try (SentLog log = SentLog.open(dir)) {
            log.record(List.of(a));
        }
        Files.writeString(dir.resolve(SentLog.FILE_NAME), "10 12", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (SentLog log = SentLog.open(dir)) {
            assertThat(log.contains(a)).isTrue();
            log.record(List.of(b));
        }
        try (SentLog log = SentLog.open(dir)) {
            assertThat(log.contains(a)).isTrue();
            assertThat(log.contains(b)).isTrue();
        }
    }

    @Test
    void parsesOnlyWholeLines() {
        assertThat(SentLog.parse("12 345 a%20b.png")).isEqualTo(new FileStamp("a b.png", 12, 345));
        assertThat(SentLog.parse("# header")).isNull();
        assertThat(SentLog.parse("")).isNull();
        assertThat(SentLog.parse("12 345")).isNull();
        assertThat(SentLog.parse("12 34x a.png")).isNull();
    }
}
