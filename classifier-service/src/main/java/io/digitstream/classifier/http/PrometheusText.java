package io.digitstream.classifier.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prometheus' text exposition format (version 0.0.4): samples grouped by metric family, each family with one
 * {@code # HELP} and {@code # TYPE}; names and label names reduced to the allowed characters, label values escaped.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private record Sample(String name, String labels, double value) {
    }

    private static final class Family {
        final String type;
        final String help;
        final List<Sample> samples = new ArrayList<>();
        final Set<String> seen = new HashSet<>();

        Family(String type, String help) {
            this.type = type;
            this.help = help;
        }
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    PrometheusText gauge(String name, String help, Map<String, String> labels, double value) {
        return add(name, "gauge", help, "", labels, value);
    }

    PrometheusText counter(String name, String help, Map<String, String> labels, double value) {
        return add(name, "counter", help, "", labels, value);
    }

    /** One sample of a family with a suffixed sample name, as histograms have ({@code _bucket}, {@code _sum}, ...). */
    PrometheusText add(String family, String type, String help, String suffix, Map<String, String> labels, double value) {
        String name = sanitize(family);
        Family f = families.computeIfAbsent(name, n -> new Family(type, help));
        String labelText = labels(labels);
        if (f.seen.add(suffix + labelText)) { // a repeated series would make the whole scrape invalid
            f.samples.add(new Sample(name + suffix, labelText, value));
        }
        return this;
    }

    String render() {
        StringBuilder out = new StringBuilder(families.size() * 128);
        families.forEach((name, f) -> {
            out.append("# HELP ").append(name).append(' ').append(f.help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(f.type).append('\n');
            for (Sample s : f.samples) {
                out.append(s.name).append(s.labels).append(' ').append(format(s.value)).append('\n');
            }
        });
        return out.toString();
    }

    static String sanitize(String name) {
        String cleaned = name.replaceAll("[^a-zA-Z0-9_:]", "_");
        return Character.isDigit(cleaned.charAt(0)) ? "_" + cleaned : cleaned;
    }

    private static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("{");
        labels.forEach((key, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(sanitize(key).replace(":", "_")).append("=\"")
                    .append(value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                    .append('"');
        });
        return out.append('}').toString();
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
