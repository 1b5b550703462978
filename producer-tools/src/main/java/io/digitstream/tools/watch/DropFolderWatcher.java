package io.digitstream.tools.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import io.digitstream.schemas.DigitImage;
import io.digitstream.imagefolder.FileLabels;
import io.digitstream.imagefolder.ImageFile;
import io.digitstream.imagefolder.ImageFolder;
import io.digitstream.tools.publish.ImagePublisher;
import io.digitstream.tools.publish.LabelMode;
import io.digitstream.imagefolder.SkippedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * A scanner's drop folder: publishes every image file that appears in it, once, even across restarts. New files are
 * noticed through the file system's change events, and by listing the folder at start and every rescan interval (events
 * can be lost, and some file systems, e.g. network shares, send none). A file is published once it has settled
 * ({@link SettlingFiles}); the folder's {@link SentLog} records it after Kafka acknowledged it, then it is moved to
 * {@code sent/} or kept, as {@link AfterSend} says. A file refused (not an image, unreadable, or too large for one Kafka
 * record: over the producer's {@code max.request.size} or the topic's {@code max.message.bytes}) is reported once,
 * recorded in the folder's rejected log and moved to {@code rejected/} or kept likewise: it is never sent, and never
 * holds back the files around it. Each file's acknowledgement counts alone: when Kafka fails in the middle of a batch,
 * the files it acknowledged are recorded before the failure is thrown.
 *
 * <p>A crash between Kafka's acknowledgement and the log write sends those files again on restart (at least once);
 * anything else is sent exactly once.
 */
public final class DropFolderWatcher {

    static final String SENT_DIR = "sent";
    static final String REJECTED_DIR = "rejected";
    /** Files read into memory and published per Kafka flush. */
    private static final int BATCH = 100;

    /** What the watcher reports as it goes. */
    public interface Events {
        void sent(ImageFile file, String id);

        void skipped(SkippedFile file);

        void warning(String message);
    }

    /**
     * @param source recorded in each image and the prefix of its id ({@code source/file name})
     * @param labels ground truth by file name, reloaded when the folder's labels file changes
     * @param settle how long a file must stay unchanged before it is published
     * @param rescan how often the whole folder is listed, in case a change event was lost
     */
    public record Settings(String source, LabelRule labels, AfterSend afterSend, Duration settle, Duration rescan) {
        public Settings {
            if (settle.isNegative() || settle.isZero() || rescan.isNegative() || rescan.isZero()) {
                throw new IllegalArgumentException("the settle and rescan intervals must be positive");
            }
        }
    }

    /**
     * Where labels come from.
     *
     * @param labelsCsv a CSV of file,label; null for the folder's own labels file when it exists
     * @param fromName a pattern over the whole file name with a group {@code label}; null for none
     */
    public record LabelRule(Path labelsCsv, Pattern fromName) {
    }

    /** How images go out: label placement and pace, as for any other publishing. */
    public record PublishPace(LabelMode labelMode, double ratePerSecond) {
    }

    private final Path dir;
    private final Settings settings;
    private final ImagePublisher publisher;
    private final PublishPace pace;
    private final Events events;
    private final SettlingFiles settling = new SettlingFiles();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private FileLabels labels;
    private Optional<FileStamp> labelsStamp;

    /** @throws IOException or IllegalArgumentException when the folder or its labels cannot be read */
    public DropFolderWatcher(Path dir, Settings settings, ImagePublisher publisher, PublishPace pace, Events events)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        this.dir = dir;
        this.settings = settings;
        this.publisher = publisher;
        this.pace = pace;
        this.events = events;
        this.labels = FileLabels.of(dir, settings.labels().labelsCsv(), settings.labels().fromName());
        this.labelsStamp = FileStamp.of(labelsFile());
    }

    /**
     * Publishes until {@link #stop()}, finishing the batch in hand first.
     *
     * @throws org.apache.kafka.common.KafkaException when Kafka failed (the files it acknowledged before are logged as
     *     sent)
     */
    public void run() throws IOException, InterruptedException {
        try (SentLog sent = SentLog.open(dir); SentLog rejected = SentLog.openRejected(dir);
                WatchService watcher = dir.getFileSystem().newWatchService()) {
            dir.register(watcher, ENTRY_CREATE, ENTRY_MODIFY);
            Set<String> waiting = new TreeSet<>(listFolder());
            long nextRescan = System.nanoTime() + settings.rescan().toNanos();
            long nextCheck = System.nanoTime();
            while (!stopping) {
                boolean overflow = false;
                WatchKey key = watcher.poll(Math.max(1, nextCheck - System.nanoTime()), TimeUnit.NANOSECONDS);
                for (; key != null; key = watcher.poll()) {
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.kind() == OVERFLOW) {
                            overflow = true;
                        } else if (event.context() instanceof Path name && ImageFolder.isCandidate(name)) {
                            waiting.add(name.toString());
                        }
                    }
                    key.reset();
                }
                if (overflow || System.nanoTime() >= nextRescan) {
                    waiting.addAll(listFolder());
                    nextRescan = System.nanoTime() + settings.rescan().toNanos();
                }
                if (System.nanoTime() >= nextCheck) {
                    publishSettled(waiting, new Logs(sent, rejected));
                    nextCheck = System.nanoTime() + settings.settle().toNanos();
                }
            }
        } finally {
            finished.countDown();
        }
    }

    /** Asks {@link #run()} to return after the batch in hand. */
    public void stop() {
        stopping = true;
    }

    /** @return whether {@link #run()} returned within {@code timeout} */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What became of the folder's files. */
    private record Logs(SentLog sent, SentLog rejected) {
    }

    private void publishSettled(Set<String> waiting, Logs logs) throws IOException, InterruptedException {
        List<FileStamp> unsent = new ArrayList<>();
        for (Iterator<String> names = waiting.iterator(); names.hasNext(); ) {
            String name = names.next();
            Optional<FileStamp> stamp = FileStamp.of(dir.resolve(name));
            if (stamp.isEmpty()) {
                names.remove();
            } else if (logs.sent().contains(stamp.get())) {
                names.remove();
                afterSend(name, SENT_DIR); // sent before a crash or a restart, but not moved yet
            } else if (logs.rejected().contains(stamp.get())) {
                names.remove();
                afterSend(name, REJECTED_DIR);
            } else {
                unsent.add(stamp.get());
            }
        }
        List<FileStamp> settled = settling.check(unsent);
        settled.forEach(stamp -> waiting.remove(stamp.name()));
        for (int from = 0; from < settled.size(); from += BATCH) {
            publish(settled.subList(from, Math.min(settled.size(), from + BATCH)), logs);
        }
    }

    private void publish(List<FileStamp> stamps, Logs logs) throws IOException, InterruptedException {
        reloadLabelsIfChanged();
        Map<Path, FileStamp> byPath = new HashMap<>();
        stamps.forEach(stamp -> byPath.put(dir.resolve(stamp.name()), stamp));
        ImageFolder batch = ImageFolder.of(byPath.keySet(), labels);
        for (SkippedFile skipped : batch.skipped()) {
            reject(skipped, byPath.get(skipped.path()), logs);
        }
        List<ImageFile> files = new ArrayList<>();
        List<DigitImage> images = new ArrayList<>();
        for (ImageFile file : batch.images()) {
            try {
                images.add(file.read(settings.source()));
                files.add(file);
            } catch (IOException e) {
                reject(new SkippedFile(file.path(), "unreadable: " + e.getMessage()), byPath.get(file.path()), logs);
            }
        }
        List<Exception> outcomes = publisher.publishBatch(images, pace.labelMode(), pace.ratePerSecond());
        List<ImageFile> acknowledged = new ArrayList<>();
        Exception failure = null;
        for (int i = 0; i < files.size(); i++) {
            ImageFile file = files.get(i);
            Exception outcome = outcomes.get(i);
            if (outcome == null) {
                acknowledged.add(file);
            } else if (outcome instanceof RecordTooLargeException) {
                reject(new SkippedFile(file.path(), "too large for one Kafka record (" + Files.size(file.path())
                        + " bytes): " + outcome.getMessage()), byPath.get(file.path()), logs);
            } else if (failure == null) {
                failure = outcome;
            }
        }
        logs.sent().record(acknowledged.stream().map(file -> byPath.get(file.path())).toList());
        for (ImageFile file : acknowledged) {
            afterSend(file.path().getFileName().toString(), SENT_DIR);
            events.sent(file, file.id(settings.source()));
        }
        if (failure != null) {
            throw new KafkaException("publishing failed: " + failure.getMessage(), failure);
        }
    }

    private void reject(SkippedFile skipped, FileStamp stamp, Logs logs) throws IOException {
        logs.rejected().record(List.of(stamp));
        events.skipped(skipped);
        afterSend(stamp.name(), REJECTED_DIR);
    }

    /** Moves a file that was sent or refused into {@code subfolder}, when files are moved at all. */
    private void afterSend(String name, String subfolder) throws IOException {
        if (settings.afterSend() == AfterSend.MOVE) {
            Path target = Files.createDirectories(dir.resolve(subfolder));
            try {
                Files.move(dir.resolve(name), freeName(target, name));
            } catch (NoSuchFileException e) {
                // deleted meanwhile (a file refused as unreadable may be one going away): nothing left to move
            }
        }
    }

    /** {@code name}, or {@code name-2}, {@code name-3}, ... before the extension when a file of that name was sent. */
    static Path freeName(Path sentDir, String name) {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        Path target = sentDir.resolve(name);
        for (int n = 2; Files.exists(target); n++) {
            target = sentDir.resolve(stem + "-" + n + extension);
        }
        return target;
    }

    /** A labels file being edited may be half written: the labels read before stay until it parses again. */
    private void reloadLabelsIfChanged() throws IOException {
        Optional<FileStamp> now = FileStamp.of(labelsFile());
        if (now.equals(labelsStamp)) {
            return;
        }
        labelsStamp = now;
        try {
            labels = FileLabels.of(dir, settings.labels().labelsCsv(), settings.labels().fromName());
        } catch (IOException | IllegalArgumentException e) {
            events.warning("keeping the labels read before: " + e.getMessage());
        }
    }

    private Path labelsFile() {
        Path csv = settings.labels().labelsCsv();
        return csv != null ? csv : dir.resolve(ImageFolder.LABELS_FILE);
    }

    private List<String> listFolder() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile).filter(ImageFolder::isCandidate)
                    .map(file -> file.getFileName().toString()).toList();
        }
    }
}
