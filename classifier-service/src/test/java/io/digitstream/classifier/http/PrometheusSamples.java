package io.digitstream.classifier.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape in Prometheus' text format (0.0.4), parsed strictly: every line that is not a comment a sample of the
 * format's grammar, {@code # HELP} and {@code # TYPE} lines well formed, each family typed once and before its
 * samples, no series twice. Anything else is an {@link AssertionError} naming the line.
 */
public final class PrometheusSamples {

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL_NAME = "[a-zA-Z_][a-zA-Z0-9_]*";
    private static final String LABEL_VALUE = "(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*";
    private static final String VALUE = "(?:[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?)|NaN|[+-]Inf)";
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{((?:" + LABEL_NAME + "=\"" + LABEL_VALUE
            + "\")(?:," + LABEL_NAME + "=\"" + LABEL_VALUE + "\")*,?)?})? (" + VALUE + ")(?: -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("(" + LABEL_NAME + ")=\"(" + LABEL_VALUE + ")\"");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ")(?: .*)?");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    /** Sample names a family of each type may have beyond its own name. */
    private static final Map<String, List<String>> SUFFIXES = Map.of("histogram", List.of("_bucket", "_sum", "_count"),
            "summary", List.of("_sum", "_count"));

    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> types = new LinkedHashMap<>();

    private PrometheusSamples() {
    }

    public static PrometheusSamples parse(String text) {
        PrometheusSamples scrape = new PrometheusSamples();
        Set<String> series = new HashSet<>();
        Map<String, String> familyOfSample = new HashMap<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                String family = type.group(1);
                if (scrape.types.put(family, type.group(2)) != null) {
                    throw new AssertionError("family typed twice: " + line);
                }
                familyOfSample.put(family, family);
                SUFFIXES.getOrDefault(type.group(2), List.of()).forEach(s -> familyOfSample.put(family + s, family));
                continue;
            }
            if (line.startsWith("#")) { // a comment, unless it is a HELP or TYPE line
                if (line.startsWith("# TYPE ") || line.startsWith("# HELP ") && !HELP.matcher(line).matches()) {
                    throw new AssertionError("not Prometheus text format: " + line);
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("not Prometheus text format: " + line);
            }
            if (!familyOfSample.containsKey(sample.group(1))) {
                throw new AssertionError("sample before (or without) the TYPE of its family: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    if (labels.put(label.group(1), unescape(label.group(2))) != null) {
                        throw new AssertionError("label repeated: " + line);
                    }
                }
            }
            if (!series.add(sample.group(1) + labels)) {
                throw new AssertionError("series repeated: " + line);
            }
            String value = sample.group(3);
            scrape.samples.add(new Sample(sample.group(1), labels, value.endsWith("Inf")
                    ? (value.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : Double.parseDouble(value)));
        }
        return scrape;
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                c = value.charAt(++i) == 'n' ? '\n' : value.charAt(i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Family names and their types, in the order of the scrape. */
    public Map<String, String> types() {
        return types;
    }

    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The value of the one series with exactly these labels (pairs of name and value). */
    public double value(String name, String... labels) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        List<Sample> found = samples(name).stream().filter(s -> s.labels().equals(wanted)).toList();
        if (found.size() != 1) {
            throw new AssertionError("no series " + name + wanted + " in the scrape; " + name + " has " + samples(name));
        }
        return found.get(0).value();
    }

    /** The sum over every series of {@code name}. */
    public double sum(String name) {
        return samples(name).stream().mapToDouble(Sample::value).sum();
    }
}
