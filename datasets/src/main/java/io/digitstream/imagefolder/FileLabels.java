package io.digitstream.imagefolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ground truth for image files by file name: a labels CSV ({@code file,label}) first, then, for files it does not
 * list, a pattern over the file name whose group {@code label} is the digit, e.g. {@code (?<label>\d)_.*\.png}.
 */
public final class FileLabels {

    public static final FileLabels NONE = new FileLabels(Map.of(), null);

    private final Map<String, Integer> byFileName;
    private final Pattern fromName;

    private FileLabels(Map<String, Integer> byFileName, Pattern fromName) {
        this.byFileName = Map.copyOf(byFileName);
        this.fromName = fromName;
    }

    /**
     * @param labelsCsv labels by file name; null for {@code dir/labels.csv} when that exists
     * @param fromName a pattern the whole file name must match, with a group named {@code label}; null for none
     * @throws IllegalArgumentException for a malformed CSV or a pattern without a {@code label} group
     */
    public static FileLabels of(Path dir, Path labelsCsv, Pattern fromName) throws IOException {
        if (fromName != null && !fromName.pattern().contains("(?<label>")) {
            throw new IllegalArgumentException("the file name pattern " + fromName + " has no group (?<label>...)");
        }
        Path csv = labelsCsv != null ? labelsCsv : dir.resolve(ImageFolder.LABELS_FILE);
        boolean read = labelsCsv != null || Files.isRegularFile(csv);
        return new FileLabels(read ? LabelsCsv.read(csv) : Map.of(), fromName);
    }

    /**
     * @return the label of the file with this name, or null when neither the CSV nor the pattern gives one
     * @throws IllegalArgumentException when the pattern matches but its label is not one digit 0-9
     */
    public Integer labelOf(String fileName) {
        Integer listed = byFileName.get(fileName);
        if (listed != null || fromName == null) {
            return listed;
        }
        Matcher matcher = fromName.matcher(fileName);
        if (!matcher.matches()) {
            return null;
        }
        String label = matcher.group("label");
        if (label == null || label.length() != 1 || label.charAt(0) < '0' || label.charAt(0) > '9') {
            throw new IllegalArgumentException("the label '" + label + "' taken from the file name is not a digit 0-9");
        }
        return label.charAt(0) - '0';
    }
}
