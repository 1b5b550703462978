package io.digitstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.model.ModelLocator;
import io.digitstream.testing.MnistFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench swap}, small: two service JVMs follow the model registry while images stream; a promotion with one
 * instance killed and restarted, a corrupt release refused, the repaired one served, a rollback. Nothing may be lost
 * or duplicated, and every prediction must be the offline classification by the version it names.
 */
class SwapBenchIT {

    @Test
    void swapsUnderLoadAndAKillLoseNothingAndEachPredictionIsItsVersionsOwn(@TempDir Path work) throws Exception {
        Path start = ModelLocator.defaultModelPath();
        SwapBenchmark bench = new SwapBenchmark(new SwapBenchmark.Models(start, start.resolveSibling("mnist-clean.zip"),
                start.resolveSibling("mnist-rot.zip")), MnistFixture.test500(), work, System.err);

        SwapBenchmark.Result result = bench.run(1000, 50, true);

        assertThat(result.kills()).isEqualTo(1);
        assertThat(result.inputs()).isGreaterThanOrEqualTo(1000);
        assertThat(result.predictions() + result.deadLetters()).isEqualTo(result.inputs());
        assertThat(result.lost()).isZero();
        assertThat(result.duplicated()).isZero();
        assertThat(result.unexpected()).isZero();
        assertThat(result.mismatches()).isZero();
        assertThat(result.swaps()).as("promote, repaired release, rollback").isEqualTo(3);
        assertThat(result.refusals()).as("the corrupt release, once per instance").isEqualTo(2);
        assertThat(result.versions()).hasSize(3).allSatisfy((version, count) -> assertThat(count).isPositive());
        assertThat(result.swapMillis()).hasSize(3);
        assertThat(result.holds()).isTrue();
    }
}
