package io.handoff.ingest.poll;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * Takes one page of polled records of a model. Returns only when they are accepted (kept as the
 * webhook's are); throws when they are not, and the poller reads the page again later.
 */
public interface SnapshotSink {
    void accept(String source, String model, List<ObjectNode> rows, Instant now);
}
