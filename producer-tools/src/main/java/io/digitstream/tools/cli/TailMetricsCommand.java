package io.digitstream.tools.cli;

import io.digitstream.config.Topics;
import io.digitstream.schemas.MetricsSnapshot;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.tools.tail.MetricsSnapshotFormat;
import picocli.CommandLine.Command;

@Command(name = "metrics", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = KafkaCommand.BAD_INPUT,
        description = {"Print the service's live metrics snapshots as they are published: source (* = all), window"
                + " (time: start and length; count: the last N labeled predictions), labeled count, accuracy, macro F1,"
                + " kappa, unlabeled predictions and dead letters.",
                "With --json: also per-class precision, recall and F1, the confusion matrix (rows true labels),"
                + " latency, and times as epoch ms."})
public final class TailMetricsCommand extends TailTopicCommand<MetricsSnapshot> {

    public TailMetricsCommand() {
        super(Topics::metrics, ContractSerdes.metricsSnapshot(), new MetricsSnapshotFormat());
    }
}
