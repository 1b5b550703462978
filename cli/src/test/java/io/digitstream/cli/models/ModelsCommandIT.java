package io.digitstream.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitstream.classifier.registry.SigningKeys;
import io.digitstream.cli.CommandRun;
import io.digitstream.command.ExitCodes;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.model.ModelLocator;
import io.digitstream.model.ModelMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/digits models} against a real broker: publish, list, promote, rollback, retire, and what each refuses. */
class ModelsCommandIT {

    private static EmbeddedKafka kafka;
    private static final Path CNN = ModelLocator.defaultModelPath();
    private static final Path CLEAN = CNN.resolveSibling("mnist-clean.zip");
    private static final Path ROT = CNN.resolveSibling("mnist-rot.zip");

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.singleNode();
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    private static CommandRun models(String... args) {
        List<String> all = new ArrayList<>(List.of("models"));
        all.addAll(List.of(args));
        all.addAll(List.of("--bootstrap-server", kafka.bootstrapServers()));
        return CommandRun.of(all.toArray(String[]::new));
    }

    private static String version(Path model) throws Exception {
        return ModelMetadata.read(model).version();
    }

    private static JsonNode list() throws Exception {
        CommandRun run = models("list", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void manageTheRolesAndRefuseWhatMayNotBeDone(@TempDir Path keys) throws Exception {
        String cnn = version(CNN);
        String clean = version(CLEAN);
        String rot = version(ROT);

        CommandRun missing = models("list");
        assertThat(missing.exitCode()).as("no registry topic yet").isEqualTo(ExitCodes.KAFKA_FAILURE);
        assertThat(missing.err()).contains("digit-models does not exist");

        assertThat(models("publish", CNN.toString(), "--role", "champion").exitCode()).isZero();
        CommandRun published = models("publish", CLEAN.toString());
        assertThat(published.exitCode()).as(published.err()).isZero();
        assertThat(published.out()).contains("published " + clean).contains("unsigned");

        JsonNode state = list();
        assertThat(state.get("releases")).hasSize(2);
        assertThat(state.get("roles").get("champion").asText()).isEqualTo(cnn);
        assertThat(state.get("releases").get(1).get("role").asText()).isEqualTo("-");

        CommandRun unknown = models("promote", "mnist-nope");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).contains("unknown model version mnist-nope").contains(cnn).contains(clean);
        CommandRun retireChampion = models("retire", cnn);
        assertThat(retireChampion.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(retireChampion.err()).contains(cnn + " is the champion");
        CommandRun noHistory = models("rollback");
        assertThat(noHistory.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(noHistory.err()).contains("nothing to roll back to");

        assertThat(models("promote", clean).exitCode()).isZero();
        assertThat(list().get("roles").get("champion").asText()).isEqualTo(clean);
        CommandRun rollback = models("rollback");
        assertThat(rollback.exitCode()).isZero();
        assertThat(rollback.out()).contains("champion " + cnn);
        assertThat(list().get("roles").get("history")).isEmpty();

        assertThat(models("retire", clean).exitCode()).isZero();
        CommandRun retired = models("promote", clean);
        assertThat(retired.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(retired.err()).contains(clean + " is retired");

        // Signed, as a challenger in canary: release and roles in one transaction.
        assertThat(CommandRun.of("models", "keygen", "--out", keys.toString()).exitCode()).isZero();
        String signKey = keys.resolve(SigningKeys.PRIVATE_FILE).toString();
        CommandRun challenger = models("publish", ROT.toString(), "--sign", signKey, "--role", "challenger",
                "--canary-share", "0.1");
        assertThat(challenger.exitCode()).as(challenger.err()).isZero();
        state = list();
        assertThat(state.get("roles").get("challenger").asText()).isEqualTo(rot);
        assertThat(state.get("roles").get("canaryShare").asDouble()).isEqualTo(0.1);
        assertThat(state.get("roles").get("signed").asBoolean()).isTrue();
        assertThat(state.get("releases").get(2).get("signed").asBoolean()).isTrue();
        assertThat(state.get("releases").get(2).get("role").asText()).isEqualTo("challenger (canary 0.1)");

        assertThat(models("publish", "no-such.zip").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(models("publish", CLEAN.toString(), "--role", "boss").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(models("promote", rot, "--sign", CLEAN.toString()).exitCode()).as("not a key").isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(list().get("roles").get("champion").asText()).as("nothing refused changed the roles").isEqualTo(cnn);
    }
}
