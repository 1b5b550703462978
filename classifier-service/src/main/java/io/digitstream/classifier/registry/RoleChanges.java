package io.digitstream.classifier.registry;

import io.digitstream.schemas.ModelRoles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The changes {@code bin/digits models} makes to the roles, each a whole new {@link ModelRoles} (unsigned: the caller
 * signs it) or an {@link IllegalArgumentException} saying why the change is refused. Checked against the releases the
 * registry holds, so a typo cannot make an unknown version the champion.
 */
public final class RoleChanges {

    /** Previous champions kept for rollback: enough for any real sequence of mistakes, bounded so the record is. */
    static final int MAX_HISTORY = 20;

    private final ModelRoles roles;
    private final Set<String> released;
    private final Instant now;

    RoleChanges(ModelRoles roles, Set<String> released, Instant now) {
        this.roles = roles;
        this.released = released;
        this.now = now;
    }

    /** {@code version} serves; the champion it replaces goes to the head of the history. */
    ModelRoles promote(String version) {
        requireServable(version);
        if (version.equals(roles.getChampion())) {
            throw new IllegalArgumentException(version + " is the champion already");
        }
        List<String> history = new ArrayList<>();
        if (roles.getChampion() != null) {
            history.add(roles.getChampion());
        }
        roles.getHistory().stream().filter(v -> !v.equals(version)).forEach(history::add);
        boolean wasChallenger = version.equals(roles.getChallenger());
        return next(version, history.subList(0, Math.min(MAX_HISTORY, history.size())),
                wasChallenger ? null : roles.getChallenger(), wasChallenger ? 0 : roles.getCanaryShare(), roles.getRetired());
    }

    /** The previous champion serves again; the current one stays released (promote it again to undo). */
    ModelRoles rollback() {
        List<String> history = roles.getHistory();
        if (history.isEmpty()) {
            throw new IllegalArgumentException("nothing to roll back to: the champion "
                    + (roles.getChampion() == null ? "was never set" : roles.getChampion() + " has no predecessor"));
        }
        String previous = history.get(0);
        boolean wasChallenger = previous.equals(roles.getChallenger());
        return next(previous, history.subList(1, history.size()), wasChallenger ? null : roles.getChallenger(),
                wasChallenger ? 0 : roles.getCanaryShare(), roles.getRetired());
    }

    /** {@code version} may not serve again: it leaves the history and the challenger role. */
    ModelRoles retire(String version) {
        requireReleased(version);
        if (version.equals(roles.getChampion())) {
            throw new IllegalArgumentException(version + " is the champion: promote another version or roll back first");
        }
        if (roles.getRetired().contains(version)) {
            throw new IllegalArgumentException(version + " is retired already");
        }
        List<String> retired = new ArrayList<>(roles.getRetired());
        retired.add(version);
        List<String> history = roles.getHistory().stream().filter(v -> !v.equals(version)).toList();
        boolean wasChallenger = version.equals(roles.getChallenger());
        return next(roles.getChampion(), history, wasChallenger ? null : roles.getChallenger(),
                wasChallenger ? 0 : roles.getCanaryShare(), retired);
    }

    /** {@code version} is scored beside the champion, deciding {@code canaryShare} of the output (0: shadow only). */
    ModelRoles challenge(String version, double canaryShare) {
        requireServable(version);
        if (version.equals(roles.getChampion())) {
            throw new IllegalArgumentException(version + " is the champion: it cannot also be the challenger");
        }
        if (!(canaryShare >= 0 && canaryShare <= 1)) {
            throw new IllegalArgumentException("canary share " + canaryShare + " is not within 0..1");
        }
        return next(roles.getChampion(), roles.getHistory(), version, canaryShare, roles.getRetired());
    }

    private void requireServable(String version) {
        requireReleased(version);
        if (roles.getRetired().contains(version)) {
            throw new IllegalArgumentException(version + " is retired: publish it again under a new version to serve it");
        }
    }

    private void requireReleased(String version) {
        if (!released.contains(Objects.requireNonNull(version, "version"))) {
            throw new IllegalArgumentException("unknown model version " + version + ": the registry holds "
                    + (released.isEmpty() ? "none" : String.join(", ", released.stream().sorted().toList()))
                    + " (bin/digits models list)");
        }
    }

    private ModelRoles next(String champion, List<String> history, String challenger, double share, List<String> retired) {
        return ModelRoles.newBuilder().setChampion(champion).setHistory(List.copyOf(history)).setChallenger(challenger)
                .setCanaryShare(share).setRetired(List.copyOf(retired)).setUpdatedAt(now).setSignature(null).build();
    }
}
