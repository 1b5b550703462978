package io.digitstream.tools.watch;

/** What happens to a drop folder's file once Kafka has acknowledged its image. */
public enum AfterSend {
    /** Moved into the folder's {@code sent/} subfolder. */
    MOVE,
    /** Left where it is; the folder's state file marks it as sent. */
    KEEP
}
