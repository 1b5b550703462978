package io.digitstream.classifier.service;

import io.digitstream.classifier.stream.ClassifierTopology;
import io.digitstream.config.ConfigKey;
import io.digitstream.config.LayeredConfig;
import io.digitstream.config.Topics;
import java.nio.file.Path;
import java.util.List;

/**
 * A challenger scored beside the default model from the start ({@code digits.model.challenger}), and where the
 * predictions that are not the output go. The model registry installs challengers while the service runs; this
 * one is for a deployment without it, or until it announces another.
 *
 * @param model       the challenger's model file, or null for none
 * @param canaryShare the share of images whose output is the challenger's prediction; 0 for shadow only
 * @param shadowTopic the topic of the predictions that are not the output
 */
public record ChallengerConfig(Path model, double canaryShare, String shadowTopic) {

    public static final ConfigKey<String> MODEL = ConfigKey.text("digits.model.challenger", "",
            "a model scored beside the default one on every image it classifies (loaded and opened like it);"
                    + " empty for none");
    public static final ConfigKey<Double> CANARY_SHARE = ConfigKey.decimal("digits.model.challenger.canary.share", 0.0,
            0, 1, "share of images (chosen by a hash of the image id) whose output is the challenger's prediction;"
                    + " 0: shadow only");
    public static final ConfigKey<String> SHADOW_TOPIC = ConfigKey.text("digits.topic.predictions.shadow", null,
            "the predictions of each image that are not its output (the challenger's in shadow mode)")
            .derivedDefault("`<digits.topic.predictions>-shadow` (`digit-predictions-shadow`)");

    public static final List<ConfigKey<?>> KEYS = List.of(MODEL, CANARY_SHARE, SHADOW_TOPIC);

    public static ChallengerConfig from(LayeredConfig config, Topics topics) {
        String model = MODEL.get(config).strip();
        return new ChallengerConfig(model.isEmpty() ? null : Path.of(model), CANARY_SHARE.get(config),
                SHADOW_TOPIC.find(config).filter(name -> !name.isBlank()).orElse(ClassifierTopology.shadowTopic(topics)));
    }
}
