package io.handoff.store.elastic;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.READER_KEY;
import static io.handoff.testing.Api.as;
import static io.handoff.testing.Api.cloudEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.handoff.store.Store;
import io.handoff.testing.ElasticsearchServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The service with Elasticsearch as its store: promises kept through an outage, read side from the index. */
@QuarkusTest
@TestProfile(ElasticProfile.class)
class ElasticIngestIT {
    private static final int CLIENTS = 4;
    private static final int BATCHES_PER_CLIENT = 30;
    private static final int BATCH = 40;

    @Inject
    Store store;

    @ConfigProperty(name = "handoff.store.elasticsearch.index-prefix")
    String prefix;

    @Test
    void everyAcknowledgedEventIsInElasticsearchAfterAnOutageAndTheFlowsAreRight() throws Exception {
        ElasticsearchServer es = ElasticsearchServer.shared();
        Instant received = Instant.now().minusSeconds(90).truncatedTo(ChronoUnit.SECONDS);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger batchesDone = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                for (int b = 0; b < BATCHES_PER_CLIENT; b++) {
                    String batch = batch("out-" + client + "-" + b, received);
                    while (true) {
                        Response response = as(ESB_KEY)
                                .contentType("application/cloudevents-batch+json")
                                .body(batch)
                                .post("/api/v1/events");
                        if (response.statusCode() == 200) {
                            List<Map<String, String>> results =
                                    response.jsonPath().getList("results");
                            results.forEach(r -> {
                                if (!"rejected".equals(r.get("status"))) {
                                    acknowledged.add(r.get("id"));
                                }
                            });
                            batchesDone.incrementAndGet();
                            break;
                        }
                        assertThat(response.statusCode()).isEqualTo(503);
                        assertThat(response.header("Retry-After")).isEqualTo("1");
                        refused.incrementAndGet();
                        sleep(1000);
                    }
                }
                return null;
            }));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> batchesDone.get() >= 10);
        es.stop();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> refused.get() > 0);
        } finally {
            es.start();
        }
        for (Future<?> f : running) {
            f.get();
        }
        clients.shutdown();

        int sent = CLIENTS * BATCHES_PER_CLIENT * BATCH;
        assertThat(refused.get())
                .as("requests refused with 503 while Elasticsearch was down")
                .isPositive();
        assertThat(acknowledged).hasSize(sent);
        store.flush();
        assertThat(ElasticsearchServer.shared().count(prefix + "-events-*", "")).isEqualTo(sent);

        // Every message was received and delivered 30 s apart: every clock met, none breached.
        int messages = sent / 2;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            store.flush();
            as(READER_KEY)
                    .queryParam("sla", "middleware-delivery")
                    .queryParam("state", "met")
                    .queryParam("size", 1)
                    .get("/api/v1/flows")
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(messages));
        });
        as(READER_KEY)
                .queryParam("state", "breached")
                .get("/api/v1/flows")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        as(READER_KEY)
                .get("/api/v1/flows/out-2-7-3")
                .then()
                .statusCode(200)
                .body("slas[0].state", equalTo("met"))
                .body("eventCount", equalTo(2));
    }

    @Test
    void theServiceSaysWhereItKeepsWhatItAccepts() {
        as(io.handoff.testing.Api.OPERATOR_KEY)
                .get("/api/v1/admin/status")
                .then()
                .statusCode(200)
                .body("store", org.hamcrest.Matchers.startsWith("elasticsearch [http://"));
        as(READER_KEY).get("/api/v1/about").then().statusCode(200).body("store", equalTo("elasticsearch"));
    }

    @Test
    void aBreachOpensAnExceptionAndFlowsAreSearchableAndPaged() {
        String long_ago = Instant.now()
                .minus(Duration.ofMinutes(10))
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            batch.append(i == 0 ? "" : ",")
                    .append(cloudEvent(
                            "late-" + i,
                            "middleware.message.received",
                            long_ago,
                            null,
                            "late-msg-" + i,
                            "{\"client\":\"initech\",\"project\":\"P-9\"}"));
        }
        as(ESB_KEY)
                .contentType("application/cloudevents-batch+json")
                .body(batch.append("]").toString())
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(5));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            store.flush();
            as(READER_KEY)
                    .queryParam("type", "sla-breach")
                    .queryParam("status", "open")
                    .queryParam("client", "initech")
                    .get("/api/v1/exceptions")
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(5))
                    .body("exceptions.flowKey", hasItem("late-msg-3"));
        });
        as(READER_KEY)
                .get("/api/v1/exceptions/sla-breach:middleware-delivery:late-msg-3")
                .then()
                .statusCode(200)
                .body("status", equalTo("open"))
                .body("project", equalTo("P-9"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            store.flush();
            as(READER_KEY)
                    .queryParam("client", "initech")
                    .queryParam("state", "breached")
                    .get("/api/v1/flows")
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(5));
        });
        Response first = as(READER_KEY)
                .queryParam("client", "initech")
                .queryParam("size", 3)
                .get("/api/v1/flows");
        first.then().statusCode(200).body("total", equalTo(5)).body("flows.size()", equalTo(3));
        String next = first.jsonPath().getString("next");
        as(READER_KEY)
                .queryParam("client", "initech")
                .queryParam("size", 3)
                .queryParam("after", next)
                .get("/api/v1/flows")
                .then()
                .statusCode(200)
                .body("flows.size()", equalTo(2));

        as(READER_KEY)
                .queryParam("size", 0)
                .get("/api/v1/flows")
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-query"));
        as(READER_KEY)
                .queryParam("after", "garbage")
                .get("/api/v1/flows")
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-query"));
        as(READER_KEY)
                .queryParam("from", "yesterday")
                .get("/api/v1/flows")
                .then()
                .statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("from"));
    }

    /** BATCH/2 messages, each received and delivered 30 s later. */
    private static String batch(String tag, Instant received) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < BATCH / 2; i++) {
            String message = tag + "-" + i;
            json.append(i == 0 ? "" : ",")
                    .append(cloudEvent(
                            message + "-r", "middleware.message.received", received.toString(), null, message, null))
                    .append(',')
                    .append(cloudEvent(
                            message + "-d",
                            "middleware.message.delivered",
                            received.plusSeconds(30).toString(),
                            null,
                            message,
                            null));
        }
        return json.append(']').toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
