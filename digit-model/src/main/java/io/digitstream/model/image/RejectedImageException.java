package io.digitstream.model.image;

import io.digitstream.schemas.FailureStage;

/** An input that cannot be classified, with the stage that found out and a reason for the dead letter. */
public final class RejectedImageException extends Exception {

    private final FailureStage stage;

    public RejectedImageException(FailureStage stage, String reason) {
        super(reason);
        this.stage = stage;
    }

    public RejectedImageException(FailureStage stage, String reason, Throwable cause) {
        super(reason, cause);
        this.stage = stage;
    }

    public FailureStage stage() {
        return stage;
    }
}
