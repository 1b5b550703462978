package io.digitstream.tools.publish;

/** Where the ground truth of a published image goes. */
public enum LabelMode {
    /** In the image record's {@code label} field. */
    INLINE,
    /** In a {@code LabelEvent} on the labels topic, keyed by image id and sent after the image. */
    SEPARATE,
    /** Nowhere: the images go out unlabeled. */
    NONE
}
