package io.digitstream.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM's CPU went, from a {@link FlightRecording}: per role of thread (stream threads, the broker, the
 * producer...), its CPU seconds ({@code jdk.ThreadCPULoad}), and its Java execution samples by component and by hot
 * method. A sample counts for the component of the innermost frame whose class belongs to one (JDK frames belong to
 * none, so a {@code HashMap.get} inside a state store counts for the store). Native code (ONNX Runtime, DL4J) is not in
 * the Java samples; JFR takes at most one native sample per period, among all threads in native code (waits
 * included), so native time is read as the thread's CPU less its Java samples.
 */
final class ProfileSummary {

    /** Package or class prefixes, first match wins; the order puts the specific before the general. */
    private static final List<Map.Entry<String, String>> COMPONENTS = List.of(
            Map.entry("ai.onnxruntime", "inference (ONNX Runtime)"),
            Map.entry("org.nd4j", "inference (DL4J)"),
            Map.entry("org.deeplearning4j", "inference (DL4J)"),
            Map.entry("org.bytedeco", "inference (DL4J)"),
            Map.entry("io.digitstream.model.image", "preprocessing"),
            Map.entry("io.digitstream.model", "model call (digit-model)"),
            Map.entry("org.apache.avro", "Avro"),
            Map.entry("io.digitstream.schemas", "Avro"),
            Map.entry("org.rocksdb", "RocksDB"),
            Map.entry("net.jpountz", "compression"),
            Map.entry("com.github.luben", "compression"),
            Map.entry("org.xerial.snappy", "compression"),
            Map.entry("org.apache.kafka.common.compress", "compression"),
            Map.entry("org.apache.kafka.common.utils.Crc32C", "CRC of record batches"),
            Map.entry("java.util.zip.CRC32C", "CRC of record batches"),
            Map.entry("org.apache.kafka.streams.state", "state stores (buffer, caches, changelog)"),
            Map.entry("org.apache.kafka.clients.producer.internals.TransactionManager", "transactions"),
            Map.entry("org.apache.kafka.clients.producer", "producer (send, batching)"),
            Map.entry("org.apache.kafka.clients.consumer", "consumer (fetch, poll)"),
            Map.entry("org.apache.kafka.common.record", "record batches (encode, decode)"),
            Map.entry("org.apache.kafka.common.network", "network I/O"),
            Map.entry("sun.nio.ch", "network I/O"),
            Map.entry("org.apache.kafka.common.protocol", "protocol (de)serialization"),
            Map.entry("org.apache.kafka.common.requests", "protocol (de)serialization"),
            Map.entry("org.apache.kafka.common.message", "protocol (de)serialization"),
            Map.entry("org.apache.kafka.storage", "broker log (append, index)"),
            Map.entry("kafka.log", "broker log (append, index)"),
            Map.entry("org.apache.kafka.coordinator", "broker coordinators (group, transaction)"),
            Map.entry("kafka.coordinator", "broker coordinators (group, transaction)"),
            Map.entry("org.apache.kafka.raft", "broker metadata (KRaft)"),
            Map.entry("org.apache.kafka.controller", "broker metadata (KRaft)"),
            Map.entry("org.apache.kafka.metadata", "broker metadata (KRaft)"),
            Map.entry("org.apache.kafka.image", "broker metadata (KRaft)"),
            Map.entry("kafka.", "broker requests"),
            Map.entry("org.apache.kafka.server", "broker requests"),
            Map.entry("org.apache.kafka.network", "broker requests"),
            Map.entry("org.apache.kafka.streams", "Streams runtime (tasks, commits, punctuation)"),
            Map.entry("org.apache.kafka.common.metrics", "Kafka metrics"),
            Map.entry("org.apache.kafka", "Kafka common"),
            Map.entry("org.HdrHistogram", "bench (latency, ledger)"),
            Map.entry("io.digitstream.cli", "bench (latency, ledger)"),
            Map.entry("io.digitstream.verify", "bench (latency, ledger)"),
            Map.entry("io.digitstream.dataset", "bench (image generation)"),
            Map.entry("io.digitstream.tools", "producer (send, batching)"),
            Map.entry("io.digitstream.classifier.metrics", "metrics sub-topology (dashboard counts)"),
            Map.entry("io.digitstream.classifier", "classifier service"),
            Map.entry("io.digitstream", "digit-stream other"));
    private static final String JDK_ONLY = "JDK only (no library frame)";

    /** What one role's threads did. */
    record Role(String name, double cpuSeconds, double kernelSeconds, long javaSamples, Map<String, Long> components,
            Map<String, Long> methods) {

        double javaSeconds() {
            return javaSamples * FlightRecording.SAMPLE_PERIOD.toMillis() / 1000.0;
        }

        Map<String, Object> json(int top) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("cpuSeconds", cpuSeconds);
            json.put("kernelSeconds", kernelSeconds);
            json.put("javaSampledSeconds", javaSeconds());
            json.put("components", percentages(components, javaSamples, Integer.MAX_VALUE));
            json.put("hotMethods", percentages(methods, javaSamples, top));
            return json;
        }
    }

    private final Map<String, Role> roles;
    private final double jvmCpuSeconds;

    private ProfileSummary(Map<String, Role> roles, double jvmCpuSeconds) {
        this.roles = roles;
        this.jvmCpuSeconds = jvmCpuSeconds;
    }

    /** The whole JVM's CPU seconds (jdk.CPULoad): the roles' threads plus GC and threads Java does not know. */
    double jvmCpuSeconds() {
        return jvmCpuSeconds;
    }

    Map<String, Role> roles() {
        return roles;
    }

    /** Reads the events of {@code file} from {@code from} to {@code to}; {@code roleOf} names a thread's role by its name. */
    static ProfileSummary read(Path file, Function<String, String> roleOf, Instant from, Instant to) throws IOException {
        Map<String, Map<String, Long>> components = new HashMap<>();
        Map<String, Map<String, Long>> methods = new HashMap<>();
        Map<String, Long> samples = new HashMap<>();
        Map<String, Double> cpu = new HashMap<>();
        Map<String, Double> kernel = new HashMap<>();
        double period = FlightRecording.CPU_LOAD_PERIOD.toMillis() / 1000.0;
        double jvmLoad = 0;
        int jvmLoadEvents = 0;
        int processors = Runtime.getRuntime().availableProcessors(); // the recorded JVM's: same machine
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                boolean inside = !event.getStartTime().isBefore(from) && !event.getStartTime().isAfter(to);
                if (type.equals("jdk.CPULoad") && inside) {
                    // This JVM's share of all processors over the last period (GC and native threads included).
                    jvmLoad += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                    jvmLoadEvents++;
                } else if (inside && type.equals("jdk.ThreadCPULoad")) {
                    // A thread's share of all processors over the last period; a period under 1 ms of CPU has no event.
                    RecordedThread thread = event.getThread("eventThread");
                    double load = event.getFloat("user") + event.getFloat("system");
                    cpu.merge(roleOf.apply(name(thread)), load * processors * period, Double::sum);
                    kernel.merge(roleOf.apply(name(thread)), event.getFloat("system") * processors * period, Double::sum);
                } else if (inside && type.equals("jdk.ExecutionSample")) {
                    RecordedStackTrace stack = event.getStackTrace();
                    String role = roleOf.apply(name(event.getThread("sampledThread")));
                    samples.merge(role, 1L, Long::sum);
                    if (stack == null || stack.getFrames().isEmpty()) {
                        continue;
                    }
                    components.computeIfAbsent(role, r -> new HashMap<>()).merge(component(stack.getFrames()), 1L, Long::sum);
                    methods.computeIfAbsent(role, r -> new HashMap<>()).merge(method(stack.getFrames().get(0)), 1L, Long::sum);
                }
            }
        }
        Map<String, Role> roles = new LinkedHashMap<>();
        Stream.concat(samples.keySet().stream(), cpu.keySet().stream()).distinct()
                .map(role -> new Role(role, cpu.getOrDefault(role, 0.0), kernel.getOrDefault(role, 0.0),
                        samples.getOrDefault(role, 0L), components.getOrDefault(role, Map.of()), methods.getOrDefault(role, Map.of())))
                .sorted(Comparator.comparingDouble(Role::cpuSeconds).reversed())
                .forEach(role -> roles.put(role.name(), role));
        double seconds = Duration.between(from, to).toMillis() / 1000.0;
        return new ProfileSummary(roles, jvmLoadEvents == 0 ? 0 : jvmLoad / jvmLoadEvents * processors * seconds);
    }

    /** Threads of the service's JVM: its stream threads, their producers' I/O threads, the rest. */
    static String serviceRole(String thread) {
        if (thread.contains("CompilerThread")) {
            return "service: JIT compiler threads";
        }
        if (thread.startsWith("kafka-producer-network-thread")) {
            return "service: producer I/O threads";
        }
        return thread.contains("StreamThread") ? "service: stream threads" : "service: other threads";
    }

    /** Threads of the bench JVM: the image producer, the read_committed reader, and the embedded broker (the rest). */
    static String benchRole(String thread) {
        if (thread.contains("CompilerThread")) {
            return "bench JVM: JIT compiler threads";
        }
        if (thread.startsWith("kafka-producer-network-thread")) {
            return "producer: I/O thread";
        }
        if (thread.equals("bench-publisher")) {
            return "producer: publishing thread (encode, send)";
        }
        if (thread.equals("main") || thread.startsWith("kafka-coordinator-heartbeat") || thread.startsWith("kafka-admin-client")
                || thread.startsWith("service-")) {
            return "bench: reader (read_committed) and timing";
        }
        return "broker";
    }

    static String component(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (frame.getMethod() == null) {
                continue;
            }
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, String> component : COMPONENTS) {
                if (type.startsWith(component.getKey())) {
                    return component.getValue();
                }
            }
        }
        return JDK_ONLY;
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod() == null ? "?" : frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String name(RecordedThread thread) {
        return thread == null || thread.getJavaName() == null ? "" : thread.getJavaName();
    }

    private static Map<String, Double> percentages(Map<String, Long> counts, long total, int top) {
        Map<String, Double> shares = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey())).limit(top)
                .forEach(entry -> shares.put(entry.getKey(), Math.round(1000.0 * entry.getValue() / total) / 10.0));
        return shares;
    }

    Map<String, Object> json(int top) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jvmCpuSeconds", jvmCpuSeconds);
        roles.forEach((name, role) -> json.put(name, role.json(top)));
        return json;
    }

    /** One block per role: CPU, then components and hot methods as shares of its Java samples. */
    String text(String title, int top) {
        StringBuilder text = new StringBuilder(String.format("%s %.1f CPU s in all (GC and native threads included)%n", title,
                jvmCpuSeconds));
        for (Role role : roles.values()) {
            text.append(String.format("  %s: %.1f CPU s (%.1f s in the kernel), %.1f s sampled in Java code (%,d samples)%n",
                    role.name(), role.cpuSeconds(), role.kernelSeconds(), role.javaSeconds(), role.javaSamples()));
            percentages(role.components(), role.javaSamples(), Integer.MAX_VALUE)
                    .forEach((name, share) -> text.append(String.format("    %5.1f%%  %s%n", share, name)));
            text.append("    hot methods:\n");
            percentages(role.methods(), role.javaSamples(), top)
                    .forEach((name, share) -> text.append(String.format("    %5.1f%%  %s%n", share, name)));
        }
        return text.toString();
    }
}
