package io.digitstream.synthetic;

import java.io.IOException;
import java.nio.file.Path;

/** Where missing pinned photographs come from; tests substitute their own. */
interface TextureSource {

    String description();

    /**
     * Makes the photographs available as files named as in {@link SkimagePhotographs}.
     *
     * @param workDir an empty scratch directory, deleted afterwards
     * @return the directory holding them (inside {@code workDir}, or an existing read-only one)
     */
    Path fetch(Path workDir) throws IOException;
}
