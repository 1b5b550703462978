package io.digitstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Any bytes given to a contract's deserializer either decode to a record of that contract, which
 * re-encodes to the same bytes, or fail with a {@link SerializationException} that says why: never
 * another exception, which would escape into the consumer that called it. Regression mode (the default)
 * runs the seeds in {@code SingleObjectSerdeFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class SingleObjectSerdeFuzzTest {

    private static final List<SingleObjectSerde<? extends SpecificRecord>> CONTRACTS = List.of(ContractSerdes.digitImage(),
            ContractSerdes.labelEvent(), ContractSerdes.prediction(), ContractSerdes.deadLetter(),
            ContractSerdes.metricsSnapshot(), ContractSerdes.modelRelease(), ContractSerdes.modelRoles());

    @FuzzTest(maxDuration = "60s")
    void deserializeDecodesOrExplains(byte[] data) {
        for (SingleObjectSerde<? extends SpecificRecord> contract : CONTRACTS) {
            checkDecodesOrExplains(contract, data);
        }
    }

    private static <T extends SpecificRecord> void checkDecodesOrExplains(SingleObjectSerde<T> serde, byte[] data) {
        T record;
        try {
            record = serde.deserialize("fuzz", data);
        } catch (SerializationException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(record).isNotNull();
        // Compared as bytes: a NaN field makes a record unequal to itself.
        byte[] encoded = serde.serialize("fuzz", record);
        assertThat(serde.serialize("fuzz", serde.deserialize("fuzz", encoded))).isEqualTo(encoded);
    }
}
