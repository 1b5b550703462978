package io.digitstream.synthetic;

/** The kinds of notebook paper a digit is written on. */
enum PaperStyle {
    PLAIN(false, false, false),
    /** Horizontal lines, as in a lined exercise book. */
    RULED(true, false, false),
    /** A grid, as in a maths exercise book. */
    SQUARED(true, true, false),
    /** A grid with a red vertical margin line near the left edge. */
    SQUARED_WITH_MARGIN(true, true, true);

    private final boolean horizontalLines;
    private final boolean verticalLines;
    private final boolean margin;

    PaperStyle(boolean horizontalLines, boolean verticalLines, boolean margin) {
        this.horizontalLines = horizontalLines;
        this.verticalLines = verticalLines;
        this.margin = margin;
    }

    boolean horizontalLines() {
        return horizontalLines;
    }

    boolean verticalLines() {
        return verticalLines;
    }

    boolean margin() {
        return margin;
    }
}
