package io.digitstream.tools.tail;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** How a tailed record is shown: one aligned table line for people, or one JSON object for programs. */
public interface RecordFormat<V> {

    String tableLine(V value);

    /** Times as epoch milliseconds. */
    ObjectNode json(V value);
}
