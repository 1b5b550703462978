package io.digitstream.lab.cli;

import io.digitstream.lab.evaluate.DriftReferences;
import io.digitstream.lab.train.HeldOutCalibration;
import io.digitstream.lab.train.MixedDataset;
import io.digitstream.lab.train.ModelSoup;
import io.digitstream.lab.train.TrainingMix;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistFetcher;
import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.synthetic.SyntheticDigits;
import io.digitstream.synthetic.Textures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "soup", mixinStandardHelpOptions = true,
        description = "Average the weights of models fine-tuned from one model (a model soup): one network, the"
                + " inference cost of one. The models must share the network, the model they started from (which may be"
                + " one of them) and their held-out validation split (--validation and --mix of `train`); the soup is"
                + " scored on MNIST test mixed as the first model's training was, calibrated on that split, and written"
                + " with its metadata (each ingredient's version, SHA-256 and reproduce command).")
public final class SoupCommand implements Callable<Integer> {

    @Option(names = "--models", required = true, split = ",", paramLabel = "MODEL",
            description = "The models to average, at least two (the first one's training parameters describe the soup).")
    List<Path> models;

    @Option(names = "--output", required = true, description = "Model file to write (its metadata beside it).")
    Path output;

    @Option(names = "--data-dir", description = "MNIST cache directory (default: $DIGITS_DATA_DIR or ~/.cache/digit-stream/mnist).")
    Path dataDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<DigitModel> ingredients = new ArrayList<>();
        for (Path model : models) {
            ingredients.add(DigitModel.load(model));
        }
        ModelSoup soup;
        try {
            soup = new ModelSoup(ingredients);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        MnistFetcher fetcher = dataDir == null ? MnistFetcher.withDefaults() : new MnistFetcher(dataDir);
        DigitModel first = ingredients.get(0);
        TrainingMix mix = TrainingMix.parse(first.metadata().parameters().mix());
        Textures textures = mix.needsTextures() ? Textures.fetch() : null;
        System.out.printf("preparing %s through the stream's preprocessing...%n", mix.describe());
        NormalizedDataset heldOut = HeldOutCalibration.validationSplit(first, fetcher, textures);
        NormalizedDataset test = MixedDataset.build(MnistDataset.test(fetcher), mix,
                textures == null ? null : textures.testSet(), SyntheticDigits.DEFAULT_SEED);
        String reproduce = "bin/digits soup --models "
                + models.stream().map(Path::toString).collect(Collectors.joining(",")) + " --output " + output;
        DigitModel model = soup.write(heldOut, test, reproduce, output, System.out);
        DriftReferences.updateDefault(output, model, fetcher);
        System.out.printf("wrote %s (test accuracy %.4f) and %s%n", output, model.metadata().testAccuracy(),
                ModelMetadata.pathFor(output));
        return 0;
    }
}
