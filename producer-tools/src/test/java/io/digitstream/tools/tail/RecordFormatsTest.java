package io.digitstream.tools.tail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.FailureStage;
import io.digitstream.schemas.Prediction;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordFormatsTest {

    private static final Instant CAPTURED = Instant.ofEpochMilli(1_700_000_000_000L);

    static Prediction prediction(String id, int digit, Integer label) {
        List<Float> probabilities = Collections.nCopies(10, 0.01f);
        return Prediction.newBuilder().setId(id).setSource("mnist-test").setDigit(digit).setConfidence(0.91f)
                .setProbabilities(probabilities).setModelVersion("cnn-1").setCaptureTime(CAPTURED)
                .setClassificationTime(CAPTURED.plusMillis(12)).setLabel(label).build();
    }

    @Test
    void predictionJsonHasEveryFieldWithEpochMillis() {
        JsonNode json = new PredictionFormat().json(prediction("mnist-test-00001", 2, 2));

        assertThat(json.fieldNames()).toIterable().containsExactly("id", "source", "digit", "confidence",
                "probabilities", "modelVersion", "captureTime", "classificationTime", "label");
        assertThat(json.get("confidence").floatValue()).isEqualTo(0.91f);
        assertThat(json.get("probabilities")).hasSize(10);
        assertThat(json.get("captureTime").longValue()).isEqualTo(CAPTURED.toEpochMilli());
        assertThat(json.get("classificationTime").longValue()).isEqualTo(CAPTURED.toEpochMilli() + 12);
        assertThat(json.get("label").intValue()).isEqualTo(2);
    }

    @Test
    void predictionWithoutLabelHasNullLabel() {
        assertThat(new PredictionFormat().json(prediction("x", 2, null)).get("label").isNull()).isTrue();
    }

    @Test
    void predictionTableLineShowsVerdictAndLatency() {
        PredictionFormat format = new PredictionFormat();

        assertThat(format.tableLine(prediction("mnist-test-00001", 2, 2)))
                .contains("mnist-test-00001", "digit 2", "91.00%", "label 2 ok", "12 ms", "cnn-1");
        assertThat(format.tableLine(prediction("mnist-test-00002", 3, 5))).contains("label 5 WRONG");
        assertThat(format.tableLine(prediction("mnist-test-00003", 3, null))).contains("label - ");
    }

    static DeadLetter deadLetter(String imageId) {
        return DeadLetter.newBuilder().setImageId(imageId).setOriginalValue(ByteBuffer.wrap(new byte[5]))
                .setStage(FailureStage.DECODE).setReason("corrupt PNG").setTopic("digit-images").setPartition(1)
                .setOffset(42).setTime(CAPTURED).build();
    }

    @Test
    void deadLetterJsonGivesOriginalValueLengthOnly() {
        JsonNode json = new DeadLetterFormat().json(deadLetter("scanner/a.png"));

        assertThat(json.toString()).isEqualTo("{\"imageId\":\"scanner/a.png\",\"stage\":\"DECODE\","
                + "\"reason\":\"corrupt PNG\",\"topic\":\"digit-images\",\"partition\":1,\"offset\":42,"
                + "\"time\":1700000000000,\"originalValueBytes\":5}");
    }

    @Test
    void deadLetterTableLineShowsOriginAndReason() {
        assertThat(new DeadLetterFormat().tableLine(deadLetter(null)))
                .contains("2023-11-14T22:13:20Z", "DECODE", " - ", "digit-images-1@42", "corrupt PNG");
    }
}
