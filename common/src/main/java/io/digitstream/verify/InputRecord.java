package io.digitstream.verify;

/**
 * One record of the images topic: where it sits in Kafka, and the id its outputs carry (see {@link InputIds}).
 * Two records may share an id (a producer that sends an image again); they never share a position.
 */
public record InputRecord(String topic, int partition, long offset, String id) {
}
