package io.digitstream.tools.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.tools.TopicRecords;
import io.digitstream.imagefolder.FileLabels;
import io.digitstream.imagefolder.ImageFile;
import io.digitstream.imagefolder.ImageFolder;
import io.digitstream.progress.ProgressListener;
import io.digitstream.tools.publish.ImagePublisher;
import io.digitstream.tools.publish.LabelMode;
import io.digitstream.imagefolder.SkippedFile;
import io.digitstream.imagefolder.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.ByteUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop folder on a real broker: files dropped while a watcher runs (whole, written slowly, renamed into place,
 * rewritten under the same name, not an image), the watcher restarted, and every file published exactly once.
 */
class DropFolderIT {

    private static final String TOPIC = "drop-images";
    private static final String LIMIT_TOPIC = "drop-images-limit";
    private static final String SMALL_TOPIC = "drop-images-small";
    private static final String ONE_SHOT_TOPIC = "publish-images-limit";
    private static final int SMALL_TOPIC_MAX_BYTES = 20_000;
    /** The producer's default max.request.size: the largest record it sends, by its own upper-bound estimate. */
    private static final int MAX_REQUEST_SIZE = 1_048_576;
    private static final Duration SETTLE = Duration.ofMillis(300);
    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.singleNode();
        kafka.createTopics(List.of(TOPIC, LIMIT_TOPIC, ONE_SHOT_TOPIC, "drop-labels"), 3, (short) 1);
        // A topic whose brokers refuse records the producer would send: a refusal after the producer's own check.
        kafka.admin().createTopics(List.of(new NewTopic(SMALL_TOPIC, 1, (short) 1)
                .configs(Map.of("max.message.bytes", String.valueOf(SMALL_TOPIC_MAX_BYTES))))).all().get();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** A watcher running in its own thread, and what it reported. */
    private final class RunningWatcher implements AutoCloseable {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<String> skipped = new CopyOnWriteArrayList<>();
        final List<String> reasons = new CopyOnWriteArrayList<>();
        private final ImagePublisher publisher;
        private final DropFolderWatcher watcher;
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<?> run;

        RunningWatcher(AfterSend afterSend) throws IOException {
            this(afterSend, TOPIC);
        }

        RunningWatcher(AfterSend afterSend, String topic) throws IOException {
            Properties client = new Properties();
            client.put("bootstrap.servers", kafka.bootstrapServers());
            publisher = new ImagePublisher(client, topic, "drop-labels");
            DropFolderWatcher.Settings settings = new DropFolderWatcher.Settings("scanner-7",
                    new DropFolderWatcher.LabelRule(null, Pattern.compile("(?<label>\\d)_.*")), afterSend, SETTLE,
                    Duration.ofSeconds(2));
            watcher = new DropFolderWatcher(dir, settings, publisher, new DropFolderWatcher.PublishPace(LabelMode.INLINE, 0),
                    new DropFolderWatcher.Events() {
                        @Override
                        public void sent(ImageFile file, String id) {
                            sent.add(file.path().getFileName().toString());
                        }

                        @Override
                        public void skipped(SkippedFile file) {
                            skipped.add(file.path().getFileName().toString());
                            reasons.add(file.reason());
                        }

                        @Override
                        public void warning(String message) {
                        }
                    });
            run = thread.submit(() -> {
                watcher.run();
                return null;
            });
        }

        void awaitSent(int count) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (sent.size() < count && System.nanoTime() < deadline && !run.isDone()) {
                Thread.sleep(50);
            }
            if (run.isDone()) {
                run.get(); // the watcher's failure
            }
            assertThat(sent).as("files sent so far").hasSizeGreaterThanOrEqualTo(count);
        }

        @Override
        public void close() throws Exception {
            watcher.stop();
            assertThat(watcher.awaitFinished(Duration.ofSeconds(10))).isTrue();
            run.get();
            thread.shutdown();
            publisher.close();
        }
    }

    @Test
    void publishesEveryDroppedFileOnceAcrossRestarts() throws Exception {
        Path early = TestImages.write(dir.resolve("1_early.png"), "png", 28, 28);
        Path bmp = TestImages.write(dir.resolve("2_scan.bmp"), "bmp", 30, 20);
        byte[] slowContent;
        byte[] firstRedo;
        byte[] secondRedo;

        try (RunningWatcher watcher = new RunningWatcher(AfterSend.KEEP)) {
            watcher.awaitSent(2);

            slowContent = writeSlowly(dir.resolve("3_slow.png"));
            Path staged = TestImages.write(dir.resolve(".4_renamed.png.part"), "jpeg", 28, 28);
            Files.move(staged, dir.resolve("4_renamed.png"), StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(dir.resolve("notes.txt"), "not an image");
            firstRedo = Files.readAllBytes(TestImages.write(dir.resolve("5_redo.png"), "png", 28, 28));
            watcher.awaitSent(5);

            // A scanner reusing the name: another size and time make it another file.
            Thread.sleep(20);
            secondRedo = Files.readAllBytes(TestImages.write(dir.resolve("5_redo.png"), "png", 40, 40));
            watcher.awaitSent(6);
            assertThat(watcher.skipped).containsExactly("notes.txt");
        }
        assertThat(Files.exists(dir.resolve(SentLog.FILE_NAME))).isTrue();

        // Restarted, moving what it sends: nothing already sent goes again, only moves; new files go once.
        try (RunningWatcher watcher = new RunningWatcher(AfterSend.MOVE)) {
            Files.copy(dir.resolve("1_early.png"), dir.resolve("6_late.png"));
            watcher.awaitSent(1);
            awaitFile(dir.resolve(DropFolderWatcher.SENT_DIR).resolve("5_redo.png"));
            awaitFile(dir.resolve(DropFolderWatcher.REJECTED_DIR).resolve("notes.txt"));
            assertThat(watcher.sent).containsExactly("6_late.png");
            assertThat(watcher.skipped).as("refused once, in the first run").isEmpty();
        }
        try (RunningWatcher watcher = new RunningWatcher(AfterSend.MOVE)) {
            Thread.sleep(SETTLE.toMillis() * 4);
            assertThat(watcher.sent).isEmpty();
        }

        Map<String, List<ConsumerRecord<String, DigitImage>>> byId = TopicRecords.readAll(client(), TOPIC,
                ContractSerdes.digitImage()).stream().collect(Collectors.groupingBy(ConsumerRecord::key));
        assertThat(byId.keySet()).containsExactlyInAnyOrder("scanner-7/1_early.png", "scanner-7/2_scan.bmp",
                "scanner-7/3_slow.png", "scanner-7/4_renamed.png", "scanner-7/5_redo.png", "scanner-7/6_late.png");
        assertThat(byId).allSatisfy((id, records) -> assertThat(records).as(id)
                .hasSize(id.endsWith("5_redo.png") ? 2 : 1));
        Function<String, DigitImage> only = id -> byId.get("scanner-7/" + id).get(0).value();
        assertThat(only.apply("1_early.png").getLabel()).isEqualTo(1);
        assertThat(only.apply("1_early.png").getPixels()).isEqualTo(ByteBuffer.wrap(Files.readAllBytes(
                dir.resolve("sent/1_early.png"))));
        assertThat(only.apply("2_scan.bmp").getLabel()).isEqualTo(2);
        assertThat(only.apply("2_scan.bmp").getWidth()).isEqualTo(30);
        assertThat(only.apply("3_slow.png").getPixels()).as("the whole file, not a part").isEqualTo(ByteBuffer.wrap(slowContent));
        assertThat(only.apply("4_renamed.png").getSource()).isEqualTo("scanner-7");
        assertThat(byId.get("scanner-7/5_redo.png")).extracting(r -> r.value().getPixels())
                .containsExactly(ByteBuffer.wrap(firstRedo), ByteBuffer.wrap(secondRedo));

        try (var remaining = Files.list(dir)) {
            assertThat(remaining.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(SentLog.FILE_NAME, SentLog.REJECTED_FILE_NAME, DropFolderWatcher.SENT_DIR,
                            DropFolderWatcher.REJECTED_DIR);
        }
        assertThat(bmp).doesNotExist();
        assertThat(early).doesNotExist();
    }

    @Test
    void refusesAFileOverTheProducersLimitOnceAndSendsTheRestOfItsBatch() throws Exception {
        // Names of one length: the id, part of the record, is as long for each.
        int limit = largestFileTheProducerSends("scanner-7/1_below.png", 1);
        Path small = TestImages.write(dir.resolve("0_small.png"), "png", 28, 28);
        padded(dir.resolve("1_below.png"), limit - 1);
        padded(dir.resolve("2_limit.png"), limit);
        padded(dir.resolve("3_above.png"), limit + 1);
        Files.copy(small, dir.resolve("4_small.png"));

        try (RunningWatcher watcher = new RunningWatcher(AfterSend.KEEP, LIMIT_TOPIC)) {
            watcher.awaitSent(4);
            awaitSkipped(watcher, 1);
            assertThat(watcher.sent).containsExactlyInAnyOrder("0_small.png", "1_below.png", "2_limit.png", "4_small.png");
            assertThat(watcher.skipped).containsExactly("3_above.png");
            assertThat(watcher.reasons).singleElement().asString().contains("too large for one Kafka record")
                    .contains(String.valueOf(limit + 1));
        }
        // Restarted: the refused file is neither sent nor reported again, only moved aside.
        try (RunningWatcher watcher = new RunningWatcher(AfterSend.MOVE, LIMIT_TOPIC)) {
            awaitFile(dir.resolve(DropFolderWatcher.REJECTED_DIR).resolve("3_above.png"));
            awaitFile(dir.resolve(DropFolderWatcher.SENT_DIR).resolve("4_small.png"));
            Thread.sleep(SETTLE.toMillis() * 4);
            assertThat(watcher.sent).isEmpty();
            assertThat(watcher.skipped).isEmpty();
        }

        Map<String, List<ConsumerRecord<String, DigitImage>>> byId = TopicRecords.readAll(client(), LIMIT_TOPIC,
                ContractSerdes.digitImage()).stream().collect(Collectors.groupingBy(ConsumerRecord::key));
        assertThat(byId).containsOnlyKeys("scanner-7/0_small.png", "scanner-7/1_below.png", "scanner-7/2_limit.png",
                "scanner-7/4_small.png");
        assertThat(byId).allSatisfy((id, records) -> assertThat(records).as(id).hasSize(1));
        assertThat(byId.get("scanner-7/2_limit.png").get(0).value().getPixels().remaining()).isEqualTo(limit);
    }

    /** {@code publish images DIR} without --watch: the same limit, and a refused file does not stop the run. */
    @Test
    void publishingAFolderOnceRefusesOnlyTheFileOverTheProducersLimit() throws Exception {
        int limit = largestFileTheProducerSends("scanner-7/1_below.png", 1);
        Path small = TestImages.write(dir.resolve("0_small.png"), "png", 28, 28);
        padded(dir.resolve("1_below.png"), limit - 1);
        padded(dir.resolve("2_limit.png"), limit);
        padded(dir.resolve("3_above.png"), limit + 1);
        Files.copy(small, dir.resolve("4_small.png"));
        ImageFolder folder = ImageFolder.scan(dir, FileLabels.of(dir, null, Pattern.compile("(?<label>\\d)_.*")));

        ImagePublisher.FilesSent sent;
        try (ImagePublisher publisher = new ImagePublisher(client(), ONE_SHOT_TOPIC, "drop-labels")) {
            sent = publisher.publishFiles(folder.images(), "scanner-7", LabelMode.INLINE, 0, ProgressListener.NONE);
        }

        assertThat(sent.sent()).isEqualTo(4);
        assertThat(sent.tooLarge()).singleElement().satisfies(refused -> {
            assertThat(refused.file().path().getFileName()).hasToString("3_above.png");
            assertThat(refused.reason()).isNotBlank();
        });
        assertThat(TopicRecords.readAll(client(), ONE_SHOT_TOPIC, ContractSerdes.digitImage()))
                .extracting(ConsumerRecord::key).containsExactlyInAnyOrder("scanner-7/0_small.png", "scanner-7/1_below.png",
                        "scanner-7/2_limit.png", "scanner-7/4_small.png");
    }

    @Test
    void aFileTheBrokerRefusesIsRejectedAndTheAcknowledgedOnesAreNeverResent() throws Exception {
        TestImages.write(dir.resolve("a.png"), "png", 28, 28);
        incompressible(dir.resolve("b.png"), SMALL_TOPIC_MAX_BYTES * 2); // under the producer's limit, over the topic's
        TestImages.write(dir.resolve("c.png"), "png", 28, 28);

        try (RunningWatcher watcher = new RunningWatcher(AfterSend.KEEP, SMALL_TOPIC)) {
            watcher.awaitSent(2);
            awaitSkipped(watcher, 1);
            assertThat(watcher.sent).containsExactlyInAnyOrder("a.png", "c.png");
            assertThat(watcher.skipped).containsExactly("b.png");
            assertThat(watcher.reasons).singleElement().asString().contains("too large for one Kafka record");
            TestImages.write(dir.resolve("d.png"), "png", 28, 28); // the publisher goes on after the refusal
            watcher.awaitSent(3);
        }
        try (RunningWatcher watcher = new RunningWatcher(AfterSend.KEEP, SMALL_TOPIC)) {
            Thread.sleep(SETTLE.toMillis() * 4);
            assertThat(watcher.sent).isEmpty();
            assertThat(watcher.skipped).isEmpty();
        }
        assertThat(TopicRecords.readAll(client(), SMALL_TOPIC, ContractSerdes.digitImage()))
                .extracting(ConsumerRecord::key).containsExactlyInAnyOrder("scanner-7/a.png", "scanner-7/c.png",
                        "scanner-7/d.png");
    }

    /**
     * The largest file the producer sends as image {@code id}: Kafka's upper bound of a record's size in a batch of its
     * own (record batch v2: 61 bytes of batch header, at most 21 of record overhead, the key and value with their
     * varint lengths, and the header count) must not exceed max.request.size.
     */
    private static int largestFileTheProducerSends(String id, int label) {
        int low = 0;
        int high = MAX_REQUEST_SIZE;
        while (low < high) { // the largest size that fits, by bisection
            int mid = (low + high + 1) >>> 1;
            if (recordUpperBound(id, label, mid) <= MAX_REQUEST_SIZE) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private static int recordUpperBound(String id, int label, int fileSize) {
        byte[] key = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] value = ContractSerdes.digitImage().serialize(TOPIC, io.digitstream.dataset.DigitRecords.of(id, "scanner-7",
                io.digitstream.dataset.DigitRecords.captureTimeNow(), io.digitstream.schemas.PixelEncoding.PNG, 28, 28, new byte[fileSize], label));
        return 61 + 21 + ByteUtils.sizeOfVarint(key.length) + key.length + ByteUtils.sizeOfVarint(value.length)
                + value.length + ByteUtils.sizeOfVarint(0);
    }

    /** A real 28x28 PNG followed by zeros up to {@code size} bytes (readers stop at its end; lz4 shrinks the rest). */
    private static void padded(Path file, int size) throws IOException {
        byte[] png = Files.readAllBytes(TestImages.write(Files.createTempFile("pad", ".png"), "png", 28, 28));
        Files.write(file, java.util.Arrays.copyOf(png, size));
    }

    /** A real PNG followed by random bytes up to {@code size}: what no compression shrinks. */
    private static void incompressible(Path file, int size) throws IOException {
        byte[] png = Files.readAllBytes(TestImages.write(Files.createTempFile("noise", ".png"), "png", 28, 28));
        byte[] bytes = java.util.Arrays.copyOf(png, size);
        byte[] noise = new byte[size - png.length];
        new java.util.Random(3).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, png.length, noise.length);
        Files.write(file, bytes);
    }

    private static void awaitSkipped(RunningWatcher watcher, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (watcher.skipped.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(watcher.skipped).hasSizeGreaterThanOrEqualTo(count);
    }

    /** A PNG written in pieces, with pauses shorter than the settle time between them. */
    private static byte[] writeSlowly(Path file) throws Exception {
        byte[] content = Files.readAllBytes(TestImages.write(Files.createTempFile("slow", ".png"), "png", 200, 200));
        try (OutputStream out = Files.newOutputStream(file)) {
            int piece = content.length / 8 + 1;
            for (int from = 0; from < content.length; from += piece) {
                out.write(content, from, Math.min(piece, content.length - from));
                out.flush();
                Thread.sleep(SETTLE.toMillis() / 3);
            }
        }
        return content;
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(file).exists();
    }

    private static Properties client() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }
}
