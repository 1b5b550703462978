package io.digitstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real flight recording of this JVM, read back: a busy thread's samples land in its role and component. */
class ProfileSummaryTest {

    @Test
    void attributesABusyStreamThreadToTheComponentItRuns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("test.jfr");
        Instant from = Instant.now();
        try (FlightRecording recording = FlightRecording.start(file)) {
            Thread busy = new Thread(ProfileSummaryTest::hashFor1500Millis, "test-StreamThread-1");
            busy.start();
            busy.join();
        }
        Instant to = Instant.now();

        ProfileSummary summary = ProfileSummary.read(file, ProfileSummary::serviceRole, from, to);

        ProfileSummary.Role stream = summary.roles().get("service: stream threads");
        assertThat(stream).isNotNull();
        assertThat(stream.javaSamples()).isGreaterThan(20);
        Map.Entry<String, Long> top = stream.components().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        assertThat(top.getKey()).isEqualTo("Kafka common");
        assertThat(stream.cpuSeconds()).isGreaterThan(0.3);
        assertThat(summary.jvmCpuSeconds()).isGreaterThanOrEqualTo(stream.cpuSeconds() * 0.5);
        assertThat(summary.text("test", 3)).contains("service: stream threads", "Kafka common");
    }

    @Test
    void countsNothingOutsideItsWindow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("test.jfr");
        try (FlightRecording recording = FlightRecording.start(file)) {
            Thread busy = new Thread(ProfileSummaryTest::hashFor1500Millis, "test-StreamThread-1");
            busy.start();
            busy.join();
        }
        Instant later = Instant.now().plusSeconds(60);

        ProfileSummary summary = ProfileSummary.read(file, ProfileSummary::serviceRole, later, later.plusSeconds(1));

        assertThat(summary.roles()).isEmpty();
    }

    @Test
    void namesTheRolesOfTheThreadsABenchRunHas() {
        assertThat(ProfileSummary.serviceRole("bench-batched-d1b1-StreamThread-2")).isEqualTo("service: stream threads");
        assertThat(ProfileSummary.serviceRole("kafka-producer-network-thread | bench-batched-d1b1-StreamThread-1-producer"))
                .isEqualTo("service: producer I/O threads");
        assertThat(ProfileSummary.serviceRole("C2 CompilerThread0")).isEqualTo("service: JIT compiler threads");
        assertThat(ProfileSummary.serviceRole("HTTP-Dispatcher")).isEqualTo("service: other threads");
        assertThat(ProfileSummary.benchRole("data-plane-kafka-request-handler-6")).isEqualTo("broker");
        assertThat(ProfileSummary.benchRole("TxnMarkerSenderThread-0")).isEqualTo("broker");
        assertThat(ProfileSummary.benchRole("kafka-producer-network-thread | producer-1")).isEqualTo("producer: I/O thread");
        assertThat(ProfileSummary.benchRole("bench-publisher")).isEqualTo("producer: publishing thread (encode, send)");
        assertThat(ProfileSummary.benchRole("main")).isEqualTo("bench: reader (read_committed) and timing");
    }

    private static void hashFor1500Millis() {
        byte[] data = new byte[4 * 1024];
        long end = System.nanoTime() + 1_500_000_000L;
        long sum = 0;
        while (System.nanoTime() < end) {
            sum += Utils.murmur2(data); // plain Java: an intrinsic's stub frames are not sampled
        }
        if (sum == 42) {
            System.out.println(sum); // keeps the loop from being optimized away
        }
    }
}
