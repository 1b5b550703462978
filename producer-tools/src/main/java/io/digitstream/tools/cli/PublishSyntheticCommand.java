package io.digitstream.tools.cli;

import io.digitstream.config.Topics;
import io.digitstream.idx.LabeledImages;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.synthetic.SyntheticDigits;
import io.digitstream.synthetic.Textures;
import io.digitstream.synthetic.Variant;
import io.digitstream.tools.publish.ImagePublisher;
import java.io.IOException;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@Command(name = "synthetic", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = KafkaCommand.BAD_INPUT,
        description = {"Publish noisy digits generated from MNIST test, keyed by id (notebook-00042, ...): the"
                + " Larochelle et al. (2007) variants back-rand, back-image, rot and rot-back-image as 28x28 GRAY8,"
                + " or notebook: dark ink on plain, ruled or squared paper, blurred, unevenly lit and noisy, as"
                + " color PNG/JPEG.",
                "The same --seed always generates the same images. back-image backgrounds are the test-set"
                + " photographs (see $DIGITS_TEXTURES_DIR), never the ones train uses."})
public final class PublishSyntheticCommand extends KafkaCommand {

    @Option(names = "--variant", required = true, paramLabel = "NAME", converter = VariantConverter.class,
            description = "back-rand, back-image, rot, rot-back-image or notebook.")
    Variant variant;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = SyntheticDigits.DEFAULT_SEED;

    @Option(names = "--source", description = "Source recorded in each image (default: the variant's name).")
    String source;

    @Mixin
    MnistSubset mnist;

    @Mixin
    ImagePublishOptions publishing;

    public PublishSyntheticCommand() {
    }

    @Override
    int run(Properties kafkaProperties, Topics topics) throws IOException, InterruptedException {
        mnist.checkLimit();
        // Backgrounds first: a missing apt-get fails before anything is downloaded or sent.
        Textures textures = variant.needsTextures() ? Textures.fetch().testSet() : null;
        LabeledImages images = mnist.load(MnistDataset::test);
        SyntheticDigits generator = SyntheticDigits.of(variant, textures);
        if (textures != null) {
            out().println("backgrounds: " + textures.describe());
        }
        try (ImagePublisher publisher = publishing.open(kafkaProperties, topics)) {
            int sent = publisher.publishSynthetic(generator, images, seed, source == null ? variant.id() : source,
                    variant.id(), publishing.labelMode, publishing.rate, publishing.progressBar(variant.id()));
            out().println(publishing.summary(sent, topics));
        }
        return OK;
    }

    /** Variant ids as the usage text writes them; an unknown one lists the known ones. */
    static final class VariantConverter implements ITypeConverter<Variant> {
        @Override
        public Variant convert(String value) {
            try {
                return Variant.byId(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not one of " + Variant.ids());
            }
        }
    }
}
