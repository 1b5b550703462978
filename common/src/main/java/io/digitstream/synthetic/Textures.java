package io.digitstream.synthetic;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Natural black-and-white photographs for the {@code back-image} backgrounds, split into a training set (for
 * {@code train}) and a disjoint test set (for data generated from MNIST test), so evaluation backgrounds are unseen.
 *
 * <p>By default the pinned scikit-image photographs ({@link SkimagePhotographs}), kept in a cache directory in which
 * only files with the pinned SHA-256 are used: missing or damaged ones are fetched again. A folder of the user's own
 * PNG/JPEG images can be used instead; those are taken as they are, every third one (by name) going to the test set.
 */
public final class Textures {
    /** The cache directory, or a folder of one's own PNG/JPEG images. */
    public static final String DIR_ENV = "DIGITS_TEXTURES_DIR";
    private static final Logger log = LoggerFactory.getLogger(Textures.class);

    private final List<Texture> images;
    private final String origin;
    private final String subset;

    private Textures(List<Texture> images, String origin, String subset) {
        this.images = List.copyOf(images);
        this.origin = origin;
        this.subset = subset;
    }

    /** For tests: images made in memory. */
    static Textures of(List<Texture> images, String origin) {
        return new Textures(images, origin, null);
    }

    /**
     * {@code $DIGITS_TEXTURES_DIR} when set: a folder holding images other than the pinned ones is the user's own
     * set, otherwise the cache directory. Without it, {@link #defaultCacheDir()}.
     */
    public static Textures fetch() throws IOException {
        String dir = System.getenv(DIR_ENV);
        if (dir == null || dir.isBlank()) {
            return fetch(defaultCacheDir());
        }
        Path path = Path.of(dir);
        return holdsOwnImages(path) ? fromFolder(path) : fetch(path);
    }

    /** The pinned photographs from {@code cacheDir}, fetching the missing or damaged ones first. */
    public static Textures fetch(Path cacheDir) throws IOException {
        return fetch(cacheDir, new SkimagePackage());
    }

    static Textures fetch(Path cacheDir, TextureSource source) throws IOException {
        List<SkimagePhotographs.Pinned> missing = new ArrayList<>();
        for (SkimagePhotographs.Pinned pinned : SkimagePhotographs.ALL) {
            if (!holdsValid(cacheDir, pinned)) {
                missing.add(pinned);
            }
        }
        if (!missing.isEmpty()) {
            install(cacheDir, missing, source);
        }
        List<Texture> images = new ArrayList<>();
        for (SkimagePhotographs.Pinned pinned : SkimagePhotographs.ALL) {
            images.add(Texture.load(pinned.name(), cacheDir.resolve(pinned.file()), pinned.test()));
        }
        return new Textures(images, "scikit-image photographs (" + SkimagePhotographs.PACKAGE + " "
                + SkimagePhotographs.VERSION + ")", null);
    }

    /**
     * Every PNG/JPEG file in {@code dir} (not its subfolders), unverified; sorted by name, a third of them (at
     * least one) evenly spread become the test set.
     */
    public static Textures fromFolder(Path dir) throws IOException {
        List<Path> files = imageFiles(dir);
        if (files.size() < 2) {
            throw new IOException(dir + " holds " + files.size() + " PNG/JPEG images; at least 2 are needed so that"
                    + " training and test backgrounds differ");
        }
        int n = files.size();
        int testCount = Math.max(1, Math.round(n / 3f));
        List<Texture> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean test = (long) (i + 1) * testCount / n > (long) i * testCount / n;
            String fileName = files.get(i).getFileName().toString();
            images.add(Texture.load(fileName.substring(0, Math.max(1, fileName.lastIndexOf('.'))), files.get(i), test));
        }
        return new Textures(images, "images from " + dir, null);
    }

    /** {@code $HOME/.cache/digit-stream/textures}. */
    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "digit-stream", "textures");
    }

    public Textures trainingSet() {
        return new Textures(images.stream().filter(image -> !image.test()).toList(), origin, "training set");
    }

    public Textures testSet() {
        return new Textures(images.stream().filter(Texture::test).toList(), origin, "test set");
    }

    public int count() {
        return images.size();
    }

    /** E.g. {@code 12 scikit-image photographs (python3-skimage 0.19.3-8): astronaut, brick, ...}. */
    public String describe() {
        return images.size() + " " + origin + (subset == null ? "" : ", " + subset) + ": "
                + images.stream().map(Texture::name).collect(Collectors.joining(", "));
    }

    /** The image names, in order. */
    public List<String> names() {
        return images.stream().map(Texture::name).toList();
    }

    List<Texture> images() {
        return images;
    }

    @Override
    public String toString() {
        return "Textures[" + describe() + "]";
    }

    private static boolean holdsOwnImages(Path dir) throws IOException {
        return Files.isDirectory(dir) && imageFiles(dir).stream()
                .anyMatch(file -> !SkimagePhotographs.isPinnedFile(file.getFileName().toString()));
    }

    private static List<Path> imageFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(Texture::isImageFile)
                    .sorted(Comparator.comparing(file -> file.getFileName().toString())).toList();
        }
    }

    /** Hashes the whole file each time (a few MB): a damaged copy is caught and replaced. */
    private static boolean holdsValid(Path dir, SkimagePhotographs.Pinned pinned) throws IOException {
        Path file = dir.resolve(pinned.file());
        if (!Files.isRegularFile(file)) {
            return false;
        }
        MessageDigest sha256 = newSha256();
        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
            Files.copy(file, sink);
        }
        boolean valid = HexFormat.of().formatHex(sha256.digest()).equals(pinned.sha256());
        if (!valid) {
            log.warn("{} does not have the pinned SHA-256; fetching it again", file);
        }
        return valid;
    }

    private static void install(Path cacheDir, List<SkimagePhotographs.Pinned> missing, TextureSource source)
            throws IOException {
        Files.createDirectories(cacheDir);
        Path workDir = Files.createTempDirectory("digit-textures-");
        try {
            Path fetched = source.fetch(workDir);
            for (SkimagePhotographs.Pinned pinned : missing) {
                Path file = fetched.resolve(pinned.file());
                if (!Files.isRegularFile(file)) {
                    throw new IOException(source.description() + " has no " + pinned.file());
                }
                try (InputStream content = Files.newInputStream(file)) {
                    installVerified(cacheDir, pinned, content, source);
                }
            }
        } finally {
            deleteQuietly(workDir);
        }
    }

    /** Renames into place only once the SHA-256 matches, so a wrong file never takes a pinned name. */
    private static void installVerified(Path cacheDir, SkimagePhotographs.Pinned pinned, InputStream content,
            TextureSource source) throws IOException {
        // Not Files.createTempFile: its owner-only permissions would hide the file from others sharing the cache.
        Path partial = cacheDir.resolve(pinned.file() + "." + UUID.randomUUID() + ".part");
        try {
            MessageDigest sha256 = newSha256();
            try (OutputStream out = new DigestOutputStream(
                    Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), sha256)) {
                content.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(pinned.sha256())) {
                throw new IOException(String.format("SHA-256 mismatch for %s from %s: got %s, expected %s",
                        pinned.file(), source.description(), actual, pinned.sha256()));
            }
            Files.move(partial, cacheDir.resolve(pinned.file()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** A leftover temporary directory is not worth failing over, nor hiding the fetch's own error. */
    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            log.warn("Could not delete temporary directory {}: {}", dir, e.toString());
        }
    }
}
