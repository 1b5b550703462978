package io.digitstream.tools.publish;

import io.digitstream.schemas.PixelEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The PNG and JPEG files of a directory (not its subdirectories) in file name order, so that publishing a folder
 * twice sends the same sequence. Formats are recognized by content; other files are listed as skipped.
 */
public record ImageFolder(List<ImageFile> images, List<SkippedFile> skipped) {

    /** Labels a folder's images when present: a {@code file,label} header, then one row per file name. */
    public static final String LABELS_FILE = "labels.csv";

    /**
     * @param labelsCsv labels by file name; null for {@code dir/labels.csv} when that exists
     */
    public static ImageFolder scan(Path dir, Path labelsCsv) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        Map<String, Integer> labels = readLabels(dir, labelsCsv);
        List<ImageFile> images = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        for (Path file : filesByName(dir)) {
            Integer label = labels.get(file.getFileName().toString());
            try {
                Optional<FileSignature> signature = FileSignature.of(head(file));
                Optional<PixelEncoding> encoding = signature.flatMap(FileSignature::encoding);
                if (encoding.isPresent()) {
                    images.add(withDimensions(file, encoding.get(), label));
                } else {
                    String format = signature.map(s -> s + " images are not supported").orElse("not an image");
                    skipped.add(new SkippedFile(file, format + "; only PNG and JPEG are published"));
                }
            } catch (IOException e) {
                skipped.add(new SkippedFile(file, "unreadable: " + e.getMessage()));
            }
        }
        return new ImageFolder(List.copyOf(images), List.copyOf(skipped));
    }

    private static Map<String, Integer> readLabels(Path dir, Path labelsCsv) throws IOException {
        if (labelsCsv != null) {
            return LabelsCsv.read(labelsCsv);
        }
        Path standard = dir.resolve(LABELS_FILE);
        return Files.isRegularFile(standard) ? LabelsCsv.read(standard) : Map.of();
    }

    private static List<Path> filesByName(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().equals(LABELS_FILE))
                    .sorted()
                    .toList();
        }
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(FileSignature.LONGEST);
        }
    }

    /** Reads the header only: no pixel is decoded, so even a huge image costs next to nothing. */
    private static ImageFile withDimensions(Path file, PixelEncoding encoding, Integer label) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName(encoding.name()).next();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in, true, true);
            return new ImageFile(file, encoding, reader.getWidth(0), reader.getHeight(0), label);
        } catch (IOException e) {
            throw new IOException("bad " + encoding + " header: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }
}
