package io.digitstream.lab.train;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.model.image.ImagePipeline;
import io.digitstream.model.image.RejectedImageException;
import io.digitstream.schemas.DigitImage;
import io.digitstream.synthetic.SyntheticDigits;
import io.digitstream.synthetic.Textures;
import io.digitstream.synthetic.Variant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A {@link TrainingMix} made real: every image is generated as a producer would publish it (the synthetic
 * variants encode PNG/JPEG pages too) and run through the stream's own {@link ImagePipeline}, so the model
 * trains on exactly what the stream will feed it. Images the stream would dead-letter are left out.
 */
public final class MixedDataset {

    private MixedDataset() {
    }

    public static NormalizedDataset build(LabeledImages images, TrainingMix mix, Textures texturesOrNull, long seed) {
        ImagePipeline pipeline = ImagePipeline.withDefaults();
        Map<String, SyntheticDigits> generators = new HashMap<>();
        for (String source : mix.sources()) {
            if (!source.equals(TrainingMix.CLEAN)) {
                Variant variant = Variant.byId(source);
                generators.put(source, SyntheticDigits.of(variant, variant.needsTextures() ? texturesOrNull : null));
            }
        }
        Instant now = Instant.EPOCH;
        List<float[]> inputs = IntStream.range(0, images.count()).parallel().mapToObj(i -> {
            String source = mix.sourceOf(i, seed);
            DigitImage record = source.equals(TrainingMix.CLEAN)
                    ? DigitRecords.gray8(images, i, "train", "train", now, true)
                    : DigitRecords.synthetic(generators.get(source).generate(images, i, seed), "train-" + i, source, now, true);
            try {
                return pipeline.modelInput(record);
            } catch (RejectedImageException e) {
                return null;
            }
        }).toList();
        List<float[]> kept = new ArrayList<>(inputs.size());
        List<Integer> labels = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) != null) {
                kept.add(inputs.get(i));
                labels.add(images.label(i));
            }
        }
        return new NormalizedDataset(kept.toArray(float[][]::new), labels.stream().mapToInt(Objects::requireNonNull).toArray());
    }
}
