package io.handoff.ingest;

import io.handoff.event.BusinessEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A durable log every accepted event goes through before any instance processes it (Kafka, when
 * enabled): events accepted at the edge are acknowledged once the log has them, and are processed by the
 * instance that owns their flow when it reads them back.
 */
public interface EventLog {
    /** Completes when the log has kept every event (acknowledged by all in-sync replicas). */
    CompletableFuture<Void> append(List<BusinessEvent> events);

    /** Whether accepted events go through this log; when not, they are admitted where they arrive. */
    boolean inUse();
}
