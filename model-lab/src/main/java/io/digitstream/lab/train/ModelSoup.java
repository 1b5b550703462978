package io.digitstream.lab.train;

import io.digitstream.command.OutputException;
import io.digitstream.model.Calibration;
import io.digitstream.model.DigitModel;
import io.digitstream.model.ModelMetadata;
import io.digitstream.model.ModelMetadata.Ingredient;
import io.digitstream.model.NativeBackend;
import io.digitstream.model.NormalizedDataset;
import io.digitstream.model.TrainingParameters;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model soup (Wortsman et al., 2022): one network whose weights are the uniform average of several networks
 * fine-tuned from one model. Networks that start from one model stay in one basin of the loss, so their average
 * classifies at least about as well as each and often better, at the inference cost of one; networks trained apart
 * have their units in unrelated orders, and their average is noise, so a soup refuses them. The ingredients must also
 * hold out one validation split (the same mix and size; which images it holds does not depend on the seed,
 * {@link Trainer#SPLIT_SEED}), so the soup keeps images that none of them trained on to calibrate against. Ingredients
 * trained with different seeds differ most (their images are drawn and augmented differently), and average best. Batch-norm statistics are parameters in DL4J and are averaged with the rest.
 */
public final class ModelSoup {

    private final List<DigitModel> ingredients;

    /**
     * @throws IllegalArgumentException for fewer than two ingredients, ingredients of different networks, not
     *     fine-tuned from one model, or holding out different validation images
     */
    public ModelSoup(List<DigitModel> ingredients) {
        if (ingredients.size() < 2) {
            throw new IllegalArgumentException("a soup averages two models or more, not " + ingredients.size());
        }
        this.ingredients = List.copyOf(ingredients);
        DigitModel first = ingredients.get(0);
        for (DigitModel ingredient : ingredients) {
            if (!ingredient.metadata().architecture().equals(first.metadata().architecture())
                    || ingredient.network().numParams() != first.network().numParams()) {
                throw new IllegalArgumentException("a soup averages one network: " + ingredient.version() + " is "
                        + ingredient.metadata().architecture() + " with " + ingredient.network().numParams()
                        + " parameters, " + first.version() + " " + first.metadata().architecture() + " with "
                        + first.network().numParams());
            }
            TrainingParameters p = ingredient.metadata().parameters();
            TrainingParameters q = first.metadata().parameters();
            if (p.validationImages() != q.validationImages() || !p.mix().equals(q.mix())) {
                throw new IllegalArgumentException("the ingredients hold out different validation images: "
                        + ingredient.version() + " " + p.validationImages() + " of " + p.mix() + ", " + first.version()
                        + " " + q.validationImages() + " of " + q.mix() + " (train them with one --validation and --mix)");
            }
        }
        start(); // refuses ingredients that did not start from one model
    }

    /**
     * The model every ingredient was fine-tuned from, or is itself (as {@code initFrom} names it: version and
     * SHA-256).
     */
    public String start() {
        Set<String> candidates = new LinkedHashSet<>();
        for (DigitModel ingredient : ingredients) {
            candidates.add(identity(ingredient));
            if (ingredient.metadata().parameters().initFrom() != null) {
                candidates.add(ingredient.metadata().parameters().initFrom());
            }
        }
        for (String candidate : candidates) {
            if (ingredients.stream().allMatch(i -> candidate.equals(identity(i))
                    || candidate.equals(i.metadata().parameters().initFrom()))) {
                return candidate;
            }
        }
        List<String> starts = ingredients.stream().map(i -> i.version() + " from "
                + (i.metadata().parameters().initFrom() == null ? "scratch" : i.metadata().parameters().initFrom())).toList();
        throw new IllegalArgumentException("a soup averages models fine-tuned from one model, and that model: "
                + String.join("; ", starts));
    }

    /** The averaged network; the ingredients are left as they are. */
    public MultiLayerNetwork average() {
        NativeBackend.init();
        MultiLayerNetwork soup = ingredients.get(0).network().clone();
        INDArray sum = soup.params().dup();
        for (DigitModel ingredient : ingredients.subList(1, ingredients.size())) {
            sum.addi(ingredient.network().params());
        }
        soup.setParams(sum.divi(ingredients.size()));
        return soup;
    }

    /**
     * Averages the ingredients, scores the soup on {@code test}, fits its temperature on {@code heldOut} (the
     * ingredients' validation split) and writes it with its metadata to {@code output}.
     */
    public DigitModel write(NormalizedDataset heldOut, NormalizedDataset test, String reproduce, Path output,
            PrintStream out) throws IOException {
        MultiLayerNetwork network = average();
        ModelMetadata base = ingredients.get(0).metadata();
        for (DigitModel ingredient : ingredients) {
            out.printf("%s: test accuracy %.4f%n", ingredient.version(), Trainer.accuracy(ingredient.network(), test));
        }
        double testAccuracy = Trainer.accuracy(network, test);
        out.printf("soup of %d: test accuracy %.4f%n", ingredients.size(), testAccuracy);
        Calibration calibration = HeldOutCalibration.fit(new DigitModel(network, null), heldOut,
                HeldOutCalibration.describe(base.parameters(), heldOut.size()));
        out.printf("calibration: temperature %.3f (validation negative log-likelihood %.4f -> %.4f)%n",
                calibration.temperature(), calibration.nllBefore(), calibration.nllAfter());
        OutputException.writing(output, () -> {
            Files.createDirectories(output.toAbsolutePath().getParent());
            ModelSerializer.writeModel(network, output.toFile(), false);
        });
        List<Ingredient> soupOf = new ArrayList<>();
        double trainingSeconds = 0;
        for (DigitModel ingredient : ingredients) {
            soupOf.add(new Ingredient(ingredient.version(), ingredient.metadata().modelSha256(),
                    ingredient.metadata().reproduce()));
            trainingSeconds += ingredient.metadata().trainingSeconds();
        }
        Instant now = Instant.now();
        ModelMetadata metadata = new ModelMetadata(
                Trainer.versionPrefix(output) + "-" + now.toString().replaceAll("[^0-9]", "").substring(0, 12),
                now.toString(), base.architecture(), network.numParams(), base.parameters(), base.dataMd5(),
                base.trainImages(), 0, List.of(), testAccuracy, trainingSeconds, 0, null, base.oneDnn(), reproduce,
                DigitModel.sha256(output), null, calibration, null, soupOf);
        metadata.write(output);
        return new DigitModel(network, metadata);
    }

    /** How a fine-tuned model's {@code initFrom} names the model it started from. */
    static String identity(DigitModel model) {
        return model.version() + " (sha256 " + model.metadata().modelSha256() + ")";
    }
}
