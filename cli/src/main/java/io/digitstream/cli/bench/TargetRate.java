package io.digitstream.cli.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rate of {@code bench e2e --rates}: a share of the measured maximum ({@code 50%}), images per second
 * ({@code 500}), or {@code burst}: {@value #BURST_FACTOR} times the maximum for {@value #BURST_SECONDS} s, then the
 * drain of the backlog.
 */
record TargetRate(String label, Kind kind, double value) {

    enum Kind { SHARE_OF_MAX, PER_SECOND, BURST }

    static final int BURST_FACTOR = 10;
    static final int BURST_SECONDS = 5;
    /** Above this share, a phase of 20 s would ask for more images than the burst; more is no longer a rate to hold. */
    static final int MAX_PERCENT = 100 * BURST_FACTOR;
    static final int MAX_PER_SECOND = 100_000;
    /** The fewest images of a phase: fewer give no p99 worth the name. */
    static final int MIN_IMAGES = 100;

    static final TargetRate HALF = new TargetRate("50%", Kind.SHARE_OF_MAX, 0.5);

    private static final Pattern NUMBER = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)(%?)");

    /** @throws IllegalArgumentException saying what a rate looks like, or its range */
    static TargetRate parse(String text) {
        String rate = text.strip();
        if (rate.equalsIgnoreCase("burst")) {
            return new TargetRate("burst", Kind.BURST, BURST_FACTOR);
        }
        Matcher matcher = NUMBER.matcher(rate);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate; give a share of the measured"
                    + " maximum (50%), images per second (500) or burst");
        }
        double number = Double.parseDouble(matcher.group(1));
        if (!matcher.group(2).isEmpty()) {
            if (number <= 0 || number > MAX_PERCENT) {
                throw new IllegalArgumentException(rate + " is out of range; a share of the measured"
                        + " maximum is more than 0% and at most " + MAX_PERCENT + "%");
            }
            return new TargetRate(rate, Kind.SHARE_OF_MAX, number / 100);
        }
        if (number <= 0 || number > MAX_PER_SECOND) {
            throw new IllegalArgumentException(rate + " is out of range; images per second are more than 0"
                    + " and at most " + MAX_PER_SECOND);
        }
        return new TargetRate(rate, Kind.PER_SECOND, number);
    }

    /** For progress lines: "50% of the maximum", "500 images/s", "burst (10x the maximum for 5 s)". */
    String description() {
        return switch (kind) {
            case SHARE_OF_MAX -> label + " of the maximum";
            case PER_SECOND -> label + " images/s";
            case BURST -> "burst (" + BURST_FACTOR + "x the maximum for " + BURST_SECONDS + " s)";
        };
    }

    boolean isHalf() {
        return kind == Kind.SHARE_OF_MAX && value == 0.5;
    }

    /** Images per second to send, given the maximum measured unpaced. */
    double perSecond(double measuredMax) {
        return kind == Kind.PER_SECOND ? value : value * measuredMax;
    }

    /** How long images are sent: {@code rateSeconds}, or the burst's own duration. */
    int seconds(int rateSeconds) {
        return kind == Kind.BURST ? BURST_SECONDS : rateSeconds;
    }

    int images(double measuredMax, int rateSeconds) {
        return (int) Math.max(MIN_IMAGES, Math.round(perSecond(measuredMax) * seconds(rateSeconds)));
    }
}
