package io.digitstream.tools.cli;

import io.digitstream.tools.watch.AfterSend;
import io.digitstream.tools.watch.DropFolderWatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The drop folder options of {@code publish images}: {@code --watch} and what only makes sense with it. */
final class WatchOptions {

    @Option(names = "--watch", description = {"Keep running and publish every new image file that appears in DIR,"
            + " once it has stopped changing; each file once, even across restarts (DIR/.digits-sent remembers"
            + " what was sent). Stop with Ctrl-C."})
    boolean watch;

    @Option(names = "--after-send", paramLabel = "move|keep", converter = LowerCaseEnumConverter.AfterSends.class,
            description = "With --watch: move each sent file to DIR/sent/, or keep it in place, marked as sent in"
                    + " DIR/.digits-sent (default: keep).")
    AfterSend afterSend;

    @Option(names = "--settle", paramLabel = "SECONDS",
            description = "With --watch: publish a file once its size and modification time stayed the same this"
                    + " long, so files still being written are never sent half (default: 1).")
    Double settleSeconds;

    @Option(names = "--rescan", paramLabel = "SECONDS",
            description = "With --watch: list the whole folder this often, for changes the file system did not"
                    + " report (network shares) (default: 10).")
    Double rescanSeconds;

    /** @throws IllegalArgumentException when a drop folder option is given without --watch */
    void checkUsage() {
        if (!watch && (afterSend != null || settleSeconds != null || rescanSeconds != null)) {
            throw new IllegalArgumentException("--after-send, --settle and --rescan need --watch");
        }
    }

    DropFolderWatcher.Settings settings(String source, Path labelsCsv, Pattern labelFromName) {
        return new DropFolderWatcher.Settings(source, new DropFolderWatcher.LabelRule(labelsCsv, labelFromName),
                afterSend == null ? AfterSend.KEEP : afterSend, seconds(settleSeconds, 1), seconds(rescanSeconds, 10));
    }

    private static Duration seconds(Double value, double fallback) {
        return Duration.ofMillis(Math.round((value == null ? fallback : value) * 1000));
    }
}
