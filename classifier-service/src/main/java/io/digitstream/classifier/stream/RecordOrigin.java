package io.digitstream.classifier.stream;

/** Where an input record came from, for dead letters that point back to it. */
public record RecordOrigin(String topic, int partition, long offset) {

    public static final RecordOrigin UNKNOWN = new RecordOrigin("", -1, -1);
}
