package io.digitstream.classifier.stream;

import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.ReviewRequest;

/** What became of one input record: exactly one prediction or exactly one dead letter. */
public sealed interface Outcome {

    String imageId();

    /** {@code review}: the review request when the prediction is under the review threshold, else null. */
    record Classified(Prediction prediction, ReviewRequest review) implements Outcome {

        public Classified(Prediction prediction) {
            this(prediction, null);
        }

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
