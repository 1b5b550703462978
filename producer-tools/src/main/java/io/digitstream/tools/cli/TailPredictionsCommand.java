package io.digitstream.tools.cli;

import io.digitstream.config.Topics;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.tools.tail.PredictionFormat;
import picocli.CommandLine.Command;

@Command(name = "predictions", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = KafkaCommand.BAD_INPUT,
        description = {"Print predictions: id, source, digit, confidence, label and whether it matches,"
                + " capture-to-classification latency, model version.",
                "With --json: id, source, digit, confidence, probabilities, modelVersion, captureTime,"
                + " classificationTime (epoch ms), label."})
public final class TailPredictionsCommand extends TailTopicCommand<Prediction> {

    public TailPredictionsCommand() {
        super(Topics::predictions, ContractSerdes.prediction(), new PredictionFormat());
    }
}
