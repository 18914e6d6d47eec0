package io.handoff.reconcile;

import io.handoff.correlate.Flow;
import java.time.Instant;

/**
 * A condition that holds now for one flow and needs a person: the exception {@code type:flowKey} is open
 * while a detector keeps finding it.
 */
public record Finding(
        String type, Severity severity, Flow about, Double hours, Double amount, Instant since, String summary) {
    public String id() {
        return type + ":" + about.key();
    }
}
