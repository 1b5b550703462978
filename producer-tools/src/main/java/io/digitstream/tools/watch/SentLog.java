package io.digitstream.tools.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The files of a drop folder already published, kept in a small text file in the folder itself so that a restarted
 * watcher sends nothing twice: one line per file, {@code size mtime-millis name} (the name URL-encoded), appended and
 * forced to disk only after Kafka acknowledged the images. Its twin, {@link #openRejected}, remembers the files
 * refused (not images, unreadable, too large for Kafka), so that they are neither tried nor reported again.
 *
 * <p>Opening it forgets the files no longer in the folder (moved to {@code sent/} or deleted): once gone, a file
 * cannot be sent again, so the log stays as small as the folder. One watcher per folder: two would both send.
 */
final class SentLog implements AutoCloseable {

    static final String FILE_NAME = ".digits-sent";
    static final String REJECTED_FILE_NAME = ".digits-rejected";
    private static final String HEADER = "# files of this folder published by digits publish images --watch:"
            + " size, modification time (epoch ms), URL-encoded name\n";
    private static final String REJECTED_HEADER = "# files of this folder refused by digits publish images --watch"
            + " (not images, unreadable, too large): size, modification time (epoch ms), URL-encoded name\n";

    private final Set<FileStamp> sent;
    private final FileChannel appender;

    private SentLog(Set<FileStamp> sent, FileChannel appender) {
        this.sent = sent;
        this.appender = appender;
    }

    static SentLog open(Path dir) throws IOException {
        return open(dir.resolve(FILE_NAME), HEADER);
    }

    static SentLog openRejected(Path dir) throws IOException {
        return open(dir.resolve(REJECTED_FILE_NAME), REJECTED_HEADER);
    }

    private static SentLog open(Path file, String header) throws IOException {
        Set<FileStamp> sent = new HashSet<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                FileStamp stamp = parse(line);
                if (stamp != null && Files.exists(file.resolveSibling(stamp.name()))) {
                    sent.add(stamp);
                }
            }
        }
        // Rewritten at every start: drops what is gone and a last line a crash may have cut short.
        rewrite(file, header, sent);
        return new SentLog(sent, FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    boolean contains(FileStamp stamp) {
        return sent.contains(stamp);
    }

    /** Remembers files (whose images Kafka acknowledged, or that were refused); on disk before it returns. */
    void record(List<FileStamp> stamps) throws IOException {
        if (stamps.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        stamps.forEach(stamp -> lines.append(format(stamp)));
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(lines.toString());
        while (bytes.hasRemaining()) {
            appender.write(bytes);
        }
        appender.force(false);
        sent.addAll(stamps);
    }

    /** Writes a new copy beside the old and renames it into place, so a crash leaves one or the other whole. */
    private static void rewrite(Path file, String header, Set<FileStamp> stamps) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        List<String> lines = new ArrayList<>();
        stamps.forEach(stamp -> lines.add(format(stamp)));
        try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(StandardCharsets.UTF_8.encode(header + String.join("", lines)));
            out.force(false);
        }
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String format(FileStamp stamp) {
        return stamp.size() + " " + stamp.lastModifiedMillis() + " " + URLEncoder.encode(stamp.name(), StandardCharsets.UTF_8)
                + "\n";
    }

    /** @return null for the header, a blank line, or a line cut short by a crash while appending */
    static FileStamp parse(String line) {
        String[] fields = line.split(" ", -1);
        if (line.startsWith("#") || fields.length != 3 || fields[2].isEmpty()) {
            return null;
        }
        try {
            return new FileStamp(URLDecoder.decode(fields[2], StandardCharsets.UTF_8), Long.parseLong(fields[0]),
                    Long.parseLong(fields[1]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            appender.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
