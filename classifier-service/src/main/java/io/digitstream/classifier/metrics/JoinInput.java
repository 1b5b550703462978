package io.digitstream.classifier.metrics;

import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.Prediction;

/** The two sides of the label join, merged into one stream so one processor (and its store) sees both. */
sealed interface JoinInput {

    record Predicted(Prediction prediction) implements JoinInput {
    }

    record Labeled(LabelEvent label) implements JoinInput {
    }
}
