package io.digitstream.cli.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.classifier.registry.ModelRegistry;
import io.digitstream.classifier.registry.RegistryConfig;
import io.digitstream.classifier.registry.RegistryRecords;
import io.digitstream.classifier.registry.RegistryState;
import io.digitstream.classifier.registry.RoleChanges;
import io.digitstream.classifier.registry.SigningKeys;
import io.digitstream.config.LayeredConfig;
import io.digitstream.schemas.ModelRelease;
import io.digitstream.schemas.ModelRoles;
import io.digitstream.tools.cli.KafkaOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/digits models}: the model registry on Kafka (docs/registry.md). */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"The model registry: a compacted Kafka topic (digits.topic.models) that every serve instance"
                + " follows. Publish a model, promote it to champion (swapped in between batches, no restart), roll"
                + " back, retire. With digits.models.verify.key set on serve, only releases and roles signed with"
                + " --sign serve (keys from models keygen)."},
        subcommands = {ModelsCommand.Publish.class, ModelsCommand.ListModels.class, ModelsCommand.Promote.class,
                ModelsCommand.Rollback.class, ModelsCommand.Retire.class, ModelsCommand.Challenge.class,
                ModelsCommand.Keygen.class})
public final class ModelsCommand {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Options and plumbing of the subcommands that talk to Kafka. */
    abstract static class RegistryCommand implements Callable<Integer> {

        @Mixin
        KafkaOptions kafka;

        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() throws Exception {
            LayeredConfig config = kafka.config();
            try (ModelRegistry registry = new ModelRegistry(config.kafkaProperties(), RegistryConfig.from(config),
                    Clock.systemUTC())) {
                return run(registry, config);
            }
        }

        abstract int run(ModelRegistry registry, LayeredConfig config) throws Exception;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        void printRoles(ModelRoles roles) {
            out().printf("champion %s, challenger %s%s; history %s; retired %s%n", orNone(roles.getChampion()),
                    orNone(roles.getChallenger()), roles.getChallenger() == null ? "" : " (canary share "
                            + roles.getCanaryShare() + ")", roles.getHistory(), roles.getRetired());
            out().flush();
        }
    }

    /** Subcommands that change the roles, signed with --sign when given. */
    abstract static class RoleCommand extends RegistryCommand {

        @Option(names = "--sign", paramLabel = "KEY", description = "Sign the roles record with this Ed25519 private"
                + " key (PKCS#8 PEM or DER, from models keygen); required when serve has digits.models.verify.key.")
        Path signKey;

        abstract Function<RoleChanges, ModelRoles> change();

        @Override
        int run(ModelRegistry registry, LayeredConfig config) throws Exception {
            PrivateKey signer = signKey == null ? null : SigningKeys.readPrivate(signKey);
            printRoles(registry.changeRoles(change(), signer, TIMEOUT));
            return 0;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Publish a model file (with its <model>.json beside it) to the registry, optionally with a role"
                    + " in the same transaction. Creates the registry topic when missing.")
    static final class Publish extends RegistryCommand {

        @Parameters(paramLabel = "FILE", description = "The model zip, e.g. models/mnist-clean.zip.")
        Path file;

        @Option(names = "--sign", paramLabel = "KEY", description = "Sign the release (and roles) with this Ed25519"
                + " private key (PKCS#8 PEM or DER, from models keygen).")
        Path signKey;

        @Option(names = "--role", paramLabel = "ROLE", description = "champion (serve it now) or challenger (score it"
                + " beside the champion); none by default.")
        String role;

        @Option(names = "--canary-share", paramLabel = "X", defaultValue = "0",
                description = "With --role challenger: share 0..1 of images whose output is the challenger's; 0 (default)"
                        + " scores it in shadow only.")
        double canaryShare;

        @Option(names = "--publisher", paramLabel = "NAME", description = "Who publishes it (default: $USER).")
        String publisher;

        @Override
        int run(ModelRegistry registry, LayeredConfig config) throws Exception {
            if (role != null && !role.equals("champion") && !role.equals("challenger")) {
                throw new IllegalArgumentException("--role must be champion or challenger, not " + role);
            }
            if (canaryShare != 0 && !"challenger".equals(role)) {
                throw new IllegalArgumentException("--canary-share is for --role challenger");
            }
            PrivateKey signer = signKey == null ? null : SigningKeys.readPrivate(signKey);
            ModelRelease release = RegistryRecords.release(file, publisher == null ? System.getenv("USER") : publisher,
                    Clock.systemUTC().instant());
            if (signer != null) {
                SigningKeys.sign(release, signer);
            }
            try (Admin admin = Admin.create(config.kafkaProperties())) {
                ModelRegistry.createTopic(admin, registry.config(), (short) -1);
            }
            if (role == null) {
                registry.publish(release, null);
                out().printf("published %s (sha256 %s, %d bytes%s)%n", release.getVersion(), release.getSha256(),
                        release.getModelBytes().remaining(), signer == null ? ", unsigned" : ", signed");
            } else {
                ModelRoles roles = registry.publish(release, role.equals("champion")
                        ? ModelRegistry.promote(release.getVersion())
                        : ModelRegistry.challenge(release.getVersion(), canaryShare), signer, TIMEOUT);
                out().printf("published %s as %s%n", release.getVersion(), role);
                printRoles(roles);
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The releases and roles in the registry.")
    static final class ListModels extends RegistryCommand {

        @Option(names = "--json", description = "One JSON object: releases (without their bytes) and roles.")
        boolean json;

        @Override
        int run(ModelRegistry registry, LayeredConfig config) throws Exception {
            RegistryState state = registry.read(TIMEOUT);
            ModelRoles roles = state.roles();
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode root = mapper.createObjectNode();
                ArrayNode releases = root.putArray("releases");
                for (ModelRelease release : state.releases().values()) {
                    releases.addObject().put("version", release.getVersion()).put("sha256", release.getSha256())
                            .put("bytes", release.getModelBytes().remaining())
                            .put("publishedAt", release.getPublishedAt().toString())
                            .put("publisher", release.getPublisher()).put("signed", release.getSignature() != null)
                            .put("role", role(roles, release.getVersion()));
                }
                ObjectNode rolesJson = root.putObject("roles");
                if (roles != null) {
                    rolesJson.put("champion", roles.getChampion()).put("challenger", roles.getChallenger())
                            .put("canaryShare", roles.getCanaryShare()).put("updatedAt", roles.getUpdatedAt().toString())
                            .put("signed", roles.getSignature() != null);
                    roles.getHistory().forEach(rolesJson.putArray("history")::add);
                    roles.getRetired().forEach(rolesJson.putArray("retired")::add);
                }
                state.unreadable().forEach(root.putArray("unreadable")::add);
                out().println(mapper.writeValueAsString(root));
            } else {
                out().printf("%-34s %-12s %10s %-24s %-6s %s%n", "VERSION", "SHA256", "BYTES", "PUBLISHED", "SIGNED", "ROLE");
                for (ModelRelease release : state.releases().values()) {
                    out().printf("%-34s %-12s %10d %-24s %-6s %s%n", release.getVersion(), release.getSha256().substring(0,
                            Math.min(12, release.getSha256().length())), release.getModelBytes().remaining(),
                            release.getPublishedAt(), release.getSignature() != null ? "yes" : "no", role(roles, release.getVersion()));
                }
                if (roles != null) {
                    printRoles(roles);
                }
                state.unreadable().forEach(reason -> out().println("unreadable record: " + reason));
            }
            out().flush();
            return 0;
        }

        private static String role(ModelRoles roles, String version) {
            if (roles == null) {
                return "-";
            }
            if (version.equals(roles.getChampion())) {
                return "champion";
            }
            if (version.equals(roles.getChallenger())) {
                return roles.getCanaryShare() == 0 ? "challenger (shadow)" : "challenger (canary " + roles.getCanaryShare() + ")";
            }
            if (roles.getRetired().contains(version)) {
                return "retired";
            }
            int back = roles.getHistory().indexOf(version);
            return back >= 0 ? "previous champion (" + (back + 1) + " back)" : "-";
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Make a published version the champion: every instance swaps to it between batches.")
    static final class Promote extends RoleCommand {

        @Parameters(paramLabel = "VERSION")
        String version;

        @Override
        Function<RoleChanges, ModelRoles> change() {
            return ModelRegistry.promote(version);
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Make the previous champion the champion again.")
    static final class Rollback extends RoleCommand {

        @Override
        Function<RoleChanges, ModelRoles> change() {
            return ModelRegistry.rollback();
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true,
            description = "Retire a version that is not the champion: it can no longer be promoted or challenge.")
    static final class Retire extends RoleCommand {

        @Parameters(paramLabel = "VERSION")
        String version;

        @Override
        Function<RoleChanges, ModelRoles> change() {
            return ModelRegistry.retire(version);
        }
    }

    @Command(name = "challenge", mixinStandardHelpOptions = true,
            description = "Score a published version beside the champion (shadow, or canary with --canary-share).")
    static final class Challenge extends RoleCommand {

        @Parameters(paramLabel = "VERSION")
        String version;

        @Option(names = "--canary-share", paramLabel = "X", defaultValue = "0",
                description = "Share 0..1 of images whose output is the challenger's; 0 (default): shadow only.")
        double canaryShare;

        @Override
        Function<RoleChanges, ModelRoles> change() {
            return ModelRegistry.challenge(version, canaryShare);
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Write a new Ed25519 key pair: " + SigningKeys.PRIVATE_FILE + " (PKCS#8 PEM, for --sign; keep it"
                    + " secret) and " + SigningKeys.PUBLIC_FILE + " (X.509 PEM, for serve's digits.models.verify.key).")
    static final class Keygen implements Callable<Integer> {

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory for the two files.")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path publicKey = SigningKeys.generate(out);
            spec.commandLine().getOut().printf("wrote %s and %s%n", out.resolve(SigningKeys.PRIVATE_FILE), publicKey);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    private static String orNone(String version) {
        return version == null ? "none" : version;
    }
}
