package io.digitstream.tools.publish;

import io.digitstream.dataset.DigitImages;
import io.digitstream.imagefolder.ImageFile;
import io.digitstream.dataset.DigitRecords;
import io.digitstream.progress.ProgressListener;
import io.digitstream.mnist.LabeledImages;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.schemas.serde.SingleObjectSerde;
import io.digitstream.synthetic.SyntheticDigits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes images to the images topic and ground truth to the labels topic, keyed by image id. One idempotent
 * producer sends both, so a label is never sent before its image and retries neither lose nor duplicate records.
 *
 * <p>Sends are asynchronous; the first failure is remembered and thrown as a {@link KafkaException} by the next
 * call, after which the publisher stays failed and should be closed.
 */
public final class ImagePublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String imagesTopic;
    private final String labelsTopic;
    private final SingleObjectSerde<DigitImage> images = ContractSerdes.digitImage();
    private final SingleObjectSerde<LabelEvent> labels = ContractSerdes.labelEvent();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    /** @param kafkaProperties client properties, at least {@code bootstrap.servers} */
    public ImagePublisher(Properties kafkaProperties, String imagesTopic, String labelsTopic) {
        this.producer = new KafkaProducer<>(producerProperties(kafkaProperties), new StringSerializer(),
                new ByteArraySerializer());
        this.imagesTopic = imagesTopic;
        this.labelsTopic = labelsTopic;
    }

    /** Batching and compression can be tuned by the caller; delivery guarantees cannot. */
    private static Properties producerProperties(Properties kafkaProperties) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.putAll(kafkaProperties);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return properties;
    }

    /**
     * Publishes every image of {@code images} as GRAY8 with ids {@code idPrefix-00000}, {@code idPrefix-00001}, ...
     * and waits until Kafka has acknowledged them all.
     *
     * @param ratePerSecond images per second; 0 for as fast as possible
     * @return the number of images sent
     */
    public int publishMnist(LabeledImages images, String source, String idPrefix, LabelMode mode,
            double ratePerSecond, ProgressListener progress) throws InterruptedException {
        return publishEach(images.count(), i -> DigitImages.fromMnist(images, i, idPrefix, source), mode,
                ratePerSecond, progress);
    }

    /**
     * Publishes an image generated from each image of {@code images} with ids {@code idPrefix-00000},
     * {@code idPrefix-00001}, ... (the source image's index; the same index and seed always give the same image) and
     * waits until Kafka has acknowledged them all.
     *
     * @param ratePerSecond images per second; 0 for as fast as possible
     * @return the number of images sent
     */
    public int publishSynthetic(SyntheticDigits generator, LabeledImages images, long seed, String source,
            String idPrefix, LabelMode mode, double ratePerSecond, ProgressListener progress)
            throws InterruptedException {
        return publishEach(images.count(), i -> DigitRecords.synthetic(generator.generate(images, i, seed),
                DigitImages.mnistId(idPrefix, i), source, Instant.now().truncatedTo(ChronoUnit.MILLIS), true),
                mode, ratePerSecond, progress);
    }

    /**
     * Publishes image files with ids {@code source/file name}, their bytes as pixels, and waits until Kafka has
     * acknowledged them all.
     *
     * @throws UncheckedIOException when a file can no longer be read
     */
    public int publishFiles(List<ImageFile> files, String source, LabelMode mode, double ratePerSecond,
            ProgressListener progress) throws InterruptedException {
        return publishEach(files.size(), i -> {
            try {
                return files.get(i).read(source);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, mode, ratePerSecond, progress);
    }

    /** Publishes label events for image ids and waits until Kafka has acknowledged them all. */
    public int publishLabels(Map<String, Integer> labelsById, String source) {
        labelsById.forEach((id, label) -> sendLabel(id, label, source));
        flush();
        return labelsById.size();
    }

    /**
     * Sends one image without waiting for it, with its label where {@code mode} says: the image's own label field
     * is cleared unless the mode is {@link LabelMode#INLINE}.
     */
    public void publish(DigitImage image, LabelMode mode) {
        Integer label = image.getLabel();
        if (mode != LabelMode.INLINE) {
            image.setLabel(null);
        }
        send(imagesTopic, image.getId(), images.serialize(imagesTopic, image));
        if (mode == LabelMode.SEPARATE && label != null) {
            sendLabel(image.getId(), label, image.getSource());
        }
    }

    /** Waits until everything sent so far is acknowledged, or throws the first failure. */
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    /**
     * Publishes {@code count} images made by {@code imageAt} (called at send time, so a capture time set
     * there is the send time), paced to {@code ratePerSecond} (0 = as fast as possible), and waits until
     * Kafka has acknowledged them all.
     */
    public int publishEach(int count, IntFunction<DigitImage> imageAt, LabelMode mode, double ratePerSecond,
            ProgressListener progress) throws InterruptedException {
        Pacer pacer = new Pacer(ratePerSecond);
        for (int i = 0; i < count; i++) {
            pacer.awaitTurn(i);
            publish(imageAt.apply(i), mode);
            progress.progress(i + 1, count);
        }
        flush();
        return count;
    }

    private void sendLabel(String id, int label, String source) {
        LabelEvent event = LabelEvent.newBuilder()
                .setId(id)
                .setLabel(label)
                .setTime(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setSource(source)
                .build();
        send(labelsTopic, id, labels.serialize(labelsTopic, event));
    }

    private void send(String topic, String key, byte[] value) {
        // Checked before each send: with the brokers unreachable, every send would block for max.block.ms.
        throwIfFailed();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, exception) -> {
            if (exception != null) {
                firstFailure.compareAndSet(null, exception);
            }
        });
    }

    private void throwIfFailed() {
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new KafkaException("publishing failed: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
