package io.digitstream.config;

import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** The topic names of a digit-stream deployment; {@code metrics} holds the live metrics snapshots. */
public record Topics(String images, String labels, String predictions, String deadLetters, String metrics) {

    public static final Topics DEFAULT = new Topics("digit-images", "digit-labels", "digit-predictions", "digit-dead-letters",
            "digit-metrics");

    static final String IMAGES = "digits.topic.images";
    static final String LABELS = "digits.topic.labels";
    static final String PREDICTIONS = "digits.topic.predictions";
    static final String DEAD_LETTERS = "digits.topic.dead.letters";
    static final String METRICS = "digits.topic.metrics";

    public static Topics from(LayeredConfig config) {
        return new Topics(config.get(IMAGES, DEFAULT.images), config.get(LABELS, DEFAULT.labels),
                config.get(PREDICTIONS, DEFAULT.predictions), config.get(DEAD_LETTERS, DEFAULT.deadLetters),
                config.get(METRICS, DEFAULT.metrics));
    }

    /** A separate set of topics, e.g. for a benchmark run beside a deployment's own. */
    public static Topics withPrefix(String prefix) {
        return new Topics(prefix + "-images", prefix + "-labels", prefix + "-predictions", prefix + "-dead-letters",
                prefix + "-metrics");
    }

    /** These names as configuration entries, the inverse of {@link #from(LayeredConfig)}. */
    public java.util.Map<String, String> asConfig() {
        return java.util.Map.of(IMAGES, images, LABELS, labels, PREDICTIONS, predictions, DEAD_LETTERS, deadLetters,
                METRICS, metrics);
    }

    public List<String> all() {
        return List.of(images, labels, predictions, deadLetters, metrics);
    }

    /** Creates the named topics that do not exist yet; existing ones are left as they are. */
    public static void create(Admin admin, List<String> names, int partitions, short replication)
            throws InterruptedException {
        for (String name : names) {
            try {
                admin.createTopics(List.of(new NewTopic(name, partitions, replication))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                }
            }
        }
    }
}
