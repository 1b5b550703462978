package io.digitstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.config.Topics;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.testing.MnistFixture;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The catalogue of {@code bench hostile}: every kind is made, each limit exactly at limit − 1, limit and limit + 1. */
class HostileRecordsTest {

    private static final Topics TOPICS = Topics.withPrefix("t");

    @Test
    void makesEveryKindWithItsLimitsExactlyAtTheBoundary() throws Exception {
        HostileRecords records = new HostileRecords(MnistFixture.test500(), TOPICS, 1);
        Map<HostileKind, HostileRecords.Outgoing> made = new EnumMap<>(HostileKind.class);
        records.good(0);
        int n = 1;
        for (HostileKind kind : HostileKind.values()) {
            made.put(kind, records.hostile(kind, n++));
        }

        assertThat(made).hasSizeGreaterThanOrEqualTo(30);
        made.forEach((kind, record) -> assertThat(record.topic()).as("%s", kind)
                .isEqualTo(switch (kind.target) {
                    case IMAGES -> TOPICS.images();
                    case LABELS -> TOPICS.labels();
                    case PREDICTIONS -> TOPICS.predictions();
                    case DEAD_LETTERS -> TOPICS.deadLetters();
                }));
        int limit = HostileRecords.MAX_REQUEST_SIZE;
        assertThat(made.get(HostileKind.VALUE_1MIB_MINUS_1).value()).hasSize(limit - 1);
        assertThat(made.get(HostileKind.VALUE_1MIB).value()).hasSize(limit);
        assertThat(made.get(HostileKind.VALUE_1MIB_PLUS_1).value()).hasSize(limit + 1);
        assertThat(made.get(HostileKind.GZIP_1MIB_PLUS_1).value()).hasSize(limit + 1);
        assertThat(made.get(HostileKind.GZIP_1MIB_PLUS_1).kind().compressed()).isTrue();
        assertThat(made.get(HostileKind.VALUE_1MIB).kind().compressed()).isFalse();
        DigitImage nearLimit = image(made.get(HostileKind.VALUE_1MIB));
        assertThat(nearLimit.getLabel()).as("a real, labeled digit").isBetween(0, 9);

        int utf = HostileRecords.WRITE_UTF_LIMIT;
        assertThat(image(made.get(HostileKind.ID_65535_BYTES)).getId().getBytes(StandardCharsets.UTF_8)).hasSize(utf);
        assertThat(image(made.get(HostileKind.ID_65537_BYTES)).getId().getBytes(StandardCharsets.UTF_8)).hasSize(utf + 2);
        assertThat(made.get(HostileKind.ID_65536_BYTES).key()).hasSize(utf + 1);
        assertThat(image(made.get(HostileKind.SOURCE_65536_BYTES)).getSource().getBytes(StandardCharsets.UTF_8))
                .hasSize(utf + 1);
        assertThat(image(made.get(HostileKind.PNG_4097_WIDE)).getWidth()).isEqualTo(HostileRecords.MAX_SIDE + 1);
        assertThat(image(made.get(HostileKind.PNG_4095_WIDE)).getWidth()).isEqualTo(HostileRecords.MAX_SIDE - 1);
        assertThat(made.get(HostileKind.TIMESTAMP_NEGATIVE).timestamp()).isNegative();
        assertThat(made.get(HostileKind.TOMBSTONE).value()).isNull();
        assertThat(made.get(HostileKind.KEYLESS_GARBAGE).key()).isNull();
        assertThat(new String(made.get(HostileKind.RESENT_ID).key(), StandardCharsets.UTF_8)).isEqualTo("good-000000000");
    }

    @Test
    void aScheduleHasEveryKindOncePerRoundAndSpreadsTheGoodImages() {
        int round = HostileKind.values().length * 3 - (int) java.util.Arrays.stream(HostileKind.values())
                .filter(kind -> kind.heavy).count() * 2;
        List<HostileKind> schedule = HostileBenchmark.schedule(java.util.EnumSet.allOf(HostileKind.class), round, 100,
                new SplittableRandom(3));

        assertThat(schedule).hasSize(round + 100);
        assertThat(schedule.stream().filter(Objects::isNull)).hasSize(100);
        assertThat(schedule).containsAll(List.of(HostileKind.values()));
        assertThat(schedule.stream().filter(kind -> kind == HostileKind.GARBAGE)).hasSize(3);
        assertThat(schedule.stream().filter(kind -> kind == HostileKind.VALUE_1MIB)).hasSize(1);
        assertThat(schedule.subList(0, schedule.size() / 2).stream().filter(Objects::isNull)).hasSizeBetween(49, 51);
    }

    @Test
    void selectsKindsByNameOrTopicAndLeavesOut() {
        assertThat(HostileKind.select(List.of())).containsExactly(HostileKind.values());
        assertThat(HostileKind.select(List.of("labels"))).allSatisfy(kind ->
                assertThat(kind.target).isEqualTo(HostileKind.Target.LABELS)).isNotEmpty();
        assertThat(HostileKind.select(List.of("-dead-letters", "-value-1mib")))
                .doesNotContain(HostileKind.VALUE_1MIB, HostileKind.DEAD_LETTERS_GARBAGE).contains(HostileKind.VALUE_1MIB_PLUS_1);
        assertThatThrownBy(() -> HostileKind.select(List.of("nope"))).hasMessageContaining("nope");
    }

    private static DigitImage image(HostileRecords.Outgoing record) {
        return ContractSerdes.digitImage().deserialize("", record.value());
    }
}
