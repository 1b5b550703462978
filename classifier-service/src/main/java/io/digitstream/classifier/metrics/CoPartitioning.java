package io.digitstream.classifier.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The label join needs a prediction and its label events in the same task: both topics keyed by image id, hashed
 * by the same (default) partitioner, with the same number of partitions. Kafka Streams checks this only for its
 * own joins, and a mismatch would not fail but silently leave labels unjoined; so it is checked before starting.
 */
public final class CoPartitioning {

    private CoPartitioning() {
    }

    /** @throws IllegalStateException if the partition counts differ or a topic cannot be described */
    public static void check(Admin admin, String predictions, String labels) throws InterruptedException {
        Map<String, TopicDescription> topics = describe(admin, predictions, labels);
        int predictionPartitions = topics.get(predictions).partitions().size();
        int labelPartitions = topics.get(labels).partitions().size();
        if (predictionPartitions != labelPartitions) {
            throw new IllegalStateException(String.format("live metrics join predictions with labels by image id, so"
                    + " topics %s (%d partitions) and %s (%d partitions) must have the same number of partitions:"
                    + " recreate %s with %d partitions, or turn live metrics off (digits.metrics.enabled=false)",
                    predictions, predictionPartitions, labels, labelPartitions, labels, predictionPartitions));
        }
    }

    /** Topics created a moment ago may not be known to every broker yet: asks again for a while. */
    private static Map<String, TopicDescription> describe(Admin admin, String predictions, String labels)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(List.of(predictions, labels)).allTopicNames().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (!(cause instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot describe topics " + predictions + " and " + labels
                            + " to check that they are co-partitioned: " + cause.getMessage(), cause);
                }
                Thread.sleep(100);
            }
        }
    }
}
