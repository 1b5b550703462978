package io.digitstream.robustness;

/** Resizing as scanners and their drivers do it: bilinear for enlarging, area averaging for shrinking. */
final class Resampling {

    private Resampling() {
    }

    /**
     * Bilinear, pixel centres aligned ({@code (x + 0.5) * scale - 0.5}), edge pixels extended: ink that touches the
     * source's border still touches the result's.
     */
    static InkImage bilinear(InkImage source, int width, int height) {
        double scaleX = (double) source.width() / width;
        double scaleY = (double) source.height() / height;
        byte[] out = new byte[width * height];
        for (int y = 0; y < height; y++) {
            double sy = clamp((y + 0.5) * scaleY - 0.5, source.height() - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, source.height() - 1);
            double fy = sy - y0;
            for (int x = 0; x < width; x++) {
                double sx = clamp((x + 0.5) * scaleX - 0.5, source.width() - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, source.width() - 1);
                double fx = sx - x0;
                double top = (1 - fx) * source.at(x0, y0) + fx * source.at(x1, y0);
                double bottom = (1 - fx) * source.at(x0, y1) + fx * source.at(x1, y1);
                out[y * width + x] = (byte) Math.round((1 - fy) * top + fy * bottom);
            }
        }
        return new InkImage(width, height, out);
    }

    /** Each output pixel is the mean of the source area it covers (fractional pixels weighted by their overlap). */
    static InkImage areaAverage(InkImage source, int width, int height) {
        double scaleX = (double) source.width() / width;
        double scaleY = (double) source.height() / height;
        byte[] out = new byte[width * height];
        for (int y = 0; y < height; y++) {
            double top = y * scaleY;
            double bottom = top + scaleY;
            for (int x = 0; x < width; x++) {
                double left = x * scaleX;
                double right = left + scaleX;
                double sum = 0;
                for (int sy = (int) top; sy < Math.min(source.height(), Math.ceil(bottom)); sy++) {
                    double wy = Math.min(bottom, sy + 1) - Math.max(top, sy);
                    for (int sx = (int) left; sx < Math.min(source.width(), Math.ceil(right)); sx++) {
                        double wx = Math.min(right, sx + 1) - Math.max(left, sx);
                        sum += wx * wy * source.at(sx, sy);
                    }
                }
                out[y * width + x] = (byte) Math.min(255, Math.round(sum / (scaleX * scaleY)));
            }
        }
        return new InkImage(width, height, out);
    }

    private static double clamp(double value, int max) {
        return Math.max(0, Math.min(max, value));
    }
}
