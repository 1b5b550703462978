package io.digitstream.classifier.review;

import io.digitstream.kafka.GrouplessConsumer;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.ReviewRequest;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.schemas.serde.SingleObjectSerde;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's side of the review loop: a consumer thread that follows every partition of the review topic (no
 * consumer group: each instance's page offers the newest requests, {@link PendingReviews}), starting at the newest
 * {@code pendingMax} of each partition so a restart offers them again; and a producer that publishes a person's label
 * as a {@link LabelEvent} on the labels topic, where the live metrics join it like any other label.
 */
public final class ReviewDesk implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReviewDesk.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private final ReviewConfig config;
    private final String labelsTopic;
    private final PendingReviews pending;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final SingleObjectSerde<ReviewRequest> requests = ContractSerdes.reviewRequest();
    private final SingleObjectSerde<LabelEvent> labels = ContractSerdes.labelEvent();
    private final Thread feed;
    private volatile boolean closed;

    /** @param kafka the service's client properties (bootstrap servers, security) */
    public ReviewDesk(ReviewConfig config, String labelsTopic, Properties kafka) {
        this.config = config;
        this.labelsTopic = labelsTopic;
        this.pending = new PendingReviews(config.pendingMax());
        Properties consumerProps = GrouplessConsumer.properties(clientProperties(kafka));
        // Review requests are written in the stream's transactions: only committed ones are shown.
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // The topic is the service's to create (digits.topic.partitions); until it exists the page waits.
        consumerProps.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        Properties producerProps = clientProperties(kafka);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        this.feed = new Thread(this::follow, "digits-review-feed");
        feed.setDaemon(true);
    }

    /** The service's Kafka properties (the clients ignore those of Kafka Streams itself). */
    private static Properties clientProperties(Properties kafka) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return props;
    }

    public ReviewDesk start() {
        feed.start();
        return this;
    }

    public PendingReviews pending() {
        return pending;
    }

    public ReviewConfig config() {
        return config;
    }

    /**
     * Publishes {@code digit} as the label of pending image {@code id} and removes it from the page, once the broker has
     * the label event.
     *
     * @return the request labeled; empty when {@code id} is not pending (unknown, or labeled already)
     * @throws IllegalArgumentException when {@code digit} is not 0..9
     * @throws IllegalStateException when the broker did not take the label in time (the image stays pending)
     */
    public Optional<ReviewRequest> label(String id, int digit) throws InterruptedException {
        if (digit < 0 || digit > 9) {
            throw new IllegalArgumentException("label " + digit + " is not a digit 0..9");
        }
        Optional<ReviewRequest> request = pending.get(id);
        if (request.isEmpty()) {
            return request;
        }
        LabelEvent event = LabelEvent.newBuilder().setId(id).setLabel(digit)
                .setTime(Instant.now().truncatedTo(ChronoUnit.MILLIS)).setSource(request.get().getSource()).build();
        try {
            producer.send(new ProducerRecord<>(labelsTopic, id, labels.serialize(labelsTopic, event)))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the label of " + id + " was not published: " + e, e);
        }
        log.info("review: image {} labeled {} (predicted {})", id, digit, request.get().getDigit());
        return pending.take(id);
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = List.of();
            while (!closed && partitions.isEmpty()) {
                List<PartitionInfo> infos = consumer.partitionsFor(config.topic(), Duration.ofSeconds(5));
                partitions = infos == null ? List.of()
                        : infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                if (partitions.isEmpty()) {
                    Thread.sleep(1000);
                }
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, Math.max(begin.get(partition), end.get(partition) - config.pendingMax()));
            }
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        pending.add(requests.deserialize(record.topic(), record.value()));
                    } catch (RuntimeException e) {
                        log.warn("review: skipping record {}-{}@{} of the review topic: {}", record.topic(),
                                record.partition(), record.offset(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("review: the review topic {} cannot be followed; the review page offers no new images", config.topic(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            feed.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
    }
}
