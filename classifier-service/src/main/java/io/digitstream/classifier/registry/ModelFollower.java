package io.digitstream.classifier.registry;

import io.digitstream.classifier.stream.LiveModels;
import io.digitstream.schemas.ModelRelease;
import io.digitstream.schemas.ModelRoles;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance following the registry: a consumer of its own (assigned the one partition from the beginning,
 * read_committed, no group) on a thread of its own. When the roles name a champion or challenger other than the one
 * serving, its release is verified and opened ({@link ModelOpener}) and installed in {@link LiveModels}, which the
 * stream threads take up at their next batch. Anything refused is logged with the reason and counted; what served
 * before keeps serving.
 *
 * <p>{@link #start} reads the registry to its end and applies it before returning: the service calls it before its
 * streams start, so a registry champion replaces the model file before the first image is classified.
 */
public final class ModelFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelFollower.class);
    /** How often the follower looks again for a registry topic that does not exist yet. */
    static final Duration TOPIC_RETRY = Duration.ofSeconds(5);

    private final RegistryConfig config;
    private final LiveModels live;
    private final PublicKey verifyKey;
    private final ModelOpener opener;
    private final ServingStatus status;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final RegistryState state = new RegistryState();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean assigned;

    /** What was last decided, so that a refused record is refused (and counted) once, not at every poll. */
    private ModelRoles lastRoles;
    private boolean rolesRefused;
    private int unreadableLogged;
    private ModelRelease lastChampionRelease;
    private ModelRelease lastChallengerRelease;
    private String servingChampion;
    private String servingChallenger;

    /** @throws IOException when the configured verify key cannot be read */
    public ModelFollower(RegistryConfig config, Properties kafka, LiveModels live, String engine,
            Map<String, String> engineSettings) throws IOException {
        this.config = config;
        this.live = live;
        this.verifyKey = config.verifyKey().isPresent() ? SigningKeys.readPublic(config.verifyKey().get()) : null;
        this.opener = new ModelOpener(verifyKey, engine, engineSettings);
        this.status = new ServingStatus(live, config.topic());
        this.servingChampion = live.current().champion().defaultEngine().version();
        this.consumer = ModelRegistry.consumer(kafka, config);
        this.partition = new TopicPartition(config.topic(), ModelRegistry.PARTITION);
        this.thread = new Thread(this::follow, "digits-model-registry");
        this.thread.setDaemon(true);
    }

    public ServingStatus status() {
        return status;
    }

    /**
     * Reads the registry to its end (waiting at most {@code timeout}), installs what it names, then follows it on
     * a thread of its own.
     */
    public void start(Duration timeout) {
        try {
            if (assign(timeout)) {
                long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
                long deadline = System.nanoTime() + timeout.toNanos();
                while (consumer.position(partition, timeout) < end && System.nanoTime() < deadline) {
                    poll(Duration.ofMillis(200));
                }
                reconcile();
            } else {
                log.info("model registry topic {} does not exist yet: serving the model file until it does", config.topic());
            }
        } catch (KafkaException e) {
            log.warn("model registry {} not read at start ({}): serving the model file, following it from now on",
                    config.topic(), e.getMessage());
        }
        thread.start();
    }

    private boolean assign(Duration timeout) {
        if (consumer.partitionsFor(config.topic(), timeout).isEmpty()) {
            return false;
        }
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        assigned = true;
        return true;
    }

    private void follow() {
        while (running) {
            try {
                if (!assigned) {
                    if (!assign(TOPIC_RETRY)) {
                        Thread.sleep(TOPIC_RETRY.toMillis());
                        continue;
                    }
                }
                poll(Duration.ofMillis(500));
                reconcile(); // cheap when nothing changed; after a failure, tries again what was left undone
            } catch (WakeupException e) {
                return; // closing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("model registry {}: {}; trying again", config.topic(), e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private int poll(Duration timeout) {
        int count = 0;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            state.apply(record);
            count++;
        }
        List<String> unreadable = state.unreadable();
        for (; unreadableLogged < unreadable.size(); unreadableLogged++) {
            log.warn("model registry {}: unreadable record {}", config.topic(), unreadable.get(unreadableLogged));
        }
        return count;
    }

    /** Brings what serves in line with the roles, verifying each model before it serves. */
    private void reconcile() {
        ModelRoles roles = state.roles();
        if (roles == null) {
            return;
        }
        if (roles != lastRoles) {
            lastRoles = roles;
            String refusal = verifyKey == null ? null : SigningKeys.refusal(roles, verifyKey);
            rolesRefused = refusal != null;
            if (rolesRefused) {
                refuse("roles", roles.getChampion(), "roles record " + refusal);
            }
        }
        if (rolesRefused) {
            return;
        }
        reconcileChampion(roles.getChampion());
        reconcileChallenger(roles.getChallenger(), roles.getCanaryShare());
    }

    private void reconcileChampion(String version) {
        if (version == null || version.equals(servingChampion)) {
            return;
        }
        ModelRelease release = state.releases().get(version);
        if (release == null || release == lastChampionRelease) {
            return; // not published yet (it may follow), or refused already
        }
        lastChampionRelease = release;
        ModelOpener.Opened opened = open("champion", release);
        if (opened != null) {
            LiveModels.ModelSet set = live.swapDefault(opened.engine(), opened.metadata());
            log.info("model registry: champion {} -> {} (generation {})", servingChampion, version, set.generation());
            servingChampion = version;
            status.refreshServing();
        }
    }

    private void reconcileChallenger(String version, double canaryShare) {
        LiveModels.Challenger current = live.current().challenger();
        if (version == null) {
            if (current != null) {
                live.challenge(null);
                log.info("model registry: challenger {} removed", servingChallenger);
                servingChallenger = null;
                lastChallengerRelease = null;
                status.refreshServing();
            }
            return;
        }
        if (version.equals(servingChallenger) && current != null) {
            if (current.canaryShare() != canaryShare) {
                live.challenge(new LiveModels.Challenger(current.engine(), canaryShare));
                log.info("model registry: challenger {} canary share {} -> {}", version, current.canaryShare(), canaryShare);
            }
            return;
        }
        ModelRelease release = state.releases().get(version);
        if (release == null || release == lastChallengerRelease) {
            return;
        }
        lastChallengerRelease = release;
        ModelOpener.Opened opened = open("challenger", release);
        if (opened != null) {
            live.challenge(new LiveModels.Challenger(opened.engine(), canaryShare));
            log.info("model registry: challenger {} (canary share {})", version, canaryShare);
            servingChallenger = version;
            status.refreshServing();
        }
    }

    /** The release opened on the engine, or null when refused (logged and counted). */
    private ModelOpener.Opened open(String role, ModelRelease release) {
        long start = System.nanoTime();
        try {
            ModelOpener.Opened opened = opener.open(release);
            long millis = (System.nanoTime() - start) / 1_000_000;
            status.swapped(role, release.getVersion(), millis);
            return opened;
        } catch (ModelOpener.Refused e) {
            refuse(role, release.getVersion(), e.getMessage());
            return null;
        }
    }

    private void refuse(String role, String version, String reason) {
        status.refused(role, version, reason);
        log.error("model registry: refused {} {}: {}; {} keeps serving", role, Objects.toString(version, "(none)"), reason,
                role.equals("challenger") ? "no challenger" : servingChampion);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        thread.interrupt(); // out of the wait for a registry topic that does not exist yet
        if (thread.isAlive()) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
