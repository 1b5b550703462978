package io.digitstream.robustness;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A named dataset of {@code evaluate}/{@code demo} and whether its images come from the family our training uses
 * ({@link Family#OWN}) or from a source or generator that training never sees ({@link Family#INDEPENDENT}). A claim of
 * generalisation rests on the independent sets; both are reported. {@code dir:PATH} (the user's own images) is none
 * of these.
 */
public record EvaluationSet(String name, Family family, String description) {

    public enum Family {
        /** MNIST itself, and the project's own generator ({@code io.digitstream.synthetic}), which training uses. */
        OWN,
        /** Made from sources or by code that training never uses. */
        INDEPENDENT
    }

    /** The independent sets' names, a constant for option descriptions; a test keeps it equal to {@link #ALL}'s. */
    public static final String INDEPENDENT_NAMES = "tight, tight-margin, boxed, stretched, stretched-margin, binarized,"
            + " binarized-margin, binarized-blur, binarized-blur-margin, binarized-28, binarized-28-margin, lowres16,"
            + " lowres16-margin, lowres16-28, lowres16-28-margin, tight-28, tight-28-margin, stretched-28,"
            + " stretched-28-margin, sklearn-digits,"
            + " sklearn-digits-margin, sklearn-digits-8, sklearn-digits-8-margin, fonts-handwriting, notebook-b, back-rand-b, back-image-b, rot-b, rot-back-image-b";

    /** Every named set, own first, in the order reports list them. */
    public static final List<EvaluationSet> ALL = List.of(
            own("mnist-test", "MNIST test, 10,000 digits"),
            own("mnist-train", "MNIST training, 60,000 digits (what the models learned)"),
            own("back-rand", "own generator: uniform noise behind the digit, 28x28"),
            own("back-image", "own generator: scikit-image photograph patches behind the digit, 28x28"),
            own("rot", "own generator: rotated 0-360 degrees, 28x28"),
            own("rot-back-image", "own generator: rotated, over scikit-image photograph patches, 28x28"),
            own("notebook", "own generator: notebook page, 48-128 px, color PNG/JPEG"),
            own("form-field", "own generator: a form field cut tight, stretched, bold/thin, binarized or low-res, 20-96 px"),
            own("back-noise", "own generator: uniform, Gaussian, salt-and-pepper or blotchy noise, mixed by several rules, 28x28"),
            own("back-photo", "own generator: scikit-image photograph patches, zoomed and re-toned, mixed by several rules, 28x28"),
            own("scan-page", "own generator: coloured or dark paper, many rulings, pencil, shadows, perspective, 40-128 px"),
            independent("tight", "MNIST test cut to the ink (0-1 px margin), 32-96 px, aspect kept, dark on white"),
            independent("tight-margin", "the tight images plus a quarter-size white margin"),
            independent("boxed", "the tight images inside the printed box of their form field, cut out with it:"
                    + " 1-3 px lines, a side missing in one in five"),
            independent("stretched", "MNIST test cut to the ink and stretched to fill a 32-96 px square"),
            independent("stretched-margin", "the stretched images plus a quarter-size white margin"),
            independent("binarized", "MNIST test black and white, strokes thinner or thicker, stretched to 16x16"
                    + " like the Semeion scans, enlarged to 64x64"),
            independent("binarized-margin", "the binarized images plus a quarter-size white margin"),
            independent("binarized-blur", "the binarized images defocused (gaussian sigma 1-3 px), no longer two-level"),
            independent("binarized-blur-margin", "the binarized-blur images plus a quarter-size white margin"),
            independent("binarized-28", "the binarized images enlarged to 28x28, MNIST's size, instead of 64x64"),
            independent("binarized-28-margin", "the binarized-28 images plus a quarter-size white margin"),
            independent("lowres16", "MNIST test cut to the ink, 16x16 gray like the USPS scans, enlarged to 64x64"),
            independent("lowres16-margin", "the lowres16 images plus a quarter-size white margin"),
            independent("lowres16-28", "the lowres16 images enlarged to 28x28, MNIST's size, instead of 64x64"),
            independent("lowres16-28-margin", "the lowres16-28 images plus a quarter-size white margin"),
            independent("tight-28", "the tight crops at 28x28 (longer side), MNIST's size, instead of 32-96 px"),
            independent("tight-28-margin", "the tight-28 images plus a quarter-size white margin"),
            independent("stretched-28", "MNIST test cut to the ink and stretched to fill a 28x28 square, MNIST's size"),
            independent("stretched-28-margin", "the stretched-28 images plus a quarter-size white margin"),
            independent("sklearn-digits", "1,797 real digits of 43 writers (UCI optdigits via scikit-learn), 8x8"
                    + " enlarged to 32x32, light on dark"),
            independent("sklearn-digits-margin", "the sklearn-digits images plus a quarter-size dark margin"),
            independent("sklearn-digits-8", "the sklearn-digits images at their own 8x8, not enlarged"),
            independent("sklearn-digits-8-margin", "the sklearn-digits-8 images plus a 2-pixel dark margin (12x12)"),
            independent("fonts-handwriting", "5,000 digits in 16 handwriting fonts from Debian, slanted, turned,"
                    + " stroke width varied, 32-96 px, dark on light paper"),
            independent("notebook-b", "second generator: notebook photo, 56-112 px, color PNG/JPEG"),
            independent("back-rand-b", "second generator: uniform noise behind the digit (max), 28x28"),
            independent("back-image-b", "second generator: MATE wallpaper photograph patches behind the digit, 28x28"),
            independent("rot-b", "second generator: rotated 0-360 degrees (bicubic), 28x28"),
            independent("rot-back-image-b", "second generator: rotated, over MATE photograph patches, 28x28"));

    public static Optional<EvaluationSet> byName(String name) {
        return ALL.stream().filter(set -> set.name.equals(name)).findFirst();
    }

    /** Comma-separated names of the sets of {@code family}. */
    public static String names(Family family) {
        return ALL.stream().filter(set -> set.family == family).map(EvaluationSet::name)
                .collect(Collectors.joining(", "));
    }

    private static EvaluationSet own(String name, String description) {
        return new EvaluationSet(name, Family.OWN, description);
    }

    private static EvaluationSet independent(String name, String description) {
        return new EvaluationSet(name, Family.INDEPENDENT, description);
    }
}
