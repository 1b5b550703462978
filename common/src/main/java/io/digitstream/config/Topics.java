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

    public static final ConfigKey<String> IMAGES = ConfigKey.text("digits.topic.images", DEFAULT.images,
            "the images topic: DigitImage records in");
    public static final ConfigKey<String> LABELS = ConfigKey.text("digits.topic.labels", DEFAULT.labels,
            "the labels topic: LabelEvent records, for the live metrics");
    public static final ConfigKey<String> PREDICTIONS = ConfigKey.text("digits.topic.predictions", DEFAULT.predictions,
            "the predictions topic: one Prediction per classified image");
    public static final ConfigKey<String> DEAD_LETTERS = ConfigKey.text("digits.topic.dead.letters", DEFAULT.deadLetters,
            "the dead-letter topic: one DeadLetter per refused record, with the reason");
    public static final ConfigKey<String> METRICS = ConfigKey.text("digits.topic.metrics", DEFAULT.metrics,
            "the live metrics snapshots' topic");

    /** The keys above, for {@link DigitsKeys}. */
    public static final class Keys implements ConfigKeys {
        @Override
        public List<ConfigKey<?>> keys() {
            return List.of(IMAGES, LABELS, PREDICTIONS, DEAD_LETTERS, METRICS);
        }
    }

    public static Topics from(LayeredConfig config) {
        return new Topics(IMAGES.get(config), LABELS.get(config), PREDICTIONS.get(config), DEAD_LETTERS.get(config),
                METRICS.get(config));
    }

    /** A separate set of topics, e.g. for a benchmark run beside a deployment's own. */
    public static Topics withPrefix(String prefix) {
        return new Topics(prefix + "-images", prefix + "-labels", prefix + "-predictions", prefix + "-dead-letters",
                prefix + "-metrics");
    }

    /** These names as configuration entries, the inverse of {@link #from(LayeredConfig)}. */
    public java.util.Map<String, String> asConfig() {
        return java.util.Map.of(IMAGES.name(), images, LABELS.name(), labels, PREDICTIONS.name(), predictions,
                DEAD_LETTERS.name(), deadLetters, METRICS.name(), metrics);
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
