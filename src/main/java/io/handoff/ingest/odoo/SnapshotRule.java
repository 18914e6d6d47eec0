package io.handoff.ingest.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import io.handoff.event.EventType;
import java.util.List;

/** Emit {@code emit} for a snapshot of {@code model} whose fields pass every condition. */
record SnapshotRule(String name, String model, List<FieldCondition> when, EventType emit) {
    boolean matches(String snapshotModel, JsonNode record) {
        if (!model.equals(snapshotModel)) {
            return false;
        }
        for (FieldCondition condition : when) {
            if (!condition.test(record)) {
                return false;
            }
        }
        return true;
    }
}
