package io.handoff.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Ingestion limits: {@code handoff.ingest.*}. (The sources allowed to send: {@code web.SourcesConfig}.) */
@ConfigMapping(prefix = "handoff.ingest")
public interface IngestConfig {
    /** Largest request body accepted, in bytes; larger bodies get 413. */
    @WithDefault("10485760")
    int maxBodyBytes();

    /** Longest CloudEvent {@code id}, in UTF-8 bytes. */
    @WithDefault("256")
    int maxIdBytes();

    /** Longest CloudEvent {@code source}, in UTF-8 bytes. */
    @WithDefault("512")
    int maxSourceBytes();

    /** Longest CloudEvent {@code subject} ({@code <model>/<id>}), in UTF-8 bytes. */
    @WithDefault("256")
    int maxSubjectBytes();

    /** Longest {@code correlationid}, in UTF-8 bytes. */
    @WithDefault("256")
    int maxCorrelationIdBytes();

    /** Longest client, project or group name, in UTF-8 bytes (they become mail subjects and labels). */
    @WithDefault("200")
    int maxLabelBytes();

    /** Most events in one batch request. */
    @WithDefault("10000")
    int maxBatchEvents();

    /** How far in the future an event time may lie (clock skew) before it is refused. */
    @WithDefault("5m")
    Duration maxFutureSkew();

    /** How far in the past an event time may lie before it is refused as implausible. */
    @WithDefault("P400D")
    Duration maxAge();

    /** Event identities remembered for answering duplicates at the edge. */
    @WithDefault("200000")
    int dedupWindow();

    /**
     * Ingest requests parsed at the same time at most; others wait their turn. 0 means one less
     * than the number of cores (at least 1), so parsing never starves the engine thread.
     */
    @WithDefault("0")
    int maxConcurrentRequests();

    /**
     * A request is admitted only while at most this many accepted events wait for the engine;
     * this bounds the delay from acceptance to effect (2,000 events ≈ 15 ms of engine work).
     */
    @WithDefault("2000")
    int admissionBacklog();

    /** How long a request may wait for admission before it is refused with 503. */
    @WithDefault("10s")
    Duration maxAdmissionWait();

    /** Seconds a client is told to wait (Retry-After) when the buffer is full. */
    @WithDefault("1")
    int retryAfterSeconds();
}
