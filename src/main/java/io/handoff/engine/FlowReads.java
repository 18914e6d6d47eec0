package io.handoff.engine;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowLookup;
import io.handoff.sla.SlaTally;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * What the rest of the service may read of the engine's state. Each read runs on the engine thread, between two
 * events and ahead of those queued, so it sees one consistent state; the answer completes the future.
 */
public interface FlowReads {
    /** The flow of a key or of a correlation id, as of {@code now}. */
    CompletableFuture<Optional<FlowView>> flow(String keyOrCorrelationId, Instant now);

    /** Per SLA: met, breached and open clocks. */
    CompletableFuture<List<SlaTally>> tallies();

    CompletableFuture<Integer> flowCount();

    /** Per chain of SLAs: the flows held that start it, completed and open, and which stage took how much time. */
    CompletableFuture<List<io.handoff.sla.ChainTally>> chains(Instant now);

    /** Open clocks waiting for their at-risk point or due time. */
    CompletableFuture<Integer> dueCount();

    /** Pictures of the flows in memory with an open clock. */
    CompletableFuture<List<FlowView>> openFlows(Instant now);

    /**
     * The open clocks of the flows kept on disk beyond {@code handoff.engine.max-flows}, as they stood when their
     * flows left memory; read on the caller's thread, beside the engine (a flow moving meanwhile may be missed once).
     */
    void openClocksOnDisk(java.util.function.Consumer<SpilledClock> each);

    CompletableFuture<List<String>> keysStartingWith(String prefix);

    /** Reads each existing flow of {@code keys}, with the flows it links to through the lookup. */
    <T> CompletableFuture<List<T>> eachFlow(List<String> keys, BiFunction<Flow, FlowLookup, T> read);
}
