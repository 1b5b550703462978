package io.digitstream.classifier.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.model.InferenceEngine;
import io.digitstream.model.ModelRoute;
import io.digitstream.model.ModelRouter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a swap does to the engines it replaces: closed when nothing uses them any more, kept while something does. */
class LiveModelsTest {

    /** An engine holding a native resource, like an ONNX Runtime session: it answers the same digit for every image. */
    private static final class SessionEngine implements InferenceEngine, AutoCloseable {
        final String version;
        int closes;

        SessionEngine(String version) {
            this.version = version;
        }

        @Override
        public float[][] classify(float[][] inputs) {
            float[][] out = new float[inputs.length][10];
            for (float[] row : out) {
                Arrays.fill(row, 0.1f);
            }
            return out;
        }

        @Override
        public InferenceEngine copy() {
            return new SessionEngine(version);
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public void close() {
            closes++;
        }
    }

    @Test
    void aReplacedDefaultIsClosedOnceUnlessARouteStillUsesIt() {
        SessionEngine first = new SessionEngine("v1");
        SessionEngine routed = new SessionEngine("rot");
        LiveModels live = new LiveModels(ModelRouter.of(first,
                Map.of(ModelRoute.parseAll("test", "rot*=" + Path.of("rot.zip")).get(0), routed)));

        SessionEngine second = new SessionEngine("v2");
        live.swapDefault(second, null);
        assertThat(first.closes).isEqualTo(1);
        assertThat(routed.closes).as("the route keeps its model").isZero();

        live.swapDefault(routed, null); // the routed model becomes the default too: still in use
        assertThat(second.closes).isEqualTo(1);
        assertThat(routed.closes).isZero();
        assertThat(live.current().generation()).isEqualTo(3);
    }

    @Test
    void aChallengerIsClosedWhenRemovedButNotWhenOnlyItsShareChanges() {
        SessionEngine champion = new SessionEngine("v1");
        SessionEngine challenger = new SessionEngine("v2");
        LiveModels live = new LiveModels(ModelRouter.single(champion));

        live.challenge(new LiveModels.Challenger(challenger, 0));
        live.challenge(new LiveModels.Challenger(challenger, 0.3));
        assertThat(challenger.closes).as("same engine, new share").isZero();
        live.challenge(null);
        assertThat(challenger.closes).isEqualTo(1);
        assertThat(champion.closes).isZero();
    }
}
