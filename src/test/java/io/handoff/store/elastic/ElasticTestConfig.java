package io.handoff.store.elastic;

import io.handoff.store.StoreConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Optional;

/** Store settings for tests that build an {@link ElasticStore} without Quarkus. */
record ElasticTestConfig(String url, String indexPrefix, int bufferEvents, Duration flushInterval, Duration maxBackoff)
        implements StoreConfig.Elasticsearch {

    static ElasticTestConfig of(String url, String prefix) {
        return new ElasticTestConfig(url, prefix, 50_000, Duration.ofMillis(20), Duration.ofSeconds(2));
    }

    ElasticTestConfig withBufferEvents(int events) {
        return new ElasticTestConfig(url, indexPrefix, events, flushInterval, maxBackoff);
    }

    @Override
    public List<URI> hosts() {
        return List.of(URI.create(url));
    }

    @Override
    public Optional<String> apiKey() {
        return Optional.empty();
    }

    @Override
    public Optional<String> username() {
        return Optional.empty();
    }

    @Override
    public Optional<String> password() {
        return Optional.empty();
    }

    @Override
    public int replicas() {
        return 0;
    }

    @Override
    public int bulkActions() {
        return Integer.getInteger("probe.actions", 1000);
    }

    @Override
    public int bulkBytes() {
        return 5_000_000;
    }

    @Override
    public int concurrentRequests() {
        return Integer.getInteger("probe.concurrency", 2);
    }

    @Override
    public int bufferDocuments() {
        return 20_000;
    }

    @Override
    public Duration ackTimeout() {
        return Duration.ofSeconds(10);
    }

    @Override
    public Duration startupTimeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    public Period retention() {
        return Period.ofDays(400);
    }
}
