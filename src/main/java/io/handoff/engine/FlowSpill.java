package io.handoff.engine;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where the engine puts the flows it has no room for in memory, and takes them back from when an event, a falling
 * due or a query needs them: {@code handoff.engine.max-flows} then costs reads from disk, not wrong clocks. Called on
 * the engine's thread only, except {@link #openClocks}; what it keeps lives as long as the engine (a restart rebuilds
 * the engine from the store's events).
 */
public interface FlowSpill {
    /**
     * Keeps a flow out of memory, findable from the flows it links to ({@link #linkersOf}) and by its correlation ids
     * ({@link #keyOf}).
     *
     * @return false when it could not be kept (the engine then drops it, counted)
     */
    boolean keep(FlowState state);

    /** Removes and returns the flow kept under this key. */
    Optional<FlowState> take(String key);

    /** The flow kept under this key, left there (a read for a query). */
    Optional<FlowState> peek(String key);

    /** The key of the subject flow kept that carries this correlation id. */
    Optional<String> keyOf(String correlationId);

    /** Keys of the flows kept that link to {@code key} (an invoice's lines kept out of memory). */
    Set<String> linkersOf(String key);

    /** Keys of the flows kept that {@code which} accepts (a scan of every key: for rare events, like a rebalance). */
    List<String> keys(Predicate<String> which);

    /** How many flows are kept. */
    long size();

    /**
     * Every open clock of the flows kept, as it stood when its flow left memory. Safe on any thread and meant for one
     * other than the engine's: it reads in short slices, between which the engine goes on, so a flow kept or taken
     * back during the walk may be missed or seen once.
     */
    void openClocks(Consumer<SpilledClock> each);

    /** Keeps nothing: flows beyond the bound are dropped. */
    FlowSpill NONE = new FlowSpill() {
        @Override
        public boolean keep(FlowState state) {
            return false;
        }

        @Override
        public Optional<FlowState> take(String key) {
            return Optional.empty();
        }

        @Override
        public Optional<FlowState> peek(String key) {
            return Optional.empty();
        }

        @Override
        public Optional<String> keyOf(String correlationId) {
            return Optional.empty();
        }

        @Override
        public Set<String> linkersOf(String key) {
            return Set.of();
        }

        @Override
        public List<String> keys(Predicate<String> which) {
            return List.of();
        }

        @Override
        public long size() {
            return 0;
        }

        @Override
        public void openClocks(Consumer<SpilledClock> each) {}
    };
}
