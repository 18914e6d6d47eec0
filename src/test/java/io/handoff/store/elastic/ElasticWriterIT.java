package io.handoff.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import io.handoff.store.StoreFullException;
import io.handoff.store.StoreObserver;
import io.handoff.testing.ElasticsearchServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bulk writer against a real Elasticsearch: dead letters, back-pressure, an outage. */
class ElasticWriterIT {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private final ElasticsearchServer es = ElasticsearchServer.shared();

    @Test
    void aDocumentRefusedForGoodBecomesADeadLetterWithTheReasonAndTheRestIsWritten() throws Exception {
        String prefix = prefix("dead");
        try (ElasticStore store =
                ElasticStore.open(ElasticTestConfig.of(es.url(), prefix), StoreObserver.NONE, InstantSource.system())) {
            BulkWriter.Waiter waiter = new BulkWriter.Waiter(2);
            // the flows mapping is strict: an unknown field is a mapping error, final for that document
            byte[] bad = "{\"key\":\"f/bad\",\"surprise\":1}".getBytes(StandardCharsets.UTF_8);
            byte[] good = "{\"key\":\"f/good\",\"open\":true,\"version\":1}".getBytes(StandardCharsets.UTF_8);
            writer(store)
                    .offerDocuments(List.of(
                            new BulkWriter.Operation(ElasticStore.FLOW, prefix + "-flows-v1", "f/bad", 1L, bad, waiter),
                            new BulkWriter.Operation(
                                    ElasticStore.FLOW, prefix + "-flows-v1", "f/good", 1L, good, waiter)));
            waiter.done.get(30, TimeUnit.SECONDS);
            store.flush();

            assertThat(es.count(prefix + "-flows-v1", "")).isEqualTo(1);
            String deadLetters = get("/" + prefix + "-dead-letters/_search");
            assertThat(deadLetters)
                    .contains("\"document_id\":\"f/bad\"")
                    .contains("strict_dynamic_mapping_exception")
                    .contains("surprise");
        }
    }

    @Test
    void whenTheBufferIsFullAppendRefusesAtOnceAndTakesNothing() {
        String prefix = prefix("full");
        try (ElasticStore store = ElasticStore.open(
                ElasticTestConfig.of(es.url(), prefix).withBufferEvents(10),
                StoreObserver.NONE,
                InstantSource.system())) {
            assertThatThrownBy(() -> store.append(events("big", 11))).isInstanceOf(StoreFullException.class);
            assertThat(store.backlog()).isZero();
        }
    }

    @Test
    void eventsHandedOverDuringAnOutageAreWrittenWhenElasticsearchIsBack() throws Exception {
        String prefix = prefix("outage");
        try (ElasticStore store =
                ElasticStore.open(ElasticTestConfig.of(es.url(), prefix), StoreObserver.NONE, InstantSource.system())) {
            store.append(events("before", 500)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            es.stop();
            CompletableFuture<Void> during;
            try {
                during = store.append(events("during", 700)).toCompletableFuture();
                // Held, not acknowledged, for as long as Elasticsearch is down (three seconds of it here).
                CompletableFuture<Void> held = during;
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(4))
                        .until(() -> !held.isDone());
                assertThat(store.backlog()).isEqualTo(700);
            } finally {
                es.start();
            }
            during.get(60, TimeUnit.SECONDS);
            store.flush();
            assertThat(es.count(prefix + "-events-*", "")).isEqualTo(1200);
            assertThat(store.eventsOf(List.of("account.analytic.line/during-0")))
                    .hasSize(1);
        }
    }

    static List<BusinessEvent> events(String tag, int n) {
        List<BusinessEvent> events = new ArrayList<>(n);
        Instant now = Instant.parse("2026-11-23T09:00:00Z");
        for (int i = 0; i < n; i++) {
            events.add(new BusinessEvent(
                    "odoo/test",
                    tag + "-" + i,
                    EventType.TIMESHEET_APPROVED,
                    now.plusSeconds(i),
                    new ObjectRef("account.analytic.line", tag + "-" + i),
                    null,
                    new EventFacts("acme", "212", "consulting", 1.0, 100.0, null),
                    "odoo-test",
                    now));
        }
        return events;
    }

    private static BulkWriter writer(ElasticStore store) throws Exception {
        var field = ElasticStore.class.getDeclaredField("writer");
        field.setAccessible(true);
        return (BulkWriter) field.get(store);
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(es.url() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static String prefix(String name) {
        return name + PREFIXES.incrementAndGet() + "-" + System.nanoTime() % 100000;
    }
}
