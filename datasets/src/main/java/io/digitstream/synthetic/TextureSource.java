package io.digitstream.synthetic;

import io.digitstream.debian.PinnedFiles;

/** Where missing pinned photographs come from, as files named as in {@link SkimagePhotographs}; tests substitute their own. */
interface TextureSource extends PinnedFiles.Source {
}
