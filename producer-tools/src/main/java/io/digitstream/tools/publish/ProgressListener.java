package io.digitstream.tools.publish;

/** Told after each record a publisher has handed to Kafka. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (done, total) -> { };

    void progress(long done, long total);
}
