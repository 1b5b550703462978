package io.digitstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layering, and the refusal of unknown digits.* keys (common's class path declares the topic keys only). */
class LayeredConfigTest {

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("client.properties"), content);
    }

    @Test
    void flagsWinOverEnvironmentOverFileOverDefaults() throws IOException {
        Path file = file("bootstrap.servers=a:9092\ndigits.topic.images=from-file\ndigits.topic.labels=from-file\n");
        LayeredConfig config = LayeredConfig.load(Map.of("bootstrap.servers", "default:9092"), file,
                Map.of("DIGITS_KAFKA_BOOTSTRAP_SERVERS", "b:9092", "DIGITS_TOPIC_IMAGES", "from-env"),
                Map.of("bootstrap.servers", "c:9092"));
        assertThat(config.kafkaProperties()).containsEntry("bootstrap.servers", "c:9092").doesNotContainKey("digits.topic.images");
        assertThat(Topics.from(config).images()).isEqualTo("from-env");
        assertThat(Topics.from(config).labels()).isEqualTo("from-file");
        assertThat(Topics.from(config).predictions()).isEqualTo(Topics.DEFAULT.predictions());
    }

    @Test
    void aMisspelledKeyInTheFileIsRefusedWithTheNearestKnownOne() throws IOException {
        Path file = file("digits.topic.imagse=x\nssl.truststore.location=/etc/ts.jks\n");
        assertThatThrownBy(() -> LayeredConfig.load(Map.of(), file, Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown key digits.topic.imagse (--config " + file + "); did you mean digits.topic.images?");
    }

    @Test
    void aMisspelledEnvironmentVariableIsRefusedByItsName() {
        assertThatThrownBy(() -> LayeredConfig.load(Map.of(), null, Map.of("DIGITS_TOPIC_LABEL", "x"), Map.of()))
                .hasMessage("unknown key digits.topic.label (environment variable DIGITS_TOPIC_LABEL);"
                        + " did you mean digits.topic.labels?");
    }

    @Test
    void aMisspelledFlagKeyIsRefused() {
        assertThatThrownBy(() -> LayeredConfig.load(Map.of(), null, Map.of(), Map.of("digits.topic.metric", "x")))
                .hasMessageContaining("unknown key digits.topic.metric (command line); did you mean digits.topic.metrics?");
    }

    @Test
    void aSuggestionIsMadeUpToThreeEditsAway() {
        assertThatThrownBy(() -> LayeredConfig.load(Map.of(), null, Map.of(), Map.of("digits.topic.imagesXYZ", "x")))
                .hasMessageEndingWith("did you mean digits.topic.images?");
        assertThatThrownBy(() -> LayeredConfig.load(Map.of(), null, Map.of(), Map.of("digits.topic.imagesWXYZ", "x")))
                .hasMessage("unknown key digits.topic.imagesWXYZ (command line); bin/digits config lists the keys");
        assertThat(DigitsKeys.levenshtein("digits.batch.sise", "digits.batch.size")).isEqualTo(1);
        assertThat(DigitsKeys.levenshtein("", "abc")).isEqualTo(3);
        assertThat(DigitsKeys.levenshtein("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void kafkaKeysAndOurOtherVariablesPass() throws IOException {
        Path file = file("ssl.truststore.location=/etc/ts.jks\nsasl.mechanism=PLAIN\n");
        LayeredConfig config = LayeredConfig.load(Map.of(), file,
                Map.of("DIGITS_DATA_DIR", "/tmp/mnist", "DIGITS_TEXTURES_DIR", "/tmp/t", "DIGITS_JAVA_OPTS", "-Xmx1g"), Map.of());
        assertThat(config.kafkaProperties()).containsEntry("ssl.truststore.location", "/etc/ts.jks")
                .containsEntry("sasl.mechanism", "PLAIN").hasSize(2);
    }

    @Test
    void aMissingOrMalformedConfigFileIsAConfigurationError() throws IOException {
        assertThatThrownBy(() -> LayeredConfig.load(Map.of(), dir.resolve("missing.properties"), Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("does not exist");
        Path malformed = file("key=\\u12\n");
        assertThatThrownBy(() -> LayeredConfig.load(Map.of(), malformed, Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("cannot read config file");
    }
}
