package io.digitstream.classifier.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.classifier.TestModels;
import io.digitstream.classifier.model.DigitModel;
import io.digitstream.classifier.model.Scores;
import io.digitstream.mnist.LabeledImages;
import io.digitstream.mnist.MnistFixture;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.PixelEncoding;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * The decoded-pixel budget: a page above it is decoded reduced (cheaply, never at full size) and still
 * gives the digit; pages at the budget and one pixel below it are decoded whole. Logs the time of a
 * 3000x3000 scanner page with and without the budget (a measurement, not an assertion).
 */
class LargePageTest {

    private static final int PAGE = 3000;

    private final LabeledImages fixture = MnistFixture.test500();

    @Test
    void aScannerPageAboveTheBudgetIsDecodedReducedAndGivesTheSameDigitFaster() throws Exception {
        ImagePipeline budgeted = ImagePipeline.withDefaults();
        ImagePipeline unbounded = new ImagePipeline(new ImageLimits(4096, 4096, 16 << 20, PAGE * PAGE));
        DigitModel model = TestModels.shipped();
        int agreeing = 0;
        int n = 5;
        for (int i = 0; i < n; i++) {
            DigitImage page = HostileImages.image("page-" + i, PixelEncoding.PNG, PAGE, PAGE,
                    HostileImages.encode(scannerPage(fixture.image(i)), "png"));
            GrayImage reduced = budgeted.decode(page);
            assertThat(reduced.width()).isEqualTo(1000);
            assertThat((long) reduced.width() * reduced.height()).isLessThanOrEqualTo(ImageLimits.DEFAULT_MAX_PIXELS);
            int digit = Scores.argmax(model.classify(new float[][] {budgeted.modelInput(page)})[0]);
            agreeing += digit == fixture.label(i) ? 1 : 0;
            if (i == 0) {
                System.out.printf("3000x3000 PNG page (%d bytes) through decode+denoise+normalize: %d ms whole, %d ms"
                        + " within the %d-pixel budget%n", page.getPixels().remaining(), millis(unbounded, page),
                        millis(budgeted, page), ImageLimits.DEFAULT_MAX_PIXELS);
            }
        }
        assertThat(agreeing).as("pages classified as their MNIST label").isEqualTo(n);
    }

    @Test
    void imagesAtAndBelowTheBudgetAreDecodedWholeAndOneAboveIsReduced() throws Exception {
        int budget = 10_000;
        ImageDecoder decoder = new ImageDecoder(new ImageLimits(512, 512, 1_000_000, budget));
        for (PixelEncoding encoding : PixelEncoding.values()) {
            assertThat(decode(decoder, encoding, 99, 101).width()).as("%s 9,999 pixels", encoding).isEqualTo(99);
            assertThat(decode(decoder, encoding, 100, 100).width()).as("%s 10,000 pixels", encoding).isEqualTo(100);
            GrayImage over = decode(decoder, encoding, 73, 137); // 10,001 pixels
            assertThat(over.width()).as("%s 10,001 pixels", encoding).isEqualTo(37);
            assertThat(over.height()).isEqualTo(69);
        }
        assertThat(decoder.limits().decodedPixels(73, 137)).isEqualTo(37 * 69);
        assertThat(decoder.limits().decodedPixels(100, 100)).isEqualTo(10_000);
        assertThat(decoder.limits().decodedPixels(513, 10)).as("refused unread").isZero();
    }

    @Test
    void aGray8PageIsAveragedOverBlocks() throws Exception {
        byte[] gray = new byte[4 * 2];
        gray[0] = (byte) 200; // block (0,0) of the step-2 reduction: 200, 0, 100, 0
        gray[4] = 100;
        gray[3] = (byte) 255;
        GrayImage reduced = ImageDecoder.blockAverage(4, 2, gray, 2);
        assertThat(reduced.width()).isEqualTo(2);
        assertThat(reduced.pixels()).containsExactly(75f, 63.75f);
    }

    private static GrayImage decode(ImageDecoder decoder, PixelEncoding encoding, int width, int height) throws Exception {
        BufferedImage page = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] raw = new byte[width * height];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i % 251);
            page.getRaster().setSample(i % width, i / width, 0, raw[i] & 0xFF);
        }
        byte[] bytes = switch (encoding) {
            case GRAY8 -> raw;
            case PNG -> HostileImages.encode(page, "png");
            case JPEG -> HostileImages.encode(page, "jpg");
        };
        GrayImage decoded = decoder.decode(HostileImages.image("p", encoding, width, height, bytes));
        assertThat(decoded.height()).isEqualTo((int) ImageLimits.reduced(height, decoder.limits().reduction(width, height)));
        return decoded;
    }

    /** White paper with the MNIST digit drawn dark, scaled up to fill half the page. */
    private static BufferedImage scannerPage(byte[] digit) {
        BufferedImage page = new BufferedImage(PAGE, PAGE, BufferedImage.TYPE_BYTE_GRAY);
        int scale = PAGE / 2 / 28;
        int origin = PAGE / 4;
        var raster = page.getRaster();
        for (int y = 0; y < PAGE; y++) {
            for (int x = 0; x < PAGE; x++) {
                int dx = (x - origin) / scale;
                int dy = (y - origin) / scale;
                boolean inDigit = x >= origin && y >= origin && dx < 28 && dy < 28;
                raster.setSample(x, y, 0, inDigit ? 255 - (digit[dy * 28 + dx] & 0xFF) : 255);
            }
        }
        return page;
    }

    private static long millis(ImagePipeline pipeline, DigitImage page) throws RejectedImageException {
        pipeline.modelInput(page); // warm
        long start = System.nanoTime();
        int runs = 3;
        for (int i = 0; i < runs; i++) {
            pipeline.modelInput(page);
        }
        return (System.nanoTime() - start) / runs / 1_000_000;
    }
}
