package io.digitstream.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digitstream.cli.CommandRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code digits broker} refuses before a broker starts, and the data directory's rules; the broker itself: {@link BrokerCommandIT}. */
class BrokerCommandTest {

    @Test
    void aDirectoryWithOtherFilesIsRefusedAndLeftAsItWas(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");

        CommandRun run = CommandRun.of("broker", "--data-dir", dir.toString(), "--port", String.valueOf(freePort()));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).startsWith("digits broker: " + dir + " is not a broker's data directory (it has files but no"
                + " meta.properties)").doesNotContain("\tat ");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("notes.txt"));
        }
    }

    @Test
    void aFileIsRefused(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("data"), "x");

        CommandRun run = CommandRun.of("broker", "--data-dir", file.toString(), "--port", String.valueOf(freePort()));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("digits broker: " + file + " is not a directory");
    }

    @Test
    void anotherClustersNodeIsRefused(@TempDir Path dir) throws Exception {
        try (BrokerDirectory directory = BrokerDirectory.open(dir)) {
            directory.format(LocalBroker.NODE_ID + 1, LocalBroker.CONTROLLER_LISTENER);
        }

        CommandRun run = CommandRun.of("broker", "--data-dir", dir.toString(), "--port", String.valueOf(freePort()),
                "--controller-port", String.valueOf(freePort()));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).startsWith("digits broker: " + dir + " cannot be used as this broker's directory");
    }

    @Test
    void oneBrokerPerDirectoryInOneProcessToo(@TempDir Path dir) throws Exception {
        try (BrokerDirectory first = BrokerDirectory.open(dir)) {
            assertThatThrownBy(() -> BrokerDirectory.open(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessage(dir + " is in use by another broker: stop that one, or give --data-dir another directory");
        }
        BrokerDirectory.open(dir).close(); // released with the first
    }

    @Test
    void aDirectoryWithOnlyALeftOverLockIsNew(@TempDir Path dir) throws Exception {
        Files.createFile(dir.resolve(BrokerDirectory.LOCK_FILE));
        try (BrokerDirectory directory = BrokerDirectory.open(dir)) {
            assertThat(directory.isFormatted()).isFalse();
            directory.format(LocalBroker.NODE_ID, LocalBroker.CONTROLLER_LISTENER);
            assertThat(directory.isFormatted()).isTrue();
        }
    }

    @Test
    void aTakenPortIsThreeAndTheNewDirectoryStaysUnformatted(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CommandRun run = CommandRun.of("broker", "--data-dir", data.toString(), "--port", String.valueOf(taken.getLocalPort()),
                    "--controller-port", String.valueOf(freePort()));

            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.err()).startsWith("digits broker: cannot listen on localhost:" + taken.getLocalPort()
                    + " (Address already in use): another broker or program has it; choose another port with --port");
        }
        assertThat(data.resolve(BrokerDirectory.META_PROPERTIES)).doesNotExist();
    }

    @Test
    void aTakenControllerPortNamesItsOption(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CommandRun run = CommandRun.of("broker", "--data-dir", dir.toString(), "--port", String.valueOf(freePort()),
                    "--controller-port", String.valueOf(taken.getLocalPort()));

            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.err()).contains("cannot listen on localhost:" + taken.getLocalPort(), "with --controller-port");
        }
    }

    @Test
    void portsRunFromOneTo65535(@TempDir Path dir) throws IOException {
        for (String port : new String[] {"0", "65536"}) {
            CommandRun run = CommandRun.of("broker", "--data-dir", dir.toString(), "--port", port);
            assertThat(run.exitCode()).as(port).isEqualTo(1);
            assertThat(run.err()).as(port).startsWith("digits broker: --port must be between 1 and 65535, not " + port);
        }
        CommandRun controller = CommandRun.of("broker", "--data-dir", dir.toString(), "--controller-port", "65536");
        assertThat(controller.exitCode()).isEqualTo(1);
        assertThat(controller.err()).startsWith("digits broker: --controller-port must be between 1 and 65535, not 65536");
        // 1 and 65535 pass the check and get as far as listening, where the port is held (or, for 1, not allowed).
        for (int port : new int[] {1, 65535}) {
            try (ServerSocket taken = occupy(port)) {
                CommandRun run = CommandRun.of("broker", "--data-dir", dir.toString(), "--port", String.valueOf(port));
                assertThat(run.exitCode()).as("%d: %s", port, run.err()).isEqualTo(3);
                assertThat(run.err()).as("%d", port).startsWith("digits broker: cannot listen on localhost:" + port + " (");
            }
        }
    }

    @Test
    void theControllerTakesTheNextPortOrThePreviousAtTheTop() {
        assertThat(BrokerCommand.defaultControllerPort(9092)).isEqualTo(9093);
        assertThat(BrokerCommand.defaultControllerPort(1)).isEqualTo(2);
        assertThat(BrokerCommand.defaultControllerPort(65534)).isEqualTo(65535);
        assertThat(BrokerCommand.defaultControllerPort(65535)).isEqualTo(65534);

        CommandRun same = CommandRun.of("broker", "--port", "9500", "--controller-port", "9500");
        assertThat(same.exitCode()).isEqualTo(1);
        assertThat(same.err()).startsWith("digits broker: --controller-port must differ from --port (9500)");
    }

    @Test
    void anUnknownHostIsOne(@TempDir Path dir) {
        CommandRun run = CommandRun.of("broker", "--data-dir", dir.toString(), "--host", "no-such-host.invalid", "--port", "9500");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("digits broker: cannot listen on no-such-host.invalid: no such address (--host)");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Holds {@code port} on localhost; null where this user may not bind it. */
    private static ServerSocket occupy(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress("localhost", port));
            return socket;
        } catch (IOException e) {
            return null;
        }
    }
}
