package io.digitstream.tools.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import io.digitstream.progress.ProgressListener;
import io.digitstream.schemas.DigitImage;
import io.digitstream.imagefolder.FileLabels;
import io.digitstream.imagefolder.ImageFile;
import io.digitstream.imagefolder.ImageFolder;
import io.digitstream.tools.publish.ImagePublisher;
import io.digitstream.tools.publish.LabelMode;
import io.digitstream.imagefolder.SkippedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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

/**
 * A scanner's drop folder: publishes every image file that appears in it, once, even across restarts. New files are
 * noticed through the file system's change events, and by listing the folder at start and every rescan interval (events
 * can be lost, and some file systems, e.g. network shares, send none). A file is published once it has settled
 * ({@link SettlingFiles}); the folder's {@link SentLog} records it after Kafka acknowledged it, then it is moved to
 * {@code sent/} or kept, as {@link AfterSend} says.
 *
 * <p>A crash between Kafka's acknowledgement and the log write sends that batch again on restart (at least once);
 * anything else is sent exactly once.
 */
public final class DropFolderWatcher {

    static final String SENT_DIR = "sent";
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
    /** Files reported as skipped, so a rescan does not report them again unless they change. */
    private final Set<FileStamp> rejected = new HashSet<>();
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
     * @throws org.apache.kafka.common.KafkaException when Kafka did not acknowledge a batch (nothing of it is logged
     *     as sent)
     */
    public void run() throws IOException, InterruptedException {
        try (SentLog sent = SentLog.open(dir); WatchService watcher = dir.getFileSystem().newWatchService()) {
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
                    publishSettled(waiting, sent);
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

    private void publishSettled(Set<String> waiting, SentLog sent) throws IOException, InterruptedException {
        List<FileStamp> unsent = new ArrayList<>();
        for (Iterator<String> names = waiting.iterator(); names.hasNext(); ) {
            String name = names.next();
            Optional<FileStamp> stamp = FileStamp.of(dir.resolve(name));
            if (stamp.isEmpty() || rejected.contains(stamp.get())) {
                names.remove();
            } else if (sent.contains(stamp.get())) {
                names.remove();
                afterSend(name); // sent before a crash or a restart, but not moved yet
            } else {
                unsent.add(stamp.get());
            }
        }
        List<FileStamp> settled = settling.check(unsent);
        settled.forEach(stamp -> waiting.remove(stamp.name()));
        for (int from = 0; from < settled.size(); from += BATCH) {
            publish(settled.subList(from, Math.min(settled.size(), from + BATCH)), sent);
        }
    }

    private void publish(List<FileStamp> stamps, SentLog sent) throws IOException, InterruptedException {
        reloadLabelsIfChanged();
        Map<Path, FileStamp> byPath = new HashMap<>();
        stamps.forEach(stamp -> byPath.put(dir.resolve(stamp.name()), stamp));
        ImageFolder batch = ImageFolder.of(byPath.keySet(), labels);
        batch.skipped().forEach(skipped -> reject(skipped, byPath.get(skipped.path())));
        List<ImageFile> files = new ArrayList<>();
        List<DigitImage> images = new ArrayList<>();
        for (ImageFile file : batch.images()) {
            try {
                images.add(file.read(settings.source()));
                files.add(file);
            } catch (IOException e) {
                reject(new SkippedFile(file.path(), "unreadable: " + e.getMessage()), byPath.get(file.path()));
            }
        }
        publisher.publishEach(images.size(), images::get, pace.labelMode(), pace.ratePerSecond(), ProgressListener.NONE);
        sent.record(files.stream().map(file -> byPath.get(file.path())).toList());
        for (ImageFile file : files) {
            afterSend(file.path().getFileName().toString());
            events.sent(file, file.id(settings.source()));
        }
    }

    private void reject(SkippedFile skipped, FileStamp stamp) {
        rejected.add(stamp);
        events.skipped(skipped);
    }

    private void afterSend(String name) throws IOException {
        if (settings.afterSend() == AfterSend.MOVE) {
            Path sentDir = Files.createDirectories(dir.resolve(SENT_DIR));
            Files.move(dir.resolve(name), freeName(sentDir, name));
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
