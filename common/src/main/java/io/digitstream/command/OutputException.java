package io.digitstream.command;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A command could not write its output (a model, a report, a results file): a full disk, a read-only or missing
 * directory. Commands exit with {@link ExitCodes#OUTPUT}, not as if their input were bad.
 */
public class OutputException extends IOException {

    public OutputException(Path file, IOException cause) {
        super("cannot write " + file + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage()), cause);
    }

    /** Runs {@code write}, which writes {@code file}, turning its failure into an {@link OutputException}. */
    public static void writing(Path file, Write write) throws OutputException {
        try {
            write.run();
        } catch (OutputException e) {
            throw e;
        } catch (IOException e) {
            throw new OutputException(file, e);
        }
    }

    /** Writes a file. */
    @FunctionalInterface
    public interface Write {
        void run() throws IOException;
    }
}
