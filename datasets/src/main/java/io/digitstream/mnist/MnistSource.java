package io.digitstream.mnist;

import java.io.IOException;

/** A place MNIST files can be obtained from. */
interface MnistSource {

    /** Names the source in logs and error messages. */
    String description();

    /**
     * Installs {@code file} into {@code cache}, which verifies it; a source may install other files too when that
     * comes at no extra cost.
     */
    void fetch(MnistFile file, MnistCache cache) throws IOException;
}
