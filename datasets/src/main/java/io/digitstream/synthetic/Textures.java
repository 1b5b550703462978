package io.digitstream.synthetic;

import io.digitstream.debian.PinnedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Natural black-and-white photographs for the {@code back-image} backgrounds, split into a training set (for
 * {@code train}) and a disjoint test set (for data generated from MNIST test), so evaluation backgrounds are unseen.
 *
 * <p>By default the pinned scikit-image photographs ({@link SkimagePhotographs}), kept in a cache directory in which
 * only files with the pinned SHA-256 are used: missing or damaged ones are fetched again; the training set also has
 * the {@link TrainingPhotographs}, fetched only when it is asked for. A folder of the user's own PNG/JPEG images can
 * be used instead; those are taken as they are, every third one (by name) going to the test set.
 */
public final class Textures {
    /** The cache directory, or a folder of one's own PNG/JPEG images. */
    public static final String DIR_ENV = "DIGITS_TEXTURES_DIR";

    private final List<Texture> images;
    private final String origin;
    private final String subset;
    /** Added to the training set; null for a user's folder and for the subsets. */
    private final TrainingPhotographs trainingOnly;

    private Textures(List<Texture> images, String origin, String subset, TrainingPhotographs trainingOnly) {
        this.images = List.copyOf(images);
        this.origin = origin;
        this.subset = subset;
        this.trainingOnly = trainingOnly;
    }

    /** For tests: images made in memory. */
    static Textures of(List<Texture> images, String origin) {
        return new Textures(images, origin, null, null);
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

    /**
     * The pinned scikit-image photographs from {@code cacheDir}, fetching the missing or damaged ones first, with the
     * {@link TrainingPhotographs} from their own cache for the training set.
     */
    public static Textures fetch(Path cacheDir) throws IOException {
        return fetch(cacheDir, new SkimagePackage(), TrainingPhotographs.fromDebian());
    }

    static Textures fetch(Path cacheDir, TextureSource source, TrainingPhotographs trainingOnly) throws IOException {
        new PinnedFiles(source, SkimagePhotographs.ALL.stream()
                .map(pinned -> new PinnedFiles.Pinned(pinned.file(), pinned.sha256())).toList()).fetch(cacheDir);
        List<Texture> images = new ArrayList<>();
        for (SkimagePhotographs.Pinned pinned : SkimagePhotographs.ALL) {
            images.add(Texture.load(pinned.name(), cacheDir.resolve(pinned.file()), pinned.test()));
        }
        return new Textures(images, "scikit-image photographs (" + SkimagePhotographs.PACKAGE + " "
                + SkimagePhotographs.VERSION + ")", null, trainingOnly);
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
        return new Textures(images, "images from " + dir, null, null);
    }

    /** {@code $HOME/.cache/digit-stream/textures}. */
    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "digit-stream", "textures");
    }

    /** The training images, with the training-only photographs (fetched now if missing from their cache). */
    public Textures trainingSet() throws IOException {
        List<Texture> training = new ArrayList<>(images.stream().filter(image -> !image.test()).toList());
        if (trainingOnly == null) {
            return new Textures(training, origin, "training set", null);
        }
        int own = training.size();
        training.addAll(trainingOnly.load());
        return new Textures(training, "photographs (" + own + " " + origin + "; " + (training.size() - own)
                + " training-only, " + TrainingPhotographs.packages() + ")", "training set", null);
    }

    /** The test images only: never a training-only photograph. */
    public Textures testSet() {
        return new Textures(images.stream().filter(Texture::test).toList(), origin, "test set", null);
    }

    public int count() {
        return images.size();
    }

    /**
     * E.g. {@code 12 scikit-image photographs (python3-skimage 0.19.3-8): astronaut, brick, ...}, followed by
     * {@code ; and 25 training-only photographs (Debian packages ...): ...} when the training set will have them.
     */
    public String describe() {
        return images.size() + " " + origin + (subset == null ? "" : ", " + subset) + ": "
                + images.stream().map(Texture::name).collect(Collectors.joining(", "))
                + (trainingOnly == null ? "" : "; and " + TrainingPhotographs.description() + ": "
                        + String.join(", ", TrainingPhotographs.names()));
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
}
