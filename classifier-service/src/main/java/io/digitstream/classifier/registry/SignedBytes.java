package io.digitstream.classifier.registry;

import io.digitstream.schemas.ModelRelease;
import io.digitstream.schemas.ModelRoles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The canonical byte string a registry record's Ed25519 signature covers: a domain tag naming the contract, then
 * every field but the signature in schema order. Text and bytes are a 4-byte big-endian length and the bytes (UTF-8
 * for text), null is the length -1, a list is its size then its items, a time is 8 bytes of epoch milliseconds, a
 * double its 8 IEEE bytes. Written out here rather than taken from the Avro encoding, so a later schema version that
 * adds fields does not change what older signatures cover (docs/registry.md gives the same layout).
 */
final class SignedBytes {

    static final String RELEASE_TAG = "digit-stream ModelRelease v1";
    static final String ROLES_TAG = "digit-stream ModelRoles v1";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    private SignedBytes(String tag) {
        text(tag);
    }

    static byte[] of(ModelRelease release) {
        return new SignedBytes(RELEASE_TAG).text(release.getVersion()).text(release.getSha256())
                .text(release.getMetadataJson()).bytes(release.getModelBytes()).time(release.getPublishedAt().toEpochMilli())
                .text(release.getPublisher()).done();
    }

    static byte[] of(ModelRoles roles) {
        return new SignedBytes(ROLES_TAG).text(roles.getChampion()).list(roles.getHistory()).text(roles.getChallenger())
                .real(roles.getCanaryShare()).list(roles.getRetired()).time(roles.getUpdatedAt().toEpochMilli()).done();
    }

    private SignedBytes text(String text) {
        return text == null ? nothing() : raw(text.getBytes(StandardCharsets.UTF_8));
    }

    private SignedBytes bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return nothing();
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] raw = new byte[copy.remaining()];
        copy.get(raw);
        return raw(raw);
    }

    private SignedBytes list(List<String> items) {
        return io(() -> {
            out.writeInt(items.size());
            items.forEach(this::text);
        });
    }

    private SignedBytes time(long epochMillis) {
        return io(() -> out.writeLong(epochMillis));
    }

    private SignedBytes real(double value) {
        return io(() -> out.writeLong(Double.doubleToLongBits(value)));
    }

    private SignedBytes nothing() {
        return io(() -> out.writeInt(-1));
    }

    private SignedBytes raw(byte[] raw) {
        return io(() -> {
            out.writeInt(raw.length);
            out.write(raw);
        });
    }

    private interface Write {
        void run() throws IOException;
    }

    private SignedBytes io(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return this;
    }

    private byte[] done() {
        return bytes.toByteArray();
    }
}
