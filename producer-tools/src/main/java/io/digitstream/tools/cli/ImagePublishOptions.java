package io.digitstream.tools.cli;

import io.digitstream.progress.ProgressBar;
import io.digitstream.config.Topics;
import io.digitstream.tools.publish.ImagePublisher;
import io.digitstream.tools.publish.LabelMode;
import io.digitstream.progress.ProgressListener;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Options of the commands that publish images: topics, label placement, pace and progress display. */
final class ImagePublishOptions {

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Images topic (default: digits.topic.images from --config or $DIGITS_TOPIC_IMAGES,"
                    + " else digit-images).")
    String topic;

    @Option(names = "--labels-topic", paramLabel = "TOPIC",
            description = "Labels topic for --labels separate (default: digits.topic.labels, else digit-labels).")
    String labelsTopic;

    @Option(names = "--labels", paramLabel = "inline|separate|none", converter = LowerCaseEnumConverter.LabelModes.class,
            description = "Send each label inside its image record, as a LabelEvent on the labels topic after the"
                    + " image, or not at all (default: inline).")
    LabelMode labelMode = LabelMode.INLINE;

    @Option(names = "--rate", paramLabel = "N", description = "Images per second; 0 for as fast as possible (default: 0).")
    double rate;

    @Option(names = "--progress", description = "Show the progress bar even when stderr is not a terminal.")
    boolean progress;

    ImagePublisher open(Properties kafkaProperties, Topics topics) {
        return new ImagePublisher(kafkaProperties, imagesTopic(topics), labelsTopic(topics));
    }

    ProgressListener progressBar(String label) {
        return ProgressBar.onStderr(label, progress);
    }

    /** What was published where, for the command's last line. */
    String summary(int sent, Topics topics) {
        String labels = switch (labelMode) {
            case INLINE -> "labels inline";
            case SEPARATE -> "labels on " + labelsTopic(topics);
            case NONE -> "no labels";
        };
        return "published " + sent + " images to " + imagesTopic(topics) + " (" + labels + ")";
    }

    private String imagesTopic(Topics topics) {
        return topic != null ? topic : topics.images();
    }

    private String labelsTopic(Topics topics) {
        return labelsTopic != null ? labelsTopic : topics.labels();
    }
}
