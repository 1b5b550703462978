package io.digitstream.synthetic;

/**
 * What digits are written with. Pencil does not cover the paper fully, so it has a lower opacity: the service must
 * read faint gray strokes as well as saturated ballpoint blue.
 */
enum InkColor {
    BLACK(25, 25, 30, 0.95),
    BLUE(30, 60, 170, 0.9),
    DARK_BLUE(20, 30, 95, 0.95),
    VIOLET(70, 40, 125, 0.9),
    PENCIL_GRAY(85, 85, 92, 0.75);

    private final int red;
    private final int green;
    private final int blue;
    private final double opacity;

    InkColor(int red, int green, int blue, double opacity) {
        this.red = red;
        this.green = green;
        this.blue = blue;
        this.opacity = opacity;
    }

    int red() {
        return red;
    }

    int green() {
        return green;
    }

    int blue() {
        return blue;
    }

    /** Of a full stroke; the digit's anti-aliased edges scale it down. */
    double opacity() {
        return opacity;
    }
}
