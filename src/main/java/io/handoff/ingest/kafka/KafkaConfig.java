package io.handoff.ingest.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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
     * Handoff's own topic, keyed by flow, with as many partitions as {@link #topic()} (created so at start-up when
     * missing): every accepted event (from the events topic, over HTTP, by the poller), and copies of events other
     * partitions need as context for their flows. Its partitions are the unit of ownership: Kafka Streams assigns each
     * to one instance ({@code io.handoff.scaleout}).
     */
    String repartitionTopic();

    /** Where records that are not valid events go, with the reason in the {@code dead-letter-reason} header. */
    String deadLetterTopic();

    /** Consumer group: instances of one deployment share it. */
    String groupId();

    /** The ingest source name events from Kafka are counted under (the {@code source} metric label). */
    @WithDefault("kafka")
    String source();

    /**
     * Kafka Streams, the keyed, stateful middle: {@code handoff.kafka.streams.*} ({@code io.handoff.scaleout}). Flow
     * state lives per partition of the repartition topic in state stores (RocksDB on local disk, changelogged to
     * Kafka): an instance taking a partition over restores it from the changelog, and the event store is written by a
     * sink consumer of its own.
     */
    Streams streams();

    interface Streams {
        /** The Streams application id (also its consumer group and the prefix of its internal topics). */
        @WithDefault("${handoff.kafka.group-id}-flows")
        String applicationId();

        /** Where the state stores live on local disk; a restart with the directory intact restores from it, not from Kafka. */
        @WithDefault("data/kafka-streams")
        String stateDir();

        /** Warm copies of each partition's state on other instances, for a fail-over without restoring the changelog. */
        @WithDefault("0")
        int standbyReplicas();

        /**
         * How often each partition asks the engine up to when its outcomes have been told, and records the answer (what
         * a new owner takes as told; what was told after it is told again when the partition moves).
         */
        @WithDefault("1s")
        Duration checkpointInterval();

        /**
         * How often a partition's progress (its stores' changes and the offsets read) is committed: under exactly-once
         * one transaction each, which the stream thread waits for. After a crash the new owner processes again what
         * the last commit did not cover, and tells its outcomes again: a longer interval is a little faster
         * (1 s: about 5 % more records a second) and counts more twice after a kill.
         */
        @WithDefault("100ms")
        Duration commitInterval();

        /** {@code exactly_once_v2} (needs brokers ≥ 2.5 with transactions) or {@code at_least_once}. */
        @WithDefault("exactly_once_v2")
        String processingGuarantee();

        /**
         * The URL other instances reach this one's API at ({@code http://handoff-1.handoff:8080}): a flow asked of an
         * instance that does not own it is answered by its owner, asked there with the caller's credentials. Default:
         * this host's name and {@code quarkus.http.port}.
         */
        java.util.Optional<String> advertisedUrl();

        /** The consumer group of the sink writing accepted events into the event store. */
        @WithDefault("${handoff.kafka.group-id}-store")
        String sinkGroupId();

        /** Records per poll of the sink, i.e. the largest bulk it writes at once. */
        @WithDefault("5000")
        int sinkBatch();

        /**
         * Any other Kafka Streams or client setting, passed as it is: {@code handoff.kafka.streams.properties."session.timeout.ms"=10000}
         * (how soon a killed instance's partitions move), {@code num.stream.threads}.
         */
        java.util.Map<String, String> properties();
    }
}
