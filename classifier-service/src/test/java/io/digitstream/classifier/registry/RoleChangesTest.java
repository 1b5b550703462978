package io.digitstream.classifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.schemas.ModelRoles;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Promote, rollback, retire and challenge: what each makes of the roles, and what each refuses. */
class RoleChangesTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final Set<String> RELEASED = Set.of("a", "b", "c");

    private static RoleChanges changes(ModelRoles roles) {
        return new RoleChanges(roles, RELEASED, NOW);
    }

    private static ModelRoles empty() {
        return RegistryRecords.emptyRoles(NOW);
    }

    @Test
    void promoteKeepsThePreviousChampionsForRollback() {
        ModelRoles a = changes(empty()).promote("a");
        assertThat(a.getChampion()).isEqualTo("a");
        assertThat(a.getHistory()).isEmpty();
        ModelRoles b = changes(a).promote("b");
        ModelRoles c = changes(b).promote("c");
        assertThat(c.getChampion()).isEqualTo("c");
        assertThat(c.getHistory()).containsExactly("b", "a");

        ModelRoles back = changes(c).rollback();
        assertThat(back.getChampion()).isEqualTo("b");
        assertThat(back.getHistory()).containsExactly("a");
        ModelRoles first = changes(back).rollback();
        assertThat(first.getChampion()).isEqualTo("a");
        assertThat(first.getHistory()).isEmpty();
        assertThat(first.getUpdatedAt()).isEqualTo(NOW);
        assertThat(first.getSignature()).isNull();
    }

    @Test
    void refusesUnknownVersionsRollbackWithoutHistoryAndRetiringTheChampion() {
        assertThatThrownBy(() -> changes(empty()).promote("zzz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown model version zzz").hasMessageContaining("a, b, c");
        assertThatThrownBy(() -> changes(empty()).rollback()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing to roll back to");
        ModelRoles a = changes(empty()).promote("a");
        assertThatThrownBy(() -> changes(a).rollback()).hasMessageContaining("a has no predecessor");
        assertThatThrownBy(() -> changes(a).retire("a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a is the champion");
        assertThatThrownBy(() -> changes(a).retire("zzz")).hasMessageContaining("unknown model version zzz");
        assertThatThrownBy(() -> changes(a).promote("a")).hasMessageContaining("champion already");
    }

    @Test
    void aRetiredVersionLeavesTheHistoryAndCannotServeAgain() {
        ModelRoles c = changes(changes(changes(empty()).promote("a")).promote("b")).promote("c");
        ModelRoles retired = changes(c).retire("b");
        assertThat(retired.getRetired()).containsExactly("b");
        assertThat(retired.getHistory()).containsExactly("a");
        assertThat(changes(retired).rollback().getChampion()).as("rollback skips the retired version").isEqualTo("a");
        assertThatThrownBy(() -> changes(retired).promote("b")).hasMessageContaining("b is retired");
        assertThatThrownBy(() -> changes(retired).challenge("b", 0)).hasMessageContaining("b is retired");
        assertThatThrownBy(() -> changes(retired).retire("b")).hasMessageContaining("retired already");
    }

    @Test
    void aChallengerPromotedLeavesTheChallengerRole() {
        ModelRoles a = changes(empty()).promote("a");
        ModelRoles challenged = changes(a).challenge("b", 0.25);
        assertThat(challenged.getChallenger()).isEqualTo("b");
        assertThat(challenged.getCanaryShare()).isEqualTo(0.25);
        ModelRoles promoted = changes(challenged).promote("b");
        assertThat(promoted.getChampion()).isEqualTo("b");
        assertThat(promoted.getChallenger()).isNull();
        assertThat(promoted.getCanaryShare()).isZero();
        assertThatThrownBy(() -> changes(a).challenge("a", 0)).hasMessageContaining("a is the champion");
        for (double share : new double[] {-0.01, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> changes(a).challenge("b", share)).hasMessageContaining("not within 0..1");
        }
        assertThat(changes(a).challenge("b", 1).getCanaryShare()).isEqualTo(1);
    }

    @Test
    void theHistoryKeepsAtMostItsLimit() { // limit - 1, limit and limit + 1 earlier champions along the way
        List<String> versions = IntStream.rangeClosed(0, RoleChanges.MAX_HISTORY + 1).mapToObj(i -> "v" + i).toList();
        ModelRoles roles = empty();
        for (int i = 0; i < versions.size(); i++) {
            roles = new RoleChanges(roles, Set.copyOf(versions), NOW).promote(versions.get(i));
            // after promoting v(i), the earlier champions v(i-1)..v0 are the history: i of them, up to the limit
            assertThat(roles.getHistory()).as("history after %d promotions", i + 1)
                    .hasSize(Math.min(i, RoleChanges.MAX_HISTORY));
        }
        assertThat(roles.getHistory()).hasSize(RoleChanges.MAX_HISTORY).startsWith("v20").endsWith("v1");
    }
}
