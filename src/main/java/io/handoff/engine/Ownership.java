package io.handoff.engine;

/**
 * Which flows this instance computes SLAs for. With several instances in one Kafka consumer group each
 * owns the flows whose key falls on its partitions; the others it holds only as context (an invoice
 * whose lines it owns, say), without clocks, outcomes or stored pictures. One instance owns all.
 */
@FunctionalInterface
public interface Ownership {
    boolean owns(String flowKey);

    Ownership ALL = key -> true;
    Ownership NONE = key -> false;
}
