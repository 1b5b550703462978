package io.digitstream.tools.cli;

import io.digitstream.config.Topics;
import io.digitstream.tools.tail.RecordFormat;
import io.digitstream.tools.tail.StartAt;
import io.digitstream.tools.tail.TopicTail;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Option;

/** Prints one line per record of a topic, as a table row or as JSON. */
abstract class TailTopicCommand<V> extends KafkaCommand {

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Topic to read (default: the configured ${COMMAND-NAME} topic, else digit-${COMMAND-NAME}).")
    String topic;

    @Option(names = "--from-beginning", description = "Start with the oldest retained record instead of new ones.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records (default: no limit).")
    int max;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Stop when no record has arrived for this long (default: run until Ctrl-C).")
    Long timeoutSeconds;

    @Option(names = "--json", description = "Print one JSON object per line instead of a table.")
    boolean json;

    private final Function<Topics, String> defaultTopic;
    private final Deserializer<V> values;
    private final RecordFormat<V> format;

    TailTopicCommand(Function<Topics, String> defaultTopic, Deserializer<V> values, RecordFormat<V> format) {
        this.defaultTopic = defaultTopic;
        this.values = values;
        this.format = format;
    }

    @Override
    int run(Properties kafkaProperties, Topics topics) {
        if (max < 0 || (timeoutSeconds != null && timeoutSeconds < 0)) {
            throw new IllegalArgumentException("--max and --timeout must not be negative");
        }
        Duration idleTimeout = timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds);
        StartAt start = fromBeginning ? StartAt.BEGINNING : StartAt.END;
        String name = topic != null ? topic : defaultTopic.apply(topics);
        try (TopicTail<V> tail = new TopicTail<>(kafkaProperties, name, values, start)) {
            tail.follow(max, idleTimeout, record -> out().println(
                    json ? format.json(record.value()).toString() : format.tableLine(record.value())));
        }
        return OK;
    }
}
