package io.handoff.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The engine's bounds: {@code handoff.engine.*}. */
@ConfigMapping(prefix = "handoff.engine")
public interface EngineConfig {
    /**
     * Flows kept in memory at most; beyond it the least recently changed goes to disk (see {@link #spillDir()}) and
     * comes back when an event, a falling due or a query needs it.
     */
    @WithDefault("500000")
    int maxFlows();

    /**
     * Where flows beyond {@link #maxFlows()} are kept on disk: a fresh directory per process under
     * {@code handoff-spill} in it, deleted on stop. Default: the system's temporary directory.
     */
    Optional<String> spillDir();

    /** Events accepted but not yet applied at most; beyond it ingestion answers 503 with Retry-After. */
    @WithDefault("200000")
    int bufferCapacity();

    /** How often time is advanced for SLA clocks when no event arrives. */
    @WithDefault("250ms")
    Duration tick();

    /** How often the flows changed since the last time are written to the store as documents. */
    @WithDefault("1s")
    Duration flowWriteInterval();

    /** Events one flow holds at most; further events about it are refused at the edge (422 flow-full, counted). */
    @WithDefault("1000")
    int maxEventsPerFlow();

    /** Flows that may link to one target (an invoice's lines) at most; further links are refused at the edge (422 flow-full). */
    @WithDefault("20000")
    int maxLinksPerTarget();

    /**
     * The firm's groups (e.g. practices), always kept as label values; they do not count against
     * {@link #maxGroups()}, so undeclared values can never push them into "other".
     */
    Optional<List<String>> groups();

    /** Distinct undeclared values of the grouping label kept at most, first come (the rest are counted as "other"). */
    @WithDefault("50")
    int maxGroups();
}
