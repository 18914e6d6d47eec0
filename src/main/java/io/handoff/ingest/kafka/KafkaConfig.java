package io.handoff.ingest.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Kafka collector: {@code handoff.kafka.*}. Off by default; the service then opens no connection to any broker. */
@ConfigMapping(prefix = "handoff.kafka")
public interface KafkaConfig {
    /** Consume business events from Kafka. */
    @WithDefault("false")
    boolean enabled();

    // Defaults of the keys the channel configuration uses live in application.properties, next to it.

    /** Brokers to connect to, comma-separated. */
    String bootstrapServers();

    /** Topic of the CloudEvents. */
    String topic();

    /**
     * Handoff's own topic, with as many partitions as {@link #topic()} (created so at start-up when missing):
     * events accepted over HTTP, by the poller or on the wrong partition, sent to the partition that owns their
     * flow; and copies of events other instances need as context for the flows they own.
     */
    String repartitionTopic();

    /** Where records that are not valid events go, with the reason in the {@code dead-letter-reason} header. */
    String deadLetterTopic();

    /** Consumer group: instances of one deployment share it. */
    String groupId();

    /** The ingest source name events from Kafka are counted under (the {@code source} metric label). */
    @WithDefault("kafka")
    String source();
}
