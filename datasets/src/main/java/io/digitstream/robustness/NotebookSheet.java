package io.digitstream.robustness;

import java.util.SplittableRandom;

/**
 * The second generator's paper: a tinted sheet (white, cream, recycled gray, pale yellow, pale green) with fibre
 * noise, ruled one of seven ways with anti-aliased lines of random colour, width, strength, spacing and phase.
 * Lines may run slightly askew (a phone photo is not deskewed like a flatbed scan).
 */
final class NotebookSheet {

    enum Ruling { PLAIN, LINED, LINED_WITH_MARGIN, GRID, GRID_WITH_MARGIN, DOTTED, GRAPH }

    private static final double[][] PAPERS = {
        {250, 250, 247}, {246, 239, 219}, {229, 227, 221}, {251, 246, 205}, {236, 245, 231}};
    private static final double[][] LINE_COLOURS = {
        {140, 175, 230}, {165, 165, 170}, {140, 200, 160}, {185, 160, 220}, {90, 120, 190}};
    private static final double[] MARGIN_COLOUR = {225, 95, 110};

    private NotebookSheet() {
    }

    static RgbImage draw(int width, int height, SplittableRandom random) {
        Ruling ruling = Ruling.values()[random.nextInt(Ruling.values().length)];
        return draw(width, height, ruling, random);
    }

    static RgbImage draw(int width, int height, Ruling ruling, SplittableRandom random) {
        RgbImage sheet = new RgbImage(width, height);
        double[] paper = PAPERS[random.nextInt(PAPERS.length)];
        double fibre = ImageSeeds.uniform(random, 0.5, 3);
        for (int i = 0; i < width * height; i++) {
            double grain = fibre * ImageSeeds.gaussian(random);
            for (int c = 0; c < 3; c++) {
                sheet.channels[c][i] = paper[c] + grain;
            }
        }
        double[] lineColour = LINE_COLOURS[random.nextInt(LINE_COLOURS.length)];
        int shortSide = Math.min(width, height);
        double spacing = ruling == Ruling.GRAPH
                ? ImageSeeds.uniform(random, 0.05, 0.09) * shortSide
                : ImageSeeds.uniform(random, 0.14, 0.4) * shortSide;
        double thickness = ImageSeeds.uniform(random, 0.7, 1.8);
        double strength = ImageSeeds.uniform(random, 0.35, 0.9);
        double skew = StrictMath.toRadians(ImageSeeds.uniform(random, -2.5, 2.5));
        double phaseX = random.nextDouble() * spacing;
        double phaseY = random.nextDouble() * spacing;
        double cos = StrictMath.cos(skew);
        double sin = StrictMath.sin(skew);
        boolean rows = ruling != Ruling.PLAIN;
        boolean columns = ruling == Ruling.GRID || ruling == Ruling.GRID_WITH_MARGIN || ruling == Ruling.GRAPH;
        boolean margin = ruling == Ruling.LINED_WITH_MARGIN || ruling == Ruling.GRID_WITH_MARGIN;
        double marginX = ImageSeeds.uniform(random, 0.08, 0.35) * width;
        double marginThickness = ImageSeeds.uniform(random, 1, 2.5);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // Paper coordinates: the sheet turned by the skew angle under the camera.
                double u = cos * x + sin * y;
                double v = -sin * x + cos * y;
                double cover = 0;
                if (ruling == Ruling.DOTTED) {
                    double du = distanceToLine(u - phaseX, spacing);
                    double dv = distanceToLine(v - phaseY, spacing);
                    cover = coverage(Math.hypot(du, dv), thickness);
                } else {
                    if (rows) {
                        cover = Math.max(cover, lineCoverage(v - phaseY, spacing, thickness, ruling == Ruling.GRAPH));
                    }
                    if (columns) {
                        cover = Math.max(cover, lineCoverage(u - phaseX, spacing, thickness, ruling == Ruling.GRAPH));
                    }
                }
                int i = y * width + x;
                blend(sheet, i, lineColour, cover * strength);
                if (margin) {
                    blend(sheet, i, MARGIN_COLOUR, 0.85 * coverage(Math.abs(u - marginX), marginThickness));
                }
            }
        }
        return sheet;
    }

    /** Graph paper draws every fifth line bolder. */
    private static double lineCoverage(double position, double spacing, double thickness, boolean graph) {
        double cover = coverage(distanceToLine(position, spacing), thickness);
        if (graph && Math.floorMod((long) Math.floor(position / spacing + 0.5), 5L) == 0) {
            cover = coverage(distanceToLine(position, spacing), thickness * 1.8);
        }
        return cover;
    }

    private static double distanceToLine(double position, double spacing) {
        double offset = position - spacing * Math.floor(position / spacing + 0.5);
        return Math.abs(offset);
    }

    /** How much of a pixel at {@code distance} from a line's centre the line of that thickness covers. */
    private static double coverage(double distance, double thickness) {
        return Math.max(0, Math.min(1, thickness / 2 + 0.5 - distance));
    }

    private static void blend(RgbImage image, int i, double[] colour, double alpha) {
        if (alpha <= 0) {
            return;
        }
        for (int c = 0; c < 3; c++) {
            image.channels[c][i] = (1 - alpha) * image.channels[c][i] + alpha * colour[c];
        }
    }
}
