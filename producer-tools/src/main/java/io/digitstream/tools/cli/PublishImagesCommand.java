package io.digitstream.tools.cli;

import io.digitstream.config.Topics;
import io.digitstream.imagefolder.FileLabels;
import io.digitstream.imagefolder.ImageFile;
import io.digitstream.imagefolder.ImageFolder;
import io.digitstream.tools.publish.ImagePublisher;
import io.digitstream.imagefolder.SkippedFile;
import io.digitstream.tools.watch.DropFolderWatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "images", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = KafkaCommand.BAD_INPUT,
        description = {"Publish the image files of a directory in file name order, with <source>/<file name> as the"
                + " id: PNG and JPEG as they are, BMP, TIFF and GIF (first frame) converted to PNG. Formats are"
                + " recognized by content; other files are skipped with a message, hidden files ignored.",
                "Labels come from DIR/" + ImageFolder.LABELS_FILE + " (header file,label) when present, else from"
                + " --label-from-name.",
                "With --watch, DIR is a scanner's drop folder: new files are published as they appear."})
public final class PublishImagesCommand extends KafkaCommand {

    @Parameters(paramLabel = "DIR", description = "Directory of image files.")
    Path dir;

    @Option(names = "--source", description = "Source recorded in each image and id prefix (default: the directory's name).")
    String source;

    @Option(names = "--labels-csv", paramLabel = "CSV",
            description = "Labels by file name (header file,label) instead of DIR/" + ImageFolder.LABELS_FILE + ".")
    Path labelsCsv;

    @Option(names = "--label-from-name", paramLabel = "REGEX",
            description = "Labels the files the CSV does not list by their name: a regular expression the whole name"
                    + " must match, whose group 'label' is the digit, e.g. '(?<label>\\d)_.*\\.png'.")
    Pattern labelFromName;

    @Mixin
    ImagePublishOptions publishing;

    @Mixin
    WatchOptions watching;

    public PublishImagesCommand() {
    }

    @Override
    int run(Properties kafkaProperties, Topics topics) throws IOException, InterruptedException {
        watching.checkUsage();
        String imageSource = source != null ? source : defaultSource();
        if (watching.watch) {
            return watch(kafkaProperties, topics, imageSource);
        }
        ImageFolder folder = ImageFolder.scan(dir, FileLabels.of(dir, labelsCsv, labelFromName));
        for (SkippedFile skipped : folder.skipped()) {
            err().println("skipping " + skipped.path() + ": " + skipped.reason());
        }
        try (ImagePublisher publisher = publishing.open(kafkaProperties, topics)) {
            ImagePublisher.FilesSent sent = publisher.publishFiles(folder.images(), imageSource, publishing.labelMode,
                    publishing.rate, publishing.progressBar(imageSource));
            for (ImagePublisher.Refused refused : sent.tooLarge()) {
                err().println("refused " + refused.file().path() + ": too large for one Kafka record ("
                        + java.nio.file.Files.size(refused.file().path()) + " bytes): " + refused.reason());
            }
            out().println(publishing.summary(sent.sent(), topics) + ", skipped " + folder.skipped().size() + " files"
                    + (sent.tooLarge().isEmpty() ? "" : ", refused " + sent.tooLarge().size() + " too large"));
            // The others were sent; the exit status still tells a script that some files were not.
            return sent.tooLarge().isEmpty() ? OK : BAD_INPUT;
        }
    }

    /** Runs until Ctrl-C (or SIGTERM), which lets the batch in hand finish and be logged as sent. */
    private int watch(Properties kafkaProperties, Topics topics, String imageSource) throws IOException,
            InterruptedException {
        try (ImagePublisher publisher = publishing.open(kafkaProperties, topics)) {
            DropFolderWatcher watcher = new DropFolderWatcher(dir, watching.settings(imageSource, labelsCsv, labelFromName),
                    publisher, new DropFolderWatcher.PublishPace(publishing.labelMode, publishing.rate), new Report());
            Thread stopper = new Thread(() -> {
                watcher.stop();
                try {
                    watcher.awaitFinished(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "digits-watch-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            err().println("watching " + dir + " as source " + imageSource + "; Ctrl-C to stop");
            try {
                watcher.run();
            } finally {
                removeShutdownHook(stopper);
            }
        }
        return OK;
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running, or has run
        }
    }

    /** One line per file sent on stdout; skipped files and warnings on stderr. */
    private final class Report implements DropFolderWatcher.Events {
        @Override
        public void sent(ImageFile file, String id) {
            out().println("sent " + file.path().getFileName() + " as " + id
                    + (file.label() == null ? "" : " (label " + file.label() + ")"));
        }

        @Override
        public void skipped(SkippedFile file) {
            err().println("skipping " + file.path() + ": " + file.reason());
        }

        @Override
        public void warning(String message) {
            err().println("warning: " + message);
        }
    }

    private String defaultSource() {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? "images" : name.toString(); // null only for the file system root
    }
}
