package io.digitstream.fetch;

import java.io.IOException;

/**
 * Data the project fetches at run time (MNIST, pinned Debian files) could not be obtained: every source failed, or
 * what came did not have its pinned checksum. The environment is at fault (no network, registry, mirror or tool),
 * not the user's input, so commands report it as "unavailable" rather than "bad input".
 */
public class DownloadFailedException extends IOException {

    public DownloadFailedException(String message) {
        super(message);
    }

    public DownloadFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
