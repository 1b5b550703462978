package io.digitstream.tools.tail;

/** Where a {@link TopicTail} starts reading each partition. */
public enum StartAt {
    /** The oldest committed record still retained. */
    BEGINNING,
    /** The end as of opening the tail: only records written afterwards. */
    END
}
