package io.digitstream.robustness;

import io.digitstream.schemas.PixelEncoding;
import io.digitstream.synthetic.ImageEncoding;
import io.digitstream.synthetic.SyntheticImage;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * A set whose images are ink made per index, delivered as scanners deliver them: dark ink on white as a gray PNG, or
 * light ink on dark as raw GRAY8 (the source's own look); optionally with a {@link PaperMargin}, so that the margin
 * set holds exactly the same pixels inside its margin.
 */
final class InkScans implements EvaluationImages {

    enum Look { DARK_ON_WHITE_PNG, LIGHT_ON_DARK_GRAY8 }

    private final int count;
    private final IntUnaryOperator labels;
    private final IntFunction<InkImage> ink;
    private final Look look;
    private final boolean margin;

    InkScans(int count, IntUnaryOperator labels, IntFunction<InkImage> ink, Look look, boolean margin) {
        this.count = count;
        this.labels = labels;
        this.ink = ink;
        this.look = look;
        this.margin = margin;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public SyntheticImage image(int index) {
        InkImage image = ink.apply(index);
        if (margin) {
            image = PaperMargin.pad(image);
        }
        int label = labels.applyAsInt(index);
        return switch (look) {
            case DARK_ON_WHITE_PNG -> new SyntheticImage(PixelEncoding.PNG, image.width(), image.height(),
                    ImageEncoding.PNG.encodeGray(image.darkOnWhite(), image.width(), image.height(), 100), label);
            case LIGHT_ON_DARK_GRAY8 -> new SyntheticImage(PixelEncoding.GRAY8, image.width(), image.height(),
                    image.ink(), label);
        };
    }
}
