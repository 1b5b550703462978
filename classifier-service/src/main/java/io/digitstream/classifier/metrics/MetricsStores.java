package io.digitstream.classifier.metrics;

/** Names of the metrics topology's state stores; the window stores are the ones interactive queries read. */
public final class MetricsStores {

    /** Time windows per source: key source, value {@link WindowCounts}. */
    public static final String TIME_WINDOWS = "metrics-time-windows";
    /** Count windows per source: key source, value {@link RollingCounts}. */
    public static final String COUNT_WINDOWS = "metrics-count-windows";
    static final String JOIN = "metrics-label-join";
    static final String JOIN_EXPIRY = "metrics-label-join-expiry";
    /** The sources tracked apart ({@link SourceAdmission}): key source, value when last seen. */
    static final String SOURCES = "metrics-sources";

    private MetricsStores() {
    }
}
