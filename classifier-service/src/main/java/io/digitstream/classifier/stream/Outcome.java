package io.digitstream.classifier.stream;

import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.ReviewRequest;

/** What became of one input record: exactly one prediction or exactly one dead letter. */
public sealed interface Outcome {

    String imageId();

    /**
     * @param prediction the output, for the predictions topic
     * @param shadow     with a challenger, the other model's prediction of the image, for the shadow topic; else null
     * @param review     the review request when the prediction is under the review threshold, else null
     */
    record Classified(Prediction prediction, Prediction shadow, ReviewRequest review) implements Outcome {

        public Classified(Prediction prediction) {
            this(prediction, null, null);
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
