package io.digitstream.schemas.serde;

import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.LabelEvent;
import io.digitstream.schemas.MetricsSnapshot;
import io.digitstream.schemas.ModelRelease;
import io.digitstream.schemas.ModelRoles;
import io.digitstream.schemas.Prediction;
import io.digitstream.schemas.ReviewRequest;

/** The serdes of the digit-stream topics, all reading through the bundled {@link SchemaCatalog} of their contract. */
public final class ContractSerdes {

    private ContractSerdes() {
    }

    public static SingleObjectSerde<DigitImage> digitImage() {
        return SingleObjectSerde.of(DigitImage.getEncoder(), DigitImage::createDecoder, DigitImage.getClassSchema());
    }

    public static SingleObjectSerde<LabelEvent> labelEvent() {
        return SingleObjectSerde.of(LabelEvent.getEncoder(), LabelEvent::createDecoder, LabelEvent.getClassSchema());
    }

    public static SingleObjectSerde<Prediction> prediction() {
        return SingleObjectSerde.of(Prediction.getEncoder(), Prediction::createDecoder, Prediction.getClassSchema());
    }

    public static SingleObjectSerde<DeadLetter> deadLetter() {
        return SingleObjectSerde.of(DeadLetter.getEncoder(), DeadLetter::createDecoder, DeadLetter.getClassSchema());
    }

    public static SingleObjectSerde<ReviewRequest> reviewRequest() {
        return SingleObjectSerde.of(ReviewRequest.getEncoder(), ReviewRequest::createDecoder, ReviewRequest.getClassSchema());
    }

    public static SingleObjectSerde<MetricsSnapshot> metricsSnapshot() {
        return SingleObjectSerde.of(MetricsSnapshot.getEncoder(), MetricsSnapshot::createDecoder, MetricsSnapshot.getClassSchema());
    }

    public static SingleObjectSerde<ModelRelease> modelRelease() {
        return SingleObjectSerde.of(ModelRelease.getEncoder(), ModelRelease::createDecoder, ModelRelease.getClassSchema());
    }

    public static SingleObjectSerde<ModelRoles> modelRoles() {
        return SingleObjectSerde.of(ModelRoles.getEncoder(), ModelRoles::createDecoder, ModelRoles.getClassSchema());
    }
}
