package io.digitstream.cli.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a broker certificate it signed, made at test time with the JDK's own
 * {@code keytool} (no key material is committed): a PKCS12 truststore holding only the CA, a PKCS12 keystore with
 * the broker's key and its chain (subject alternative names {@code localhost} and {@code 127.0.0.1}, so clients
 * keep the default hostname verification), and a second, unrelated CA's truststore.
 */
record TestCertificates(Path truststore, Path brokerKeystore, Path strangerTruststore, String password) {

    static TestCertificates create(Path dir) throws IOException, InterruptedException {
        String password = "test-store-secret";
        Path ca = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.pem");
        Path truststore = dir.resolve("truststore.p12");
        Path broker = dir.resolve("broker.p12");
        Path csr = dir.resolve("broker.csr");
        Path brokerPem = dir.resolve("broker.pem");

        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=digits-test-ca",
                "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12", "-keystore", ca, "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", password, "-file", caPem);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem, "-storetype", "PKCS12",
                "-keystore", truststore, "-storepass", password);

        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", broker, "-storepass", password);
        keytool("-certreq", "-alias", "broker", "-keystore", broker, "-storepass", password, "-file", csr);
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", password, "-infile", csr,
                "-outfile", brokerPem, "-validity", "2", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-ext", "KU=digitalSignature,keyAgreement", "-ext", "EKU=serverAuth,clientAuth");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem, "-keystore", broker, "-storepass", password);
        keytool("-importcert", "-alias", "broker", "-file", brokerPem, "-keystore", broker, "-storepass", password);

        // Another CA, self-signed the same way, that signed nothing of this broker's.
        Path otherCa = dir.resolve("other-ca.p12");
        Path otherPem = dir.resolve("other-ca.pem");
        Path strangerTruststore = dir.resolve("other-truststore.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=some-other-ca",
                "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12", "-keystore", otherCa, "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", otherCa, "-storepass", password, "-file", otherPem);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", otherPem, "-storetype", "PKCS12",
                "-keystore", strangerTruststore, "-storepass", password);
        return new TestCertificates(truststore, broker, strangerTruststore, password);
    }

    private static void keytool(Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        for (Object arg : args) {
            command.add(arg.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool did not finish: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed (" + process.exitValue() + "): " + command + "\n" + output);
        }
    }
}
