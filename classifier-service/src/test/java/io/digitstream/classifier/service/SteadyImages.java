package io.digitstream.classifier.service;

import io.digitstream.dataset.DigitRecords;
import io.digitstream.idx.LabeledImages;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.serde.ContractSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Images sent at a steady rate on a thread of their own until stopped, each remembered with the time it was sent. */
final class SteadyImages implements AutoCloseable {

    private final Map<String, DigitImage> sent = new ConcurrentHashMap<>();
    private final Map<String, Long> sentAtNanos = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    SteadyImages(Properties client, String topic, LabeledImages fixture, String prefix, int perSecond) {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.thread = new Thread(() -> {
            long interval = Duration.ofSeconds(1).toNanos() / perSecond;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                long next = System.nanoTime();
                for (int i = 0; running; i++) {
                    DigitImage image = DigitRecords.gray8(fixture, i % fixture.count(), prefix + (i / fixture.count()),
                            i % 3 == 0 ? "scanner-a" : "scanner-b", Instant.now(), true);
                    sentAtNanos.put(image.getId(), System.nanoTime());
                    sent.put(image.getId(), image);
                    producer.send(new ProducerRecord<>(topic, image.getId().getBytes(),
                            ContractSerdes.digitImage().serialize(topic, image)));
                    next += interval;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                producer.flush();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "steady-images");
        thread.start();
    }

    /** Every image sent so far, by id. */
    Map<String, DigitImage> sent() {
        return sent;
    }

    /** When the image was handed to the producer (System.nanoTime). */
    long sentAtNanos(String id) {
        return sentAtNanos.get(id);
    }

    /** Stops sending; every image sent is acknowledged when this returns. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
        if (failure.get() != null) {
            throw new IllegalStateException("sending images failed", failure.get());
        }
    }
}
