package io.digitstream.tools.tail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.schemas.DeadLetter;

/** Shows where a rejected input came from and why; its bytes only by their length. */
public final class DeadLetterFormat implements RecordFormat<DeadLetter> {

    @Override
    public String tableLine(DeadLetter d) {
        return String.format("%-24s %-10s %-24s %s-%d@%d   %s", d.getTime(), d.getStage(),
                d.getImageId() == null ? "-" : d.getImageId(), d.getTopic(), d.getPartition(), d.getOffset(),
                d.getReason());
    }

    @Override
    public ObjectNode json(DeadLetter d) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("imageId", d.getImageId());
        node.put("stage", d.getStage().name());
        node.put("reason", d.getReason());
        node.put("topic", d.getTopic());
        node.put("partition", d.getPartition());
        node.put("offset", d.getOffset());
        node.put("time", d.getTime().toEpochMilli());
        node.put("originalValueBytes", d.getOriginalValue() == null ? null : d.getOriginalValue().remaining());
        return node;
    }
}
