package io.digitstream.classifier.registry;

import io.digitstream.schemas.ModelRelease;
import io.digitstream.schemas.ModelRoles;
import io.digitstream.schemas.serde.ContractSerdes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What the registry topic says, read record by record in offset order: the latest release of each version, the
 * latest roles, and the records that could not be read (a wrong key or contract), which are named, not fatal.
 */
public final class RegistryState {

    private final Map<String, ModelRelease> releases = new LinkedHashMap<>();
    private final List<String> unreadable = new ArrayList<>();
    private ModelRoles roles;
    /** Changes with every record applied, so a follower sees that something changed. */
    private long changes;

    /** Applies one record of the topic; a tombstone removes a release (or the roles). */
    public void apply(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        try {
            if (key.equals(RegistryRecords.ROLES_KEY)) {
                roles = record.value() == null ? null : ContractSerdes.modelRoles().deserialize(record.topic(), record.value());
            } else if (key.startsWith(RegistryRecords.RELEASE_PREFIX)) {
                String version = key.substring(RegistryRecords.RELEASE_PREFIX.length());
                if (record.value() == null) {
                    releases.remove(version);
                } else {
                    ModelRelease release = ContractSerdes.modelRelease().deserialize(record.topic(), record.value());
                    if (!release.getVersion().equals(version)) {
                        unreadable.add("offset " + record.offset() + ": key " + key + " holds version " + release.getVersion());
                    } else {
                        releases.remove(version); // re-published: to the end of the order
                        releases.put(version, release);
                    }
                }
            } else {
                unreadable.add("offset " + record.offset() + ": unknown key '" + key + "'");
            }
        } catch (SerializationException e) {
            unreadable.add("offset " + record.offset() + " (" + key + "): " + e.getMessage());
        }
        changes++;
    }

    /** Releases by version, in the order they were (last) published. */
    public Map<String, ModelRelease> releases() {
        return Collections.unmodifiableMap(releases);
    }

    /** The latest roles, or null when none were ever published. */
    public ModelRoles roles() {
        return roles;
    }

    public List<String> unreadable() {
        return List.copyOf(unreadable);
    }

    long changes() {
        return changes;
    }
}
