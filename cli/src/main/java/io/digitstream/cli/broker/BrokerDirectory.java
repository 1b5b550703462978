package io.digitstream.cli.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * The data directory of the local broker: its topics' logs and the KRaft metadata log, with Kafka's
 * {@code meta.properties} (cluster and node id). A new or empty directory is formatted as a new cluster; one that
 * holds a broker's data is used as it is, so topics and records survive restarts; anything else is refused rather
 * than mixed with the broker's files. One broker at a time: a lock held for the broker's life keeps a second one,
 * in this process or another, from opening the same logs.
 */
final class BrokerDirectory implements AutoCloseable {

    static final String LOCK_FILE = "digits-broker.lock";
    static final String META_PROPERTIES = "meta.properties";

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private BrokerDirectory(Path path, FileChannel lockChannel, FileLock lock) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens {@code directory} for one broker, creating it when missing.
     *
     * @throws IllegalArgumentException when it is not a directory, or holds files but no broker's data
     * @throws IllegalStateException when another broker uses it
     */
    static BrokerDirectory open(Path directory) throws IOException {
        Path path = directory.toAbsolutePath().normalize();
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new IllegalArgumentException(path + " is not a directory");
        }
        if (!isBrokers(path) && !isEmpty(path)) {
            throw new IllegalArgumentException(path + " is not a broker's data directory (it has files but no "
                    + META_PROPERTIES + "): give --data-dir a new or empty directory, or one this command made");
        }
        Files.createDirectories(path);
        FileChannel channel = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) { // held by a broker of this JVM
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException(path + " is in use by another broker: stop that one, or give --data-dir"
                    + " another directory");
        }
        return new BrokerDirectory(path, channel, lock);
    }

    /** Whether the directory already holds a broker's data (else {@link #format()} makes it one). */
    boolean isFormatted() {
        return isBrokers(path);
    }

    /** Makes the directory a new single-node cluster's: node {@code nodeId}, a random cluster id, the latest production metadata version. */
    String format(int nodeId, String controllerListener) throws Exception {
        String clusterId = Uuid.randomUuid().toString();
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(nodeId)
                .setClusterId(clusterId)
                .setDirectories(List.of(path.toString()))
                .setMetadataLogDirectory(path.toString())
                .setControllerListenerName(controllerListener)
                .run();
        return clusterId;
    }

    Path path() {
        return path;
    }

    private static boolean isBrokers(Path path) {
        return Files.isRegularFile(path.resolve(META_PROPERTIES));
    }

    /** Missing, or nothing in it but the lock file of a broker that never got as far as formatting it. */
    private static boolean isEmpty(Path path) throws IOException {
        if (!Files.exists(path)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.allMatch(entry -> entry.getFileName().toString().equals(LOCK_FILE));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}
