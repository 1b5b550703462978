package io.digitstream.classifier.http;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict parser the /metrics tests read scrapes with: what it accepts, and that it rejects what Prometheus would. */
class PrometheusSamplesTest {

    @Test
    void readsSamplesLabelsEscapesAndSpecialValues() {
        PrometheusSamples scrape = PrometheusSamples.parse("""
                # HELP a_total Things.
                # TYPE a_total counter
                a_total{topic="x\\"y\\\\z\\nw",source="s"} 3.0
                # TYPE b gauge
                b NaN
                # TYPE h histogram
                h_bucket{le="0.5"} 1
                h_bucket{le="+Inf"} 2
                h_count 2
                h_sum 0.75 1712345678000
                # any other comment
                """);

        assertThat(scrape.value("a_total", "topic", "x\"y\\z\nw", "source", "s")).isEqualTo(3);
        assertThat(scrape.value("b")).isNaN();
        assertThat(scrape.value("h_bucket", "le", "+Inf")).isEqualTo(2);
        assertThat(scrape.sum("h_bucket")).isEqualTo(3);
        assertThat(scrape.types()).containsExactly(entry("a_total", "counter"), entry("b", "gauge"),
                entry("h", "histogram"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "# TYPE a gauge\na 1\na 2\n", // a series twice
        "a 1\n", // no TYPE
        "# TYPE a gauge\n# TYPE a gauge\na 1\n", // typed twice
        "# TYPE a gauge\na{x=\"1\"} one\n", // not a number
        "# TYPE a gauge\na{x=\"a\"b\"} 1\n", // unescaped quote
        "# TYPE a gauge\na{x-y=\"1\"} 1\n", // label name
        "# TYPE a-b gauge\n", // metric name
        "# TYPE a gauge\na{x=\"1\",x=\"2\"} 1\n", // label twice
        "# TYPE a gauge\na_count 1\n", // a gauge has no _count
        "# TYPE a gauge\na  1\n", // two spaces
        "# TYPE a number\n", // type
    })
    void rejectsWhatIsNotTheTextFormat(String text) {
        assertThatThrownBy(() -> PrometheusSamples.parse(text)).isInstanceOf(AssertionError.class);
    }

    @Test
    void aMissingSeriesIsAnAssertionError() {
        PrometheusSamples scrape = PrometheusSamples.parse("# TYPE a gauge\na{x=\"1\"} 1\n");
        assertThatThrownBy(() -> scrape.value("a")).isInstanceOf(AssertionError.class).hasMessageContaining("a{}");
        assertThatThrownBy(() -> scrape.value("a", "x", "2")).isInstanceOf(AssertionError.class);
    }
}
