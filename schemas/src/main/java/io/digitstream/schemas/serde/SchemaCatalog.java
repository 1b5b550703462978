package io.digitstream.schemas.serde;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * The writer schemas a reader of one contract accepts: its current version plus the earlier versions
 * kept under {@code io/digitstream/schemas/history/} (listed in its {@code index.txt}). Single-object
 * encoding puts the writer schema's fingerprint in each message; the decoder looks the fingerprint up
 * here and resolves the old writer schema against the current reader schema, so records written by
 * older producers stay readable. When a contract changes, copy its previous .avsc into the history
 * folder. A catalog holds one contract only, so a message of another contract is reported as such.
 */
public final class SchemaCatalog implements SchemaStore {

    private static final String HISTORY = "/io/digitstream/schemas/history/";

    private static final List<Schema> BUNDLED_HISTORY = historicalSchemas();

    private final Schema current;
    private final SchemaStore.Cache cache = new SchemaStore.Cache();
    private final List<Schema> schemas = new ArrayList<>();

    /** The current version of a contract plus those of the given earlier schemas that share its name. */
    public SchemaCatalog(Schema current, List<Schema> earlierVersions) {
        this.current = current;
        add(current);
        earlierVersions.stream().filter(s -> s.getFullName().equals(current.getFullName())).forEach(this::add);
    }

    /** The catalog of this build for one contract: its current version and its bundled history. */
    public static SchemaCatalog forContract(Schema current) {
        return new SchemaCatalog(current, BUNDLED_HISTORY);
    }

    private void add(Schema schema) {
        cache.addSchema(schema);
        schemas.add(schema);
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return cache.findByFingerprint(fingerprint);
    }

    public String contractName() {
        return current.getName();
    }

    /** All known schemas, for diagnostics (e.g. listing fingerprints in error messages or docs). */
    public List<Schema> schemas() {
        return List.copyOf(schemas);
    }

    /** The 64-bit CRC-64-AVRO fingerprint that single-object encoding writes, as a hex string. */
    public static String fingerprintHex(Schema schema) {
        return String.format("%016x", SchemaNormalization.parsingFingerprint64(schema));
    }

    private static List<Schema> historicalSchemas() {
        List<Schema> result = new ArrayList<>();
        try (InputStream index = SchemaCatalog.class.getResourceAsStream(HISTORY + "index.txt")) {
            if (index == null) {
                return result;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try (InputStream avsc = SchemaCatalog.class.getResourceAsStream(HISTORY + name)) {
                    if (avsc == null) {
                        throw new IllegalStateException("schema history lists " + name + " but it is not bundled");
                    }
                    result.add(new Schema.Parser().parse(avsc));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled schema history", e);
        }
        return result;
    }
}
