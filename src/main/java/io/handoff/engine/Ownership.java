package io.handoff.engine;

/**
 * Which flows this instance computes SLAs for. With several instances in one Kafka consumer group each
 * owns the flows whose key falls on its partitions; the others it holds only as context (an invoice
 * whose lines it owns, say), without clocks, outcomes or stored pictures. One instance owns all.
 */
@FunctionalInterface
public interface Ownership {
    boolean owns(String flowKey);

    /**
     * Whether two flows are always held in the same place (one partition, or one engine holding everything), so
     * neither needs the other sent as context. Otherwise each side's events are sent to the other's partition even
     * when this instance owns both for now: a partition's store must hold everything its flows need, for whichever
     * instance takes it next.
     */
    default boolean together(String flowKey, String otherKey) {
        return false;
    }

    Ownership ALL = new Ownership() {
        @Override
        public boolean owns(String flowKey) {
            return true;
        }

        @Override
        public boolean together(String flowKey, String otherKey) {
            return true;
        }
    };

    Ownership NONE = key -> false;
}
