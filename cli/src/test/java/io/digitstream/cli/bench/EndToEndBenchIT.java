package io.digitstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.cli.Digits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench e2e} with a rate sweep, small: an embedded broker, the service in its own JVM, the maximum measured
 * unpaced, then 50% and 100% of it paced for 3 s each, then the per-record baseline; the JSON holds the acceptance
 * fields and one entry per rate, and the whole run conserves every image. With {@code --profile}: both JVMs' flight
 * recordings and the summary of where each spent its CPU.
 */
class EndToEndBenchIT {

    private static final int IMAGES = 3_000;
    private static final int RATE_SECONDS = 3;

    @Test
    void sweepsTheRatesAndConservesEveryImage(@TempDir Path profile) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = Digits.commandLine().execute("bench", "e2e", "--images", String.valueOf(IMAGES), "--baseline-images",
                    "300", "--rates", "50%,100%", "--rate-seconds", String.valueOf(RATE_SECONDS), "--profile", profile.toString(), "--json");
        } finally {
            System.setOut(original);
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        JsonNode result = new ObjectMapper().readTree(lines[lines.length - 1]);

        assertThat(exit).isZero();
        assertThat(result.get("images").asInt()).isEqualTo(IMAGES);
        double max = result.get("imagesPerSecond").asDouble();
        assertThat(max).isPositive();
        assertThat(result.get("baselineImagesPerSecond").asDouble()).isPositive();
        assertOrdered(result, "");
        assertThat(result.get("latencyFrom").asText()).isEqualTo("sendTime");
        assertThat(result.get("peakRssMb").asDouble()).isPositive();

        JsonNode rates = result.get("rates");
        assertThat(rates).hasSize(2);
        JsonNode half = rates.get(0);
        JsonNode full = rates.get(1);
        assertThat(half.get("rate").asText()).isEqualTo("50%");
        assertThat(full.get("rate").asText()).isEqualTo("100%");
        assertThat(half.get("targetRate").asDouble()).isEqualTo(max / 2);
        assertThat(full.get("targetRate").asDouble()).isEqualTo(max);
        int pacedImages = 0;
        for (JsonNode rate : rates) {
            int images = rate.get("images").asInt();
            assertThat(images).isEqualTo(Math.max(100, Math.round(rate.get("targetRate").asDouble() * RATE_SECONDS)));
            assertThat(rate.get("achievedRate").asDouble()).isPositive();
            assertThat(rate.get("latencyFrom").asText()).isEqualTo("scheduledSendTime");
            assertOrdered(rate, "");
            pacedImages += images;
        }
        assertThat(result.get("halfRateP99Millis").asDouble()).isEqualTo(half.get("p99Millis").asDouble());
        assertThat(result.get("halfRateP50Millis").asDouble()).isEqualTo(half.get("p50Millis").asDouble());
        assertOrdered(result, "halfRate");

        JsonNode batched = result.get("conservation").get("batched");
        assertThat(batched.get("inputs").asInt()).isEqualTo(IMAGES + pacedImages);
        assertThat(batched.get("predictions").asInt()).isEqualTo(IMAGES + pacedImages);
        assertThat(result.get("conservation").get("baseline").get("predictions").asInt()).isEqualTo(300);
        assertThat(result.get("lost").asInt()).isZero();
        assertThat(result.get("duplicated").asInt()).isZero();
        assertThat(result.get("exactlyOnce").asBoolean()).isTrue();

        assertThat(profile.resolve("bench-batched.jfr")).isNotEmptyFile();
        assertThat(profile.resolve("bench.jfr")).isNotEmptyFile();
        assertThat(Files.readString(profile.resolve("profile.txt"))).contains("service: stream threads", "broker");
        JsonNode streamThreads = result.get("profile").get("service").get("service: stream threads");
        assertThat(streamThreads.get("cpuSeconds").asDouble()).isPositive();
        assertThat(streamThreads.get("javaSampledSeconds").asDouble()).isPositive();
        assertThat(streamThreads.get("components")).isNotEmpty();
        assertThat(result.get("profile").get("bench").get("broker").get("cpuSeconds").asDouble()).isPositive();
    }

    /** p50 <= p95 <= p99 <= p99.9 <= max, all present. */
    private static void assertOrdered(JsonNode json, String prefix) {
        String[] keys = {"P50Millis", "P95Millis", "P99Millis", "P999Millis", "MaxMillis"};
        double previous = 0;
        for (String key : keys) {
            String name = prefix.isEmpty() ? Character.toLowerCase(key.charAt(0)) + key.substring(1) : prefix + key;
            assertThat(json.has(name)).as(name).isTrue();
            double value = json.get(name).asDouble();
            assertThat(value).as(name).isGreaterThanOrEqualTo(previous);
            previous = value;
        }
    }
}
