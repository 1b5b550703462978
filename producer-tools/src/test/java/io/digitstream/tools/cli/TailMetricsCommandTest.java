package io.digitstream.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading a topic is TailTopicCommand's, tested on a broker with the other tails; here: that metrics is one of them. */
class TailMetricsCommandTest {

    @Test
    void isASubcommandOfTailThatReadsTheMetricsTopicByDefault() {
        CommandRun help = CommandRun.execute(new TailCommand(), "metrics", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("live metrics snapshots", "--json", "--from-beginning",
                "the configured metrics topic", "digit-metrics");
    }
}
