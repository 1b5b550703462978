package io.digitstream.cli.broker;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft Kafka (broker and controller in one) run by Kafka's own server class on a {@link BrokerDirectory}:
 * what {@code kafka-server-start.sh} runs, configured for one machine. Internal topics have one replica, and topics are
 * not created on first use: {@code serve} creates them with the partition counts the service needs.
 */
final class LocalBroker implements AutoCloseable {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final AtomicBoolean stopping = new AtomicBoolean();

    private LocalBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Checks that the broker's and the controller's ports are free: a clear message before anything else happens,
     * rather than Kafka's fatal-error log halfway through its start.
     *
     * @throws IllegalStateException when a port is taken
     */
    static void checkPortsFree(String host, int port, int controllerPort) {
        checkFree(host, port, "--port");
        checkFree("localhost", controllerPort, "--controller-port");
    }

    /**
     * Starts the broker on {@code host:port}, its controller on {@code localhost:controllerPort}, and returns once it
     * serves clients.
     *
     * @throws IllegalStateException when a port is taken
     * @throws IllegalArgumentException when the directory holds another cluster's node
     */
    static LocalBroker start(BrokerDirectory directory, String host, int port, int controllerPort) {
        String advertised = advertisedHost(host) + ":" + port;
        KafkaConfig config = new KafkaConfig(properties(directory, host, port, controllerPort, advertised));
        KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(config, Time.SYSTEM); // reads and checks meta.properties
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(directory.path() + " cannot be used as this broker's directory: " + e.getMessage(), e);
        }
        try {
            server.startup(); // returns once the broker is unfenced, i.e. serves clients
        } catch (RuntimeException e) {
            server.shutdown();
            if (causedBy(e, BindException.class)) { // taken between the check and Kafka's bind
                throw new IllegalStateException("cannot listen on " + host + ":" + port + " or localhost:" + controllerPort
                        + ": " + e.getMessage(), e);
            }
            throw e;
        }
        return new LocalBroker(server, advertised);
    }

    static Map<String, String> properties(BrokerDirectory directory, String host, int port, int controllerPort, String advertised) {
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        // A static quorum of this one node: nothing about the ports is stored, so they may change between restarts.
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + advertised);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", directory.path().toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // As EmbeddedKafka: a consumer started before serve would otherwise create a one-partition topic.
        props.put("auto.create.topics.enable", "false");
        return props;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Blocks until the broker has stopped: after {@link #close()}, or a fatal error of the server. */
    void awaitShutdown() {
        server.awaitShutdown();
    }

    /** Whether {@link #close()} was called: else the server stopped on its own, on an error. */
    boolean stopRequested() {
        return stopping.get();
    }

    /** Stops the broker cleanly (leaders, logs flushed and closed); a second call returns at once. */
    @Override
    public void close() {
        if (stopping.compareAndSet(false, true)) {
            server.shutdown();
        }
    }

    /** Listening on every interface, the broker tells clients this machine's name instead. */
    private static String advertisedHost(String host) {
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static void checkFree(String host, int port, String option) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot listen on " + host + ": no such address (--host)");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(address);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): another"
                    + " broker or program has it; choose another port with " + option, e);
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
