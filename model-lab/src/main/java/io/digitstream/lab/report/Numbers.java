package io.digitstream.lab.report;

import java.util.Locale;

/** How the report writes numbers: fixed decimals, thousands separators, never the platform locale. */
final class Numbers {

    private Numbers() {
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    static String fixed4(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String seconds(double value) {
        return value < 120 ? String.format(Locale.ROOT, "%.1f s", value)
                : String.format(Locale.ROOT, "%,.0f s (%.1f min)", value, value / 60);
    }

    /** The Wilson interval as "low–high" in percent. */
    static String interval(double[] bounds) {
        return percent(bounds[0]) + "–" + percent(bounds[1]);
    }

    /** A value for a Markdown table cell. */
    static String cell(Object value) {
        return String.valueOf(value).replace("|", "\\|").replace("\n", " ");
    }

    /** A Markdown table row of these cells. */
    static String row(String... cells) {
        StringBuilder row = new StringBuilder("|");
        for (String cell : cells) {
            row.append(' ').append(cell(cell)).append(" |");
        }
        return row.toString();
    }
}
