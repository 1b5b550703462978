package io.digitstream.classifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.model.ModelLocator;
import io.digitstream.schemas.ModelRelease;
import io.digitstream.schemas.ModelRoles;
import io.digitstream.schemas.serde.ContractSerdes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ed25519 signatures of releases and roles: what they cover, and the key files in PEM and DER. */
class SigningKeysTest {

    @TempDir
    Path dir;

    private static ModelRelease release() throws IOException {
        return RegistryRecords.release(ModelLocator.defaultModelPath().resolveSibling("mnist-clean.zip"), "ci",
                Instant.parse("2026-12-05T12:00:00Z"));
    }

    @Test
    void aSignatureCoversEveryFieldAndSurvivesTheWire() throws IOException {
        SigningKeys.generate(dir);
        PrivateKey signer = SigningKeys.readPrivate(dir.resolve(SigningKeys.PRIVATE_FILE));
        PublicKey verifier = SigningKeys.readPublic(dir.resolve(SigningKeys.PUBLIC_FILE));
        ModelRelease signed = SigningKeys.sign(release(), signer);
        assertThat(SigningKeys.refusal(signed, verifier)).isNull();
        ModelRelease roundTrip = ContractSerdes.modelRelease().deserialize("t",
                ContractSerdes.modelRelease().serialize("t", signed));
        assertThat(SigningKeys.refusal(roundTrip, verifier)).as("after the wire").isNull();

        ModelRelease otherVersion = ModelRelease.newBuilder(signed).setVersion("mnist-evil").build();
        assertThat(SigningKeys.refusal(otherVersion, verifier)).contains("does not verify");
        byte[] bytes = new byte[signed.getModelBytes().remaining()];
        signed.getModelBytes().duplicate().get(bytes);
        bytes[bytes.length / 2] ^= 1;
        ModelRelease otherBytes = ModelRelease.newBuilder(signed).setModelBytes(ByteBuffer.wrap(bytes)).build();
        assertThat(SigningKeys.refusal(otherBytes, verifier)).contains("does not verify");
        ModelRelease otherPublisher = ModelRelease.newBuilder(signed).setPublisher(null).build();
        assertThat(SigningKeys.refusal(otherPublisher, verifier)).contains("does not verify");
        assertThat(SigningKeys.refusal(release(), verifier)).startsWith("unsigned");

        ModelRoles roles = SigningKeys.sign(RegistryRecords.emptyRoles(Instant.EPOCH), signer);
        assertThat(SigningKeys.refusal(roles, verifier)).isNull();
        roles.setChampion("mnist-evil");
        assertThat(SigningKeys.refusal(roles, verifier)).contains("does not verify");
        ModelRoles history = SigningKeys.sign(ModelRoles.newBuilder(RegistryRecords.emptyRoles(Instant.EPOCH))
                .setHistory(List.of("a", "b")).build(), signer);
        assertThat(SigningKeys.refusal(ModelRoles.newBuilder(history).setHistory(List.of("ab")).build(), verifier))
                .as("lengths delimit the items").contains("does not verify");
    }

    @Test
    void anotherKeysSignatureIsRefused() throws IOException {
        SigningKeys.generate(dir.resolve("ours"));
        SigningKeys.generate(dir.resolve("theirs"));
        ModelRelease signedByThem = SigningKeys.sign(release(),
                SigningKeys.readPrivate(dir.resolve("theirs").resolve(SigningKeys.PRIVATE_FILE)));
        assertThat(SigningKeys.refusal(signedByThem, SigningKeys.readPublic(dir.resolve("ours").resolve(SigningKeys.PUBLIC_FILE))))
                .contains("does not verify");
    }

    @Test
    void keysReadAsPemOrDerAndOtherFilesAreRefused() throws IOException {
        Path pub = SigningKeys.generate(dir);
        String pem = Files.readString(pub);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        Path derFile = Files.write(dir.resolve("key.der"), der);
        assertThat(SigningKeys.readPublic(derFile)).isEqualTo(SigningKeys.readPublic(pub));
        assertThatThrownBy(() -> SigningKeys.readPublic(dir.resolve(SigningKeys.PRIVATE_FILE)))
                .isInstanceOf(IOException.class).hasMessageContaining("PEM but not a PUBLIC KEY");
        assertThatThrownBy(() -> SigningKeys.readPrivate(ModelLocator.defaultModelPath().resolveSibling("mnist-clean.json")))
                .isInstanceOf(IOException.class).hasMessageContaining("not an Ed25519 private key");
        assertThatThrownBy(() -> SigningKeys.generate(dir)).isInstanceOf(IOException.class).hasMessageContaining("exists already");
    }
}
