package io.handoff.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.anomaly.AnomalyPoint;
import io.handoff.store.Store;
import io.handoff.store.StoreContract;
import io.handoff.store.StoreObserver;
import io.handoff.testing.ElasticsearchServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.InstantSource;
import java.time.Period;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The storage contract against a real Elasticsearch; each test gets its own index prefix. */
class ElasticStoreContractIT extends StoreContract {
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private String prefix;

    @Override
    protected Store freshStore() {
        prefix = "contract" + PREFIXES.incrementAndGet() + "-" + System.nanoTime() % 100000;
        return open(prefix);
    }

    private static Store open(String prefix) {
        return ElasticStore.open(
                ElasticTestConfig.of(ElasticsearchServer.shared().url(), prefix),
                StoreObserver.NONE,
                InstantSource.system());
    }

    @Test
    void aClaimedNoticeStaysClaimedAfterARestart() {
        Instant at = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(store.claimNotice("exception:x", at)).isTrue();
        store.close();

        store = open(prefix);

        assertThat(store.claimNotice("exception:x", at)).isFalse();
    }

    @Test
    void anomalyPointsAreKeptOnceInMonthlyIndicesThatExpireWhole() throws Exception {
        AnomalyPoint november = new AnomalyPoint(
                "sla_breach_ratio",
                "approved-to-invoice",
                Instant.parse("2026-11-23T10:00:00Z"),
                0.25,
                0.93,
                "above-range",
                "0.25 is above anything this series has shown (highest 0.1)");
        AnomalyPoint january =
                new AnomalyPoint("source_events", "odoo-prod", Instant.parse("2027-01-05T08:00:00Z"), 42, 0.1);
        store.saveAnomalyPoints(List.of(november, january));
        store.saveAnomalyPoints(List.of(november)); // again, e.g. after a retry: kept once
        store.flush();

        HttpClient http = HttpClient.newHttpClient();
        String base = ElasticsearchServer.shared().url();
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/" + prefix + "-anomalies/_refresh"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        JsonNode hits = new ObjectMapper()
                .readTree(http.send(
                                HttpRequest.newBuilder(
                                                URI.create(base + "/" + prefix + "-anomalies/_search?sort=@timestamp"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .path("hits");
        assertThat(hits.path("total").path("value").asInt()).isEqualTo(2);
        JsonNode first = hits.path("hits").get(0);
        assertThat(first.path("_index").asText()).isEqualTo(prefix + "-anomalies-2026.11");
        assertThat(first.path("_source").toString())
                .isEqualTo(
                        "{\"@timestamp\":\"2026-11-23T10:00:00Z\",\"series\":\"sla_breach_ratio\",\"subject\":\"approved-to-invoice\",\"value\":0.25,\"score\":0.93,"
                                + "\"signal\":\"above-range\",\"explanation\":\"0.25 is above anything this series has shown (highest 0.1)\"}");

        List<String> deleted =
                ((ElasticStore) store).deleteExpiredEvents(Instant.parse("2027-06-01T00:00:00Z"), Period.ofMonths(6));
        assertThat(deleted).contains(prefix + "-anomalies-2026.11").doesNotContain(prefix + "-anomalies-2027.01");
    }

    @Test
    void thisMonthsAnomalyIndexOfTheFirstMappingTakesTheReasonsAfterAnUpgrade() throws Exception {
        store.close();
        String old = "upgrade" + System.nanoTime() % 100000;
        Instant now = Instant.now();
        String month = java.time.format.DateTimeFormatter.ofPattern("yyyy.MM")
                .withZone(java.time.ZoneOffset.UTC)
                .format(now);
        HttpClient http = HttpClient.newHttpClient();
        String base = ElasticsearchServer.shared().url();
        // What version 1 of the template made: strict, without signal and explanation.
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create(base + "/" + old + "-anomalies-" + month))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"@timestamp\":{\"type\":\"date\"},"
                                        + "\"series\":{\"type\":\"keyword\"},\"subject\":{\"type\":\"keyword\"},"
                                        + "\"value\":{\"type\":\"double\"},\"score\":{\"type\":\"double\"}}}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        store = open(old);
        store.saveAnomalyPoints(List.of(new AnomalyPoint(
                "source_events",
                "odoo-prod",
                now,
                0,
                1,
                "below-range",
                "0 is below anything this series has shown (lowest 3)")));
        store.flush();
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/" + old + "-anomalies-" + month + "/_refresh"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        String found = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/" + old + "-anomalies-" + month + "/_search"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(found).contains("\"signal\":\"below-range\"", "0 is below anything this series has shown");
    }
}
