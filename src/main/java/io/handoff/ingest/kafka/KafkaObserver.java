package io.handoff.ingest.kafka;

/** Knows how to account for the Kafka collector's work. Quick; called from the consuming and producing threads. */
public interface KafkaObserver {
    /**
     * One record's outcome: {@code accepted}, {@code duplicate}, {@code dead-lettered}, {@code repartitioned}
     * (read on a partition that does not own its flow, sent on to the one that does) or {@code context}
     * (a copy another instance sent for a flow owned here).
     */
    default void record(String result) {
        record(result, 1);
    }

    /** {@code count} records with the same outcome. */
    void record(String result, int count);

    /** Context records sent to other instances' partitions; negative for ones that failed. */
    default void contextSent(int records) {}

    /** A rebalance: {@code assigned}, {@code revoked} or {@code lost}, and the partitions of the events topic now owned. */
    default void rebalance(String kind, int partitionsOwned) {}

    /** Records of {@code topic}'s {@code partition} not yet consumed by the group. */
    default void lag(String topic, int partition, long records) {}

    /** Accepted events of the repartition topic's {@code partition} not yet written into the event store by the sink. */
    default void sinkLag(int partition, long records) {}

    KafkaObserver NONE = (result, count) -> {};
}
