package io.digitstream.progress;

/** Told after each unit of work: a record published, an image trained on. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (done, total) -> { };

    void progress(long done, long total);
}
