package io.digitstream.classifier.stream;

import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.Prediction;

/** What became of one input record: exactly one prediction or exactly one dead letter. */
public sealed interface Outcome {

    String imageId();

    record Classified(Prediction prediction) implements Outcome {
        @Override
        public String imageId() {
            return prediction.getId();
        }
    }

    record Rejected(DeadLetter deadLetter) implements Outcome {
        @Override
        public String imageId() {
            return deadLetter.getImageId();
        }
    }
}
