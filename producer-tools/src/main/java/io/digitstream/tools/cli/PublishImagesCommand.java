package io.digitstream.tools.cli;

import io.digitstream.config.Topics;
import io.digitstream.tools.publish.ImageFolder;
import io.digitstream.tools.publish.ImagePublisher;
import io.digitstream.tools.publish.SkippedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "images", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = KafkaCommand.BAD_INPUT,
        description = {"Publish the PNG and JPEG files of a directory in file name order, each file's bytes as the"
                + " pixels and <source>/<file name> as the id. Formats are recognized by content; other files"
                + " are skipped with a message.",
                "Labels come from DIR/" + ImageFolder.LABELS_FILE + " (header file,label) when present."})
public final class PublishImagesCommand extends KafkaCommand {

    @Parameters(paramLabel = "DIR", description = "Directory of image files.")
    Path dir;

    @Option(names = "--source", description = "Source recorded in each image and id prefix (default: the directory's name).")
    String source;

    @Option(names = "--labels-csv", paramLabel = "CSV",
            description = "Labels by file name (header file,label) instead of DIR/" + ImageFolder.LABELS_FILE + ".")
    Path labelsCsv;

    @Mixin
    ImagePublishOptions publishing;

    public PublishImagesCommand() {
    }

    @Override
    int run(Properties kafkaProperties, Topics topics) throws IOException, InterruptedException {
        ImageFolder folder = ImageFolder.scan(dir, labelsCsv);
        for (SkippedFile skipped : folder.skipped()) {
            err().println("skipping " + skipped.path() + ": " + skipped.reason());
        }
        String imageSource = source != null ? source : defaultSource();
        try (ImagePublisher publisher = publishing.open(kafkaProperties, topics)) {
            int sent = publisher.publishFiles(folder.images(), imageSource, publishing.labelMode, publishing.rate,
                    publishing.progressBar(imageSource));
            out().println(publishing.summary(sent, topics) + ", skipped " + folder.skipped().size() + " files");
        }
        return OK;
    }

    private String defaultSource() {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? "images" : name.toString(); // null only for the file system root
    }
}
