package io.digitstream.classifier.evaluate;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.mnist.LabeledImages;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.schemas.DigitImage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Resolves a {@code --dataset} name to labeled image records. */
public final class Datasets {

    public static final String NAMES = "mnist-test, mnist-train";

    private Datasets() {
    }

    public static List<DigitImage> load(String name, MnistFetcher fetcher, int limit) throws IOException {
        LabeledImages images = switch (name) {
            case "mnist-test" -> MnistDataset.test(fetcher);
            case "mnist-train" -> MnistDataset.train(fetcher);
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + NAMES);
        };
        if (limit > 0 && limit < images.count()) {
            images = images.head(limit);
        }
        Instant now = Instant.now();
        List<DigitImage> records = new ArrayList<>(images.count());
        for (int i = 0; i < images.count(); i++) {
            records.add(DigitRecords.gray8(images, i, name, name, now, true));
        }
        return records;
    }
}
