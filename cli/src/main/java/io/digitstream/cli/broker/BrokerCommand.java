package io.digitstream.cli.broker;

import io.digitstream.command.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a local single-node Kafka broker (KRaft, no ZooKeeper) until Ctrl-C, for the walkthroughs:"
                + " serve, publish, tail and verify with --bootstrap-server localhost:9092.",
                "Topics and records are kept in --data-dir across restarts (delete the directory to start afresh);"
                        + " serve creates the topics it needs. Ctrl-C or SIGTERM stops the broker cleanly (exit 0)."})
public final class BrokerCommand implements Callable<Integer> {

    static final int MAX_PORT = 65535;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port clients connect to (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port", paramLabel = "PORT",
            description = "Port of the KRaft controller, on localhost (default: --port + 1, or --port - 1 for 65535).")
    Integer controllerPort;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "localhost",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface, advertised"
                    + " as this machine's name).")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The broker's data: created and formatted when new or empty, reused when it holds this"
                    + " broker's data, refused otherwise (default: ~/.local/share/digit-stream/broker).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        int controller = controllerPort == null ? defaultControllerPort(port) : controllerPort;
        checkPort(port, "--port");
        checkPort(controller, "--controller-port");
        if (controller == port) {
            throw new IllegalArgumentException("--controller-port must differ from --port (" + port + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (BrokerDirectory directory = BrokerDirectory.open(dataDir == null ? defaultDataDir() : dataDir)) {
            LocalBroker.checkPortsFree(host, port, controller);
            if (!directory.isFormatted()) {
                String clusterId = directory.format(LocalBroker.NODE_ID, LocalBroker.CONTROLLER_LISTENER);
                out.printf("broker: formatted %s for a new cluster (id %s)%n", directory.path(), clusterId);
            }
            try (LocalBroker broker = LocalBroker.start(directory, host, port, controller)) {
                // Ctrl-C and SIGTERM stop the broker here and the command ends with 0; a second one while it stops
                // kills the JVM at once. The hook covers the other ways a JVM ends (SIGHUP, System.exit).
                Thread hook = new Thread(broker::close, "digits-broker-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                for (String name : new String[] {"INT", "TERM"}) {
                    Signal.handle(new Signal(name), signal -> {
                        Signal.handle(signal, sun.misc.SignalHandler.SIG_DFL);
                        new Thread(broker::close, "digits-broker-stop").start();
                    });
                }
                out.printf("broker ready on %s, data in %s (Ctrl-C stops it)%n", broker.bootstrapServers(), directory.path());
                out.flush();
                broker.awaitShutdown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down
                }
                if (!broker.stopRequested()) {
                    throw new IllegalStateException("the broker stopped on an error (see the log above)");
                }
                out.println("broker stopped");
                out.flush();
            }
        }
        return ExitCodes.OK;
    }

    static int defaultControllerPort(int port) {
        return port == MAX_PORT ? port - 1 : port + 1;
    }

    static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".local", "share", "digit-stream", "broker");
    }

    private static void checkPort(int port, String option) {
        if (port < 1 || port > MAX_PORT) {
            throw new IllegalArgumentException(option + " must be between 1 and " + MAX_PORT + ", not " + port);
        }
    }
}
