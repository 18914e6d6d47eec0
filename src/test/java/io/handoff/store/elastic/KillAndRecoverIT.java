package io.handoff.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.handoff.testing.ElasticsearchServer;
import io.handoff.testing.Exposition;
import io.handoff.testing.KafkaBroker;
import io.handoff.testing.ServiceProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged service on a real Elasticsearch, killed with SIGKILL and started again: open flows and
 * SLA clocks come back, a breach reported before the kill is not reported again, and a breach that fell
 * due while the service was down is reported once.
 */
class KillAndRecoverIT {
    private static final String KEY = "kill-test-esb-key-00000001";
    private static final String READER = "kill-test-reader-key-00001";

    /**
     * Also with Kafka on: events posted over HTTP go through the repartition topic and Kafka Streams; the restarted
     * instance has a new, empty state directory and restores its partitions from their changelogs.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"embedded", "kafka"})
    void openFlowsAndClocksSurviveAKillAndNoBreachIsForgottenOrCountedTwice(String mode) throws Exception {
        boolean kafka = mode.equals("kafka");
        String prefix = "kill" + System.nanoTime() % 1_000_000;
        Map<String, String> config = new HashMap<>(Map.ofEntries(
                Map.entry("handoff.store.kind", "elasticsearch"),
                Map.entry(
                        "handoff.store.elasticsearch.hosts",
                        ElasticsearchServer.shared().url()),
                Map.entry("handoff.store.elasticsearch.index-prefix", prefix),
                Map.entry("handoff.store.elasticsearch.replicas", "0"),
                Map.entry("handoff.sources.esb.api-key", KEY),
                Map.entry("handoff.access.keys.reader.key", READER),
                Map.entry("handoff.access.keys.reader.role", "reader"),
                Map.entry("handoff.sla.definitions.middleware-delivery.target", "4s")));
        if (kafka) {
            config.put("handoff.kafka.enabled", "true");
            config.put("handoff.kafka.bootstrap-servers", KafkaBroker.shared().bootstrapServers());
            config.put("handoff.kafka.topic", prefix + ".events");
            config.put("handoff.kafka.group-id", prefix);
            // The killed member leaves the groups when its session times out: keep that short.
            config.put("mp.messaging.incoming.handoff-events.session.timeout.ms", "6000");
            config.put("mp.messaging.incoming.handoff-events.heartbeat.interval.ms", "1000");
            config.put("handoff.kafka.streams.state-dir", stateDir());
            config.put("handoff.kafka.streams.checkpoint-interval", "500ms");
            config.put("handoff.kafka.streams.properties.\"session.timeout.ms\"", "6000");
            config.put("handoff.kafka.streams.properties.\"heartbeat.interval.ms\"", "1000");
        }
        Path log = Paths.get("target", "kill-and-recover.log");
        ServiceProcess first = new ServiceProcess(config, log).start();
        try {
            beforeTheKill(first, prefix);
        } finally {
            first.kill();
        }
        if (kafka) {
            config.put("handoff.kafka.streams.state-dir", stateDir()); // nothing on disk: all from the changelog
        }
        afterTheKill(config, log, prefix);
    }

    private static String stateDir() throws java.io.IOException {
        return java.nio.file.Files.createTempDirectory(Paths.get("target"), "kill-streams")
                .toAbsolutePath()
                .toString();
    }

    /** Instant B was received, set before the kill: its breach falls due while the service is down. */
    private Instant bReceived;

    private void beforeTheKill(ServiceProcess first, String prefix) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        // A: received 10 s ago, never delivered: breached at once, before the kill.
        post(first, event("a-r", "middleware.message.received", now.minusSeconds(10), "msg-a"));
        // C: a timesheet line approved: its approved-to-invoice clock runs for days.
        post(first, subjectEvent("c-a", "timesheet.approved", now.minusSeconds(60), "account.analytic.line/4711"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Exposition.scrape(first.managementUrl())
                                .sum("handoff_sla_outcomes_total", "sla", "middleware-delivery", "outcome", "breached")
                        == 1);
        // The flow documents of A and C are written (once a second): they come back from their documents. Polled every
        // 20 ms, so B is posted and the service killed just after a write, most of a second before the next one...
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> flowDocument(prefix, "msg-a") && flowDocument(prefix, "account.analytic.line/4711"));
        // ...so B, received just now and due in 4 s, has no flow document: it comes back from its event, and falls due
        // while the service is down.
        bReceived = Instant.now();
        post(first, event("b-r", "middleware.message.received", bReceived, "msg-b"));
        first.kill();
        assertThat(flowDocument(prefix, "msg-b"))
                .as("B killed before its flow document was written: recovered from its event")
                .isFalse();
    }

    private void afterTheKill(Map<String, String> config, Path log, String prefix) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(bReceived.plusSeconds(5)));
        ServiceProcess second = new ServiceProcess(config, log).start();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(get(second, "/api/v1/flows/account.analytic.line/4711"))
                            .contains("\"live\":true")
                            .contains("\"state\":\"on_track\""));
            assertThat(Exposition.scrape(second.managementUrl())
                            .sum("handoff_flows_open", "sla", "approved-to-invoice", "state", "on_track"))
                    .isEqualTo(1);

            // B's breach fell due during the outage: reported now, once; A's was reported by the first run.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Exposition.scrape(second.managementUrl())
                                    .sum(
                                            "handoff_sla_outcomes_total",
                                            "sla",
                                            "middleware-delivery",
                                            "outcome",
                                            "breached")
                            == 1);
            // Once both flows are live again (A's is, with B's), nothing more is left to report: still one.
            assertThat(get(second, "/api/v1/flows/msg-a")).contains("\"state\":\"breached\"");
            assertThat(get(second, "/api/v1/flows/msg-b")).contains("\"state\":\"breached\"");
            assertThat(Exposition.scrape(second.managementUrl())
                            .sum("handoff_flows_open", "sla", "middleware-delivery", "state", "breached"))
                    .isEqualTo(2);
            // The exception B's breach opened is searchable once Elasticsearch has refreshed.
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(get(second, "/api/v1/exceptions?type=sla-breach&status=open"))
                            .contains("msg-a")
                            .contains("msg-b"));
            assertThat(Exposition.scrape(second.managementUrl())
                            .sum("handoff_sla_outcomes_total", "sla", "middleware-delivery", "outcome", "breached"))
                    .isEqualTo(1);
        } finally {
            second.stop();
        }
    }

    /** Whether the flow's document is in Elasticsearch (a real-time get: no refresh needed). */
    private static boolean flowDocument(String prefix, String key) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(ElasticsearchServer.shared().url() + "/" + prefix + "-flows-v1/_doc/"
                                                + URLEncoder.encode(key, StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }

    private static String event(String id, String type, Instant time, String correlationId) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"esb://kill\",\"type\":\"" + type
                + "\",\"time\":\"" + time + "\",\"correlationid\":\"" + correlationId + "\"}";
    }

    private static String subjectEvent(String id, String type, Instant time, String subject) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"esb://kill\",\"type\":\"" + type
                + "\",\"time\":\"" + time + "\",\"subject\":\"" + subject + "\",\"data\":{\"hours\":7.5}}";
    }

    private static void post(ServiceProcess service, String event) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(service.url() + "/api/v1/events"))
                                .header("Authorization", "Bearer " + KEY)
                                .header("Content-Type", "application/cloudevents+json")
                                .POST(HttpRequest.BodyPublishers.ofString(event))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private static String get(ServiceProcess service, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(service.url() + path))
                                .header("Authorization", "Bearer " + READER)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
