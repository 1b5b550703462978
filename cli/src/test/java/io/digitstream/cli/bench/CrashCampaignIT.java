package io.digitstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.model.ModelLocator;
import io.digitstream.testing.MnistFixture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash campaign of {@code bench crash}, one small run: 3 brokers, two service JVMs, SIGKILLs
 * while images stream. Nothing may be lost or duplicated, and every prediction must equal the offline one.
 */
class CrashCampaignIT {

    @Test
    void survivesSigkillsWithoutLosingOrDuplicatingAnything(@TempDir Path work) throws Exception {
        Path model = ModelLocator.defaultModelPath();
        CrashBenchmark campaign = new CrashBenchmark(model, MnistFixture.test500(), work, System.err);

        CrashBenchmark.RunResult result = campaign.run(1, 3000, 250, Duration.ofSeconds(4), 42);

        assertThat(result.kills()).as("the run must actually kill instances").isGreaterThanOrEqualTo(2);
        assertThat(result.inputs()).isEqualTo(3000);
        assertThat(result.predictions() + result.deadLetters()).isEqualTo(3000);
        assertThat(result.deadLetters()).as("about 1% malformed records").isBetween(10, 60);
        assertThat(result.lost()).isZero();
        assertThat(result.duplicated()).isZero();
        assertThat(result.unexpected()).isZero();
        assertThat(result.mismatches()).isZero();
    }
}
