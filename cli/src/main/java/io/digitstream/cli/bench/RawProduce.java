package io.digitstream.cli.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * Writes the record the Java producer refuses to write but other clients can: one with a negative timestamp. One
 * produce request (v12, acks=all) over a plain socket to the partition's leader, built with the client library's own
 * wire classes. For the campaign's single-node PLAINTEXT broker only.
 */
final class RawProduce {

    private static final short VERSION = 12;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private RawProduce() {
    }

    /** @return the record's offset; retriable refusals (a leader not elected yet) are retried for up to 30 s */
    static long send(String bootstrapServer, String topic, int partition, byte[] key, byte[] value, long timestamp)
            throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            ProduceResponseData.PartitionProduceResponse answer = sendOnce(bootstrapServer, topic, partition, key, value,
                    timestamp);
            Errors error = Errors.forCode(answer.errorCode());
            if (error == Errors.NONE) {
                return answer.baseOffset();
            }
            if (!(error.exception() instanceof RetriableException) || System.nanoTime() > deadline) {
                throw new IOException("the broker refused the record: " + error.message()
                        + (answer.errorMessage() == null ? "" : " (" + answer.errorMessage() + ")"));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while retrying a produce request");
            }
        }
    }

    private static ProduceResponseData.PartitionProduceResponse sendOnce(String bootstrapServer, String topic,
            int partition, byte[] key, byte[] value, long timestamp) throws IOException {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(timestamp, key, value));
        ProduceRequestData.TopicProduceData topicData = new ProduceRequestData.TopicProduceData().setName(topic)
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(partition)
                        .setRecords(records)));
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs((int) TIMEOUT.toMillis())
                .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(topicData).iterator()));
        ProduceRequest request = new ProduceRequest.Builder(VERSION, VERSION, data).build(VERSION);
        ByteBuffer bytes = request.serializeWithHeader(new RequestHeader(ApiKeys.PRODUCE, VERSION, "digits-bench-hostile", 1));

        int colon = bootstrapServer.lastIndexOf(':');
        try (Socket socket = new Socket(bootstrapServer.substring(0, colon),
                Integer.parseInt(bootstrapServer.substring(colon + 1)))) {
            socket.setSoTimeout((int) TIMEOUT.toMillis() * 2);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            byte[] body = new byte[bytes.remaining()];
            bytes.get(body);
            out.writeInt(body.length);
            out.write(body);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            ByteBuffer response = ByteBuffer.wrap(in.readNBytes(in.readInt()));
            ResponseHeader.parse(response, ApiKeys.PRODUCE.responseHeaderVersion(VERSION));
            return ProduceResponse.parse(new ByteBufferAccessor(response), VERSION).data().responses().iterator().next()
                    .partitionResponses().get(0);
        }
    }
}
