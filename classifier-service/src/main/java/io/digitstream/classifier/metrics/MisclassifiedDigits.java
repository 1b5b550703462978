package io.digitstream.classifier.metrics;

import io.digitstream.schemas.Prediction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest misclassified digits this instance classified, as the model saw them (28x28 after normalization), for
 * the dashboard. An image whose label is inline is judged at once; the others are kept (a bounded number, newest)
 * until the label join says whether they were right, since a label may come later. Memory is bounded: at most
 * {@code shown + awaitingLimit} thumbnails of 784 bytes, with ids and sources shortened by {@link MetricsText}.
 */
public final class MisclassifiedDigits implements ClassificationListener, MetricsListener {

    /** A misclassified digit: pixels 0..255, light ink on dark, row-major 28x28. */
    public record Thumbnail(String id, String source, int label, int digit, float confidence, long time, byte[] pixels) {
    }

    private final int shown;
    private final int awaitingLimit;
    private final Deque<Thumbnail> latest = new ArrayDeque<>();
    private final Map<String, Thumbnail> awaitingLabel;

    public MisclassifiedDigits(int shown, int awaitingLimit) {
        this.shown = shown;
        this.awaitingLimit = awaitingLimit;
        this.awaitingLabel = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Thumbnail> eldest) {
                return size() > MisclassifiedDigits.this.awaitingLimit;
            }
        };
    }

    public MisclassifiedDigits() {
        this(24, 4096);
    }

    @Override
    public void classified(Prediction p, float[] modelInput) {
        Integer label = p.getLabel();
        if (label != null && label == p.getDigit()) {
            return;
        }
        Thumbnail thumbnail = new Thumbnail(MetricsText.id(p.getId()), MetricsText.source(p.getSource()),
                label == null ? -1 : label, p.getDigit(), p.getConfidence(), System.currentTimeMillis(), pixels(modelInput));
        synchronized (this) {
            if (label == null) {
                awaitingLabel.put(thumbnail.id(), thumbnail);
            } else {
                remember(thumbnail);
            }
        }
    }

    /** The label join decided: a kept image whose label came separately is judged now. */
    @Override
    public synchronized void observed(String imageId, Observation o) {
        Thumbnail kept = awaitingLabel.remove(imageId);
        if (kept != null && o.isLabeled() && o.label() != o.digit()) {
            remember(new Thumbnail(kept.id(), kept.source(), o.label(), kept.digit(), kept.confidence(),
                    System.currentTimeMillis(), kept.pixels()));
        }
    }

    private void remember(Thumbnail thumbnail) {
        latest.removeIf(t -> t.id().equals(thumbnail.id()));
        latest.addFirst(thumbnail);
        while (latest.size() > shown) {
            latest.removeLast();
        }
    }

    /** Newest first. */
    public synchronized List<Thumbnail> latest() {
        return new ArrayList<>(latest);
    }

    private static byte[] pixels(float[] modelInput) {
        byte[] pixels = new byte[modelInput.length];
        for (int i = 0; i < modelInput.length; i++) {
            pixels[i] = (byte) Math.round(Math.max(0f, Math.min(1f, modelInput[i])) * 255f);
        }
        return pixels;
    }
}
