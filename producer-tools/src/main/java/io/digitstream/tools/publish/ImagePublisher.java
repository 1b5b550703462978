package io.digitstream.tools.publish;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.imagefolder.ImageFile;
import io.digitstream.progress.ProgressListener;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.schemas.serde.SingleObjectSerde;
import io.digitstream.synthetic.SyntheticDigits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes images to the images topic and ground truth to the labels topic, keyed by image id. One idempotent
 * producer sends both, so a label is never sent before its image and retries neither lose nor duplicate records.
 *
 * <p>Sends are asynchronous; the first failure is remembered and thrown as a {@link KafkaException} by the next
 * call, after which the publisher stays failed and should be closed. {@link #publishBatch} is the exception: a record
 * Kafka refuses for itself (larger than the producer's {@code max.request.size} or the topic's
 * {@code max.message.bytes}) is reported for that record alone and the others go on.
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
        return publishEach(images.count(), i -> DigitRecords.gray8(images, i, idPrefix, source,
                DigitRecords.captureTimeNow(), true), mode, ratePerSecond, progress);
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
                DigitRecords.mnistId(idPrefix, i), source, DigitRecords.captureTimeNow(), true),
                mode, ratePerSecond, progress);
    }

    /** Files read and sent per {@link #publishBatch} call: bounds the image bytes held in memory. */
    static final int FILES_PER_BATCH = 256;

    /**
     * What {@link #publishFiles} did: the files Kafka acknowledged, and those it refused for their size, which do not
     * stop the others.
     */
    public record FilesSent(int sent, List<Refused> tooLarge) {
    }

    /** A file refused for its size, and Kafka's reason. */
    public record Refused(ImageFile file, String reason) {
    }

    /**
     * Publishes image files with ids {@code source/file name}, their bytes as pixels, and waits until Kafka has
     * acknowledged them all. A file too large for one Kafka record is refused and reported; the others are still sent.
     *
     * @throws UncheckedIOException when a file can no longer be read
     * @throws KafkaException when publishing failed for another reason
     */
    public FilesSent publishFiles(List<ImageFile> files, String source, LabelMode mode, double ratePerSecond,
            ProgressListener progress) throws InterruptedException {
        int sent = 0;
        List<Refused> tooLarge = new ArrayList<>();
        for (int from = 0; from < files.size(); from += FILES_PER_BATCH) {
            List<ImageFile> chunk = files.subList(from, Math.min(files.size(), from + FILES_PER_BATCH));
            List<DigitImage> images = new ArrayList<>(chunk.size());
            for (ImageFile file : chunk) {
                try {
                    images.add(file.read(source));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            List<Exception> outcomes = publishBatch(images, mode, ratePerSecond);
            for (int i = 0; i < chunk.size(); i++) {
                Exception outcome = outcomes.get(i);
                if (outcome == null) {
                    sent++;
                } else if (outcome instanceof RecordTooLargeException) {
                    tooLarge.add(new Refused(chunk.get(i), outcome.getMessage()));
                } else {
                    throw new KafkaException("publishing failed: " + outcome.getMessage(), outcome);
                }
            }
            progress.progress(from + chunk.size(), files.size());
        }
        return new FilesSent(sent, List.copyOf(tooLarge));
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
        publish(image, mode, null);
    }

    /**
     * Sends the images and waits for Kafka's answer to each, pacing to {@code ratePerSecond} (0 = as fast as
     * possible): what a caller needs that must remember exactly which were acknowledged, whatever happens to the
     * others.
     *
     * @return per image, null when acknowledged, else why not: a {@link RecordTooLargeException} for an image Kafka
     *     refused for its size (the publisher goes on), any other exception when publishing failed (the publisher
     *     then stays failed, and the images after the failure were not sent)
     */
    public List<Exception> publishBatch(List<DigitImage> batch, LabelMode mode, double ratePerSecond)
            throws InterruptedException {
        Pacer pacer = new Pacer(ratePerSecond);
        List<AtomicReference<Exception>> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            AtomicReference<Exception> outcome = new AtomicReference<>();
            outcomes.add(outcome);
            Exception failure = firstFailure.get();
            if (failure != null) {
                outcome.set(failure);
                continue;
            }
            pacer.awaitTurn(i);
            try {
                publish(batch.get(i), mode, outcome);
            } catch (KafkaException e) { // failed meanwhile: what was acknowledged is still reported below
                outcome.compareAndSet(null, e);
            }
        }
        producer.flush(); // callbacks run before flush returns
        return outcomes.stream().map(AtomicReference::get).toList();
    }

    /** Sends the image and its label; {@code outcome}, when not null, gets the first failure of either. */
    private void publish(DigitImage image, LabelMode mode, AtomicReference<Exception> outcome) {
        Integer label = image.getLabel();
        if (mode != LabelMode.INLINE) {
            image.setLabel(null);
        }
        send(imagesTopic, image.getId(), images.serialize(imagesTopic, image), outcome);
        // The producer refuses a record over max.request.size before returning: its label is not sent either.
        if (mode == LabelMode.SEPARATE && label != null && (outcome == null || outcome.get() == null)) {
            sendLabel(image.getId(), label, image.getSource(), outcome);
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
        sendLabel(id, label, source, null);
    }

    private void sendLabel(String id, int label, String source, AtomicReference<Exception> outcome) {
        LabelEvent event = LabelEvent.newBuilder()
                .setId(id)
                .setLabel(label)
                .setTime(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setSource(source)
                .build();
        send(labelsTopic, id, labels.serialize(labelsTopic, event), outcome);
    }

    /**
     * Sends one record. A failure fails the publisher, except that with an {@code outcome} to report it to, a record
     * refused for its size is that record's failure alone.
     */
    private void send(String topic, String key, byte[] value, AtomicReference<Exception> outcome) {
        // Checked before each send: with the brokers unreachable, every send would block for max.block.ms.
        throwIfFailed();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, exception) -> {
            if (exception != null) {
                if (outcome != null) {
                    outcome.compareAndSet(null, exception);
                }
                if (outcome == null || !(exception instanceof RecordTooLargeException)) {
                    firstFailure.compareAndSet(null, exception);
                }
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
