package io.digitstream.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.testing.MnistFixture;
import java.awt.Color;
import java.awt.Point;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionGridTest {

    private static final LabeledImages FIXTURE = MnistFixture.test500();
    private static final ImagePipeline PIPELINE = ImagePipeline.withDefaults();
    private static final DigitPictures PICTURES = new DigitPictures(PIPELINE);

    /** Image i, predicted {@code predicted} with the given confidence. */
    private static ClassifiedDigit digit(int i, int predicted, float confidence) {
        return new ClassifiedDigit(DigitRecords.gray8(FIXTURE, i, "fixture", "fixture", Instant.EPOCH, true), FIXTURE.label(i),
                predicted, confidence);
    }

    private static boolean reddish(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() > 160 && c.getGreen() < 80 && c.getBlue() < 80;
    }

    private static boolean greenish(int rgb) {
        Color c = new Color(rgb);
        return c.getGreen() > 110 && c.getRed() < 80 && c.getBlue() < 100;
    }

    @Test
    void wrongPredictionsAreFramedRedAndRightOnesGreen() {
        List<ClassifiedDigit> digits = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            boolean wrong = i % 7 == 3;
            digits.add(digit(i, wrong ? (FIXTURE.label(i) + 1) % 10 : FIXTURE.label(i), 0.9f));
        }
        PredictionGrid grid = new PredictionGrid(PICTURES);
        DigitTile tile = grid.tile();
        BufferedImage image = grid.render(digits);

        for (int i = 0; i < digits.size(); i++) {
            Point at = grid.tileOrigin(i);
            // Corner, middle of the left edge, middle of the bottom edge, and the bar between image and model input.
            int[] frame = {image.getRGB(at.x + 1, at.y + 1), image.getRGB(at.x + 1, at.y + 40),
                    image.getRGB(at.x + 45, at.y + tile.frameHeight() - 2),
                    image.getRGB(at.x + tile.inputX() - 2, at.y + tile.frameHeight() / 2)};
            boolean wrong = !digits.get(i).correct();
            for (int rgb : frame) {
                assertThat(wrong ? reddish(rgb) : greenish(rgb)).as("tile %d (%s) frame pixel %06x", i,
                        wrong ? "wrong" : "right", rgb & 0xffffff).isTrue();
            }
        }
        assertThat(digits.stream().filter(d -> !d.correct())).hasSize(3);
    }

    @Test
    void theLeftPanelIsTheImageAsSubmittedPixelForPixel() {
        PredictionGrid grid = new PredictionGrid(PICTURES);
        BufferedImage image = grid.render(List.of(digit(0, FIXTURE.label(0), 1f)));
        Point at = grid.tileOrigin(0);
        int scale = grid.tile().panel() / 28;
        byte[] pixels = FIXTURE.image(0);
        for (int p = 0; p < pixels.length; p++) {
            int x = at.x + grid.tile().originalX() + (p % 28) * scale + scale / 2;
            int y = at.y + DigitTile.FRAME + (p / 28) * scale + scale / 2;
            int gray = new Color(image.getRGB(x, y)).getRed();
            assertThat(gray).as("pixel %d", p).isCloseTo(pixels[p] & 0xff, within(1));
        }
    }

    @Test
    void theRightPanelIsTheModelInputDrawnDarkOnLight() throws Exception {
        PredictionGrid grid = new PredictionGrid(PICTURES);
        ClassifiedDigit digit = digit(0, FIXTURE.label(0), 1f);
        BufferedImage image = grid.render(List.of(digit));
        Point at = grid.tileOrigin(0);
        int scale = grid.tile().panel() / 28;
        float[] input = PIPELINE.modelInput(digit.image());
        int inked = 0;
        for (int p = 0; p < input.length; p++) {
            int x = at.x + grid.tile().inputX() + (p % 28) * scale + scale / 2;
            int y = at.y + DigitTile.FRAME + (p / 28) * scale + scale / 2;
            int gray = new Color(image.getRGB(x, y)).getRed();
            assertThat(gray).as("input pixel %d", p).isCloseTo(Math.round(255 * (1 - input[p])), within(1));
            inked += input[p] > 0.5f ? 1 : 0;
        }
        assertThat(inked).as("ink pixels of the model input").isGreaterThan(50);
    }

    @Test
    void theGalleryShowsOnlyMistakesMostConfidentFirst() {
        List<ClassifiedDigit> digits = List.of(digit(0, FIXTURE.label(0), 0.99f), digit(1, (FIXTURE.label(1) + 1) % 10, 0.6f),
                digit(2, (FIXTURE.label(2) + 1) % 10, 0.95f), digit(3, (FIXTURE.label(3) + 1) % 10, 0.6f));

        assertThat(MistakeGallery.worst(digits, 10)).extracting(ClassifiedDigit::id)
                .containsExactly("fixture-00002", "fixture-00001", "fixture-00003");
        assertThat(MistakeGallery.worst(digits, 1)).extracting(ClassifiedDigit::id).containsExactly("fixture-00002");
    }
}
