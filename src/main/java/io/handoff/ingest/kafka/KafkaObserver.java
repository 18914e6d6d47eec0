package io.handoff.ingest.kafka;

/** Knows how to account for consumed records. Called on the consuming thread; quick. */
public interface KafkaObserver {
    /** One record's outcome: {@code accepted}, {@code duplicate} or {@code dead-lettered}. */
    void record(String result);

    KafkaObserver NONE = result -> {};
}
