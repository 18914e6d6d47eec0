package io.handoff.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Optional;

/** Where Handoff keeps what it accepts ({@code handoff.store.*}). */
@ConfigMapping(prefix = "handoff.store")
public interface StoreConfig {

    enum Kind {
        /** In this process, bounded, lost on restart: the embedded default. */
        MEMORY,
        /** Elasticsearch as the system of record. */
        ELASTICSEARCH
    }

    /** memory (default) or elasticsearch. */
    @WithDefault("memory")
    Kind kind();

    Memory memory();

    Elasticsearch elasticsearch();

    interface Memory {
        /** Most events-per-flow, flow and exception entries kept (each); the oldest go first. */
        @WithDefault("100000")
        int capacity();
    }

    interface Elasticsearch {
        /** Cluster nodes, e.g. http://localhost:9200. */
        @WithDefault("http://localhost:9200")
        List<URI> hosts();

        /** API key (the base64 "encoded" form); preferred over user name and password. */
        Optional<String> apiKey();

        /** User name for basic authentication, with {@code password}, when no API key is set. */
        Optional<String> username();

        /** Password of {@code username}; never logged. */
        Optional<String> password();

        /** Prefix of every index and template Handoff creates. */
        @WithDefault("handoff")
        String indexPrefix();

        /** Replicas of each index; 0 on a single-node cluster. */
        @WithDefault("1")
        int replicas();

        /** Bulk requests carry at most this many operations... */
        @WithDefault("1000")
        int bulkActions();

        /** ...and at most about this many bytes of documents. */
        @WithDefault("5000000")
        int bulkBytes();

        /** A bulk request leaves at the latest this long after its first operation was queued. */
        @WithDefault("50ms")
        Duration flushInterval();

        /** Bulk requests in flight at once. */
        @WithDefault("4")
        int concurrentRequests();

        /** Events waiting to be written, at most; beyond it ingestion answers 503. */
        @WithDefault("50000")
        int bufferEvents();

        /** Flow and exception documents waiting to be written, at most; beyond it they wait in the engine. */
        @WithDefault("20000")
        int bufferDocuments();

        /** How long an ingest request waits for its events to be stored before answering 503. */
        @WithDefault("10s")
        Duration ackTimeout();

        /** Longest pause between retries of a failed bulk request (exponential backoff with jitter). */
        @WithDefault("30s")
        Duration maxBackoff();

        /** How long start-up waits for the cluster before giving up. */
        @WithDefault("60s")
        Duration startupTimeout();

        /** Events indices (one per month of event time) older than this are deleted. */
        @WithDefault("P400D")
        Period retention();
    }
}
