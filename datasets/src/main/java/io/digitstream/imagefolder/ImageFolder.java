package io.digitstream.imagefolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * The image files of a directory (not its subdirectories) in file name order, so that publishing a folder twice sends
 * the same sequence. Formats are recognized by content ({@link ImageFormat}); other files are listed as skipped. Hidden
 * files (names starting with a dot, like the drop folder's state file) and the labels file are not considered at all.
 */
public record ImageFolder(List<ImageFile> images, List<SkippedFile> skipped) {

    /** Labels a folder's images when present: a {@code file,label} header, then one row per file name. */
    public static final String LABELS_FILE = "labels.csv";

    public static ImageFolder scan(Path dir, FileLabels labels) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return of(entries.filter(Files::isRegularFile).filter(ImageFolder::isCandidate).toList(), labels);
        }
    }

    /** Inspects exactly these files, in file name order. */
    public static ImageFolder of(Collection<Path> files, FileLabels labels) {
        List<ImageFile> images = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        for (Path file : files.stream().sorted().toList()) {
            try {
                images.add(ImageFile.open(file, labels.labelOf(file.getFileName().toString())));
            } catch (ImageFile.NotAnImageException | IllegalArgumentException e) {
                skipped.add(new SkippedFile(file, e.getMessage()));
            } catch (IOException e) {
                skipped.add(new SkippedFile(file, "unreadable: " + e.getMessage()));
            }
        }
        return new ImageFolder(List.copyOf(images), List.copyOf(skipped));
    }

    /** Whether a file of the folder may be an image to publish: not hidden, not the labels file. */
    public static boolean isCandidate(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && !name.equals(LABELS_FILE);
    }
}
