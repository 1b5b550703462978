package io.digitstream.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.digitstream.idx.LabeledImages;
import io.digitstream.image.BuiltInImageReaders;
import io.digitstream.kafka.EmbeddedKafka;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.PixelEncoding;
import io.digitstream.schemas.serde.ContractSerdes;
import io.digitstream.synthetic.SyntheticDigits;
import io.digitstream.synthetic.Textures;
import io.digitstream.synthetic.Variant;
import io.digitstream.testing.MnistFixture;
import io.digitstream.tools.TopicRecords;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Properties;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code publish synthetic} against a real in-JVM broker. MNIST test comes from the default cache (fetched when
 * missing); its first 500 images are the committed fixture, so what was sent can be checked image by image.
 */
class PublishSyntheticIT {

    private static final LabeledImages FIXTURE = MnistFixture.test500();

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.singleNode();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Properties client() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }

    @Test
    void publishesDecodableNotebookPagesWithIdsAndInlineLabels() throws Exception {
        kafka.createTopics(List.of("synthetic-notebook"), 3, (short) 1);

        CommandRun run = CommandRun.execute(new PublishCommand(), "synthetic", "--variant", "notebook",
                "--limit", "50", "--topic", "synthetic-notebook", "--bootstrap-server", kafka.bootstrapServers());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("published 50 images to synthetic-notebook (labels inline)");
        List<ConsumerRecord<String, DigitImage>> records =
                TopicRecords.readAll(client(), "synthetic-notebook", ContractSerdes.digitImage());
        assertThat(records).hasSize(50);
        SyntheticDigits generator = SyntheticDigits.of(Variant.NOTEBOOK, null);
        boolean[] seen = new boolean[50];
        for (ConsumerRecord<String, DigitImage> record : records) {
            DigitImage image = record.value();
            assertThat(record.key()).isEqualTo(image.getId()).matches("notebook-000[0-4][0-9]");
            int index = Integer.parseInt(image.getId().substring("notebook-".length()));
            seen[index] = true;
            assertThat(image.getSource()).isEqualTo("notebook");
            assertThat(image.getLabel()).isEqualTo(FIXTURE.label(index));
            assertThat(image.getEncoding()).isIn(PixelEncoding.PNG, PixelEncoding.JPEG);
            BufferedImage decoded = decode(image);
            assertThat(decoded.getWidth()).isEqualTo(image.getWidth()).isBetween(48, 128);
            assertThat(decoded.getHeight()).isEqualTo(image.getHeight()).isBetween(48, 128);
            assertThat(decoded.getColorModel().getNumColorComponents()).isEqualTo(3);
            assertThat(bytes(image.getPixels()))
                    .as("the default seed's image %d", index)
                    .isEqualTo(generator.generate(FIXTURE, index, SyntheticDigits.DEFAULT_SEED).bytes());
        }
        assertThat(seen).containsOnly(true);
    }

    @Test
    void publishesRotatedDigitsOnTestPhotographsWithTheSeedSourceAndSeparateLabels() throws Exception {
        kafka.createTopics(List.of("synthetic-rot", "synthetic-rot-labels"), 3, (short) 1);

        CommandRun run = CommandRun.execute(new PublishCommand(), "synthetic", "--variant", "rot-back-image",
                "--seed", "5", "--limit", "20", "--source", "scanner-7", "--labels", "separate", "--topic", "synthetic-rot",
                "--labels-topic", "synthetic-rot-labels", "--bootstrap-server", kafka.bootstrapServers());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("backgrounds: 4 scikit-image photographs");
        List<ConsumerRecord<String, DigitImage>> images =
                TopicRecords.readAll(client(), "synthetic-rot", ContractSerdes.digitImage());
        List<ConsumerRecord<String, LabelEvent>> labels =
                TopicRecords.readAll(client(), "synthetic-rot-labels", ContractSerdes.labelEvent());
        assertThat(images).hasSize(20);
        assertThat(labels).hasSize(20);
        // Backgrounds from the test photographs, never the training ones.
        SyntheticDigits generator = SyntheticDigits.of(Variant.ROT_BACK_IMAGE, Textures.fetch().testSet());
        for (ConsumerRecord<String, DigitImage> record : images) {
            DigitImage image = record.value();
            int index = Integer.parseInt(image.getId().substring("rot-back-image-".length()));
            assertThat(image.getSource()).isEqualTo("scanner-7");
            assertThat(image.getLabel()).as("labels travel separately").isNull();
            assertThat(image.getEncoding()).isEqualTo(PixelEncoding.GRAY8);
            assertThat(image.getWidth()).isEqualTo(28);
            assertThat(image.getHeight()).isEqualTo(28);
            assertThat(bytes(image.getPixels())).isEqualTo(generator.generate(FIXTURE, index, 5).bytes());
        }
        for (ConsumerRecord<String, LabelEvent> record : labels) {
            int index = Integer.parseInt(record.key().substring("rot-back-image-".length()));
            assertThat(record.value().getLabel()).isEqualTo(FIXTURE.label(index));
        }
    }

    @Test
    void anUnknownVariantIsBadInputNamingTheKnownOnes() {
        CommandRun run = CommandRun.execute(new PublishCommand(), "synthetic", "--variant", "sideways",
                "--bootstrap-server", "localhost:1");

        assertThat(run.exitCode()).isEqualTo(KafkaCommand.BAD_INPUT);
        assertThat(run.err()).contains("sideways").contains(Variant.ids());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static BufferedImage decode(DigitImage image) throws Exception {
        ImageReader reader = BuiltInImageReaders.forFormat(image.getEncoding().name());
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes(image.getPixels())))) {
            reader.setInput(input, true, true);
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }
}
