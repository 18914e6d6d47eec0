package io.handoff.store.elastic;

import io.handoff.testing.ElasticsearchServer;
import io.handoff.testing.OtlpReceiver;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service on a real Elasticsearch: a short acknowledgement timeout, a small write buffer, an index prefix of its
 * own, and its telemetry exported to {@link #TRACES}. One profile for every class on Elasticsearch, so Quarkus builds
 * and starts that app once for them all.
 */
public class ElasticProfile implements QuarkusTestProfile {
    /** Receives the service's own spans (the Elasticsearch client's requests among them). */
    public static final OtlpReceiver TRACES = new OtlpReceiver();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("handoff.store.kind", "elasticsearch"),
                Map.entry(
                        "handoff.store.elasticsearch.hosts",
                        ElasticsearchServer.shared().url()),
                Map.entry("handoff.store.elasticsearch.index-prefix", "svc" + System.nanoTime() % 1_000_000),
                Map.entry("handoff.store.elasticsearch.replicas", "0"),
                Map.entry("handoff.store.elasticsearch.ack-timeout", "2s"),
                Map.entry("handoff.store.elasticsearch.buffer-events", "3000"),
                Map.entry("handoff.store.elasticsearch.max-backoff", "1s"),
                Map.entry("handoff.ingest.retry-after-seconds", "1"),
                Map.entry("quarkus.otel.sdk.disabled", "false"),
                Map.entry(
                        "quarkus.otel.exporter.otlp.traces.endpoint",
                        TRACES.endpoint().replace("/v1/traces", "")),
                Map.entry("quarkus.otel.bsp.schedule.delay", "100ms"));
    }
}
