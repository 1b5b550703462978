package io.digitstream.lab.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.synthetic.SyntheticDigits;
import io.digitstream.synthetic.Variant;
import io.digitstream.testing.MnistFixture;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The training set is what the stream would feed the model: generated as published, then the stream's preprocessing. */
class MixedDatasetTest {

    private final LabeledImages fixture = MnistFixture.test500().head(120);

    @Test
    void everyImageIsTheStreamsModelInputForItsDrawnSource() throws Exception {
        TrainingMix mix = TrainingMix.parse("clean:1,rot:1,notebook:1");
        NormalizedDataset data = MixedDataset.build(fixture, mix, null, 7);

        assertThat(data.size()).isEqualTo(fixture.count());
        ImagePipeline pipeline = ImagePipeline.withDefaults();
        for (int i = 0; i < fixture.count(); i++) {
            String source = mix.sourceOf(i, 7);
            var record = source.equals("clean") ? DigitRecords.gray8(fixture, i, "t", "t", Instant.EPOCH, true)
                    : DigitRecords.synthetic(SyntheticDigits.of(Variant.byId(source), null).generate(fixture, i, 7), "t", source,
                            Instant.EPOCH, true);
            assertThat(data.inputs()[i]).as("image %d (%s)", i, source).containsExactly(pipeline.modelInput(record));
            assertThat(data.labels()[i]).isEqualTo(fixture.label(i));
        }
    }

    @Test
    void theBroadTrainingFamiliesPassTheStreamsPreprocessingWhole() {
        TrainingMix mix = TrainingMix.parse("back-noise:1,scan-page:1");
        NormalizedDataset data = MixedDataset.build(fixture, mix, null, 11);
        // A family whose images the stage dead-letters would train on nothing: every image must come through.
        assertThat(data.size()).isEqualTo(fixture.count());
        for (int i = 0; i < data.size(); i++) {
            assertThat(data.labels()[i]).isEqualTo(fixture.label(i));
        }
    }

    @Test
    void theSameSeedBuildsTheSameSet() {
        TrainingMix mix = TrainingMix.parse("clean:1,back-rand:1");
        NormalizedDataset a = MixedDataset.build(fixture, mix, null, 3);
        NormalizedDataset b = MixedDataset.build(fixture, mix, null, 3);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.inputs()[i]).containsExactly(b.inputs()[i]);
        }
    }
}
