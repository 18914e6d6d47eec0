package io.handoff.store.elastic;

import io.handoff.testing.ElasticsearchServer;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service on a real Elasticsearch: a short acknowledgement timeout, a small write buffer, an index prefix of its own. */
public class ElasticProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "handoff.store.kind", "elasticsearch",
                "handoff.store.elasticsearch.hosts",
                        ElasticsearchServer.shared().url(),
                "handoff.store.elasticsearch.index-prefix", "svc" + System.nanoTime() % 1_000_000,
                "handoff.store.elasticsearch.replicas", "0",
                "handoff.store.elasticsearch.ack-timeout", "2s",
                "handoff.store.elasticsearch.buffer-events", "3000",
                "handoff.store.elasticsearch.max-backoff", "1s",
                "handoff.ingest.retry-after-seconds", "1");
    }
}
