package io.handoff.trace;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.as;
import static io.handoff.testing.Api.cloudEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.handoff.testing.Exposition;
import io.handoff.testing.OtlpReceiver;
import io.handoff.testing.ServiceUnderTest;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service with flow traces on: an HTTP request's traceparent becomes a span link; a dead endpoint costs ingestion nothing. */
class FlowTracesIT {
    static final OtlpReceiver RECEIVER = new OtlpReceiver();
    private static ServiceUnderTest service;

    @BeforeAll
    static void start() {
        service = ServiceUnderTest.start(
                "flow-traces-service",
                Map.of(
                        "handoff.traces.enabled",
                        "true",
                        "handoff.traces.endpoint",
                        RECEIVER.endpoint(),
                        "handoff.engine.flow-write-interval",
                        "200ms",
                        "handoff.console.trace-link",
                        "http://jaeger.firm.example/trace/{traceId}"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void aFlowBecomesATraceLinkedToTheRequestsTraceAndADeadEndpointDoesNotSlowIngestion() {
        String received =
                Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS).toString();
        String delivered =
                Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.SECONDS).toString();
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        String batch = "[" + cloudEvent("tr-1", "middleware.message.received", received, null, "tr-msg", null) + ","
                + cloudEvent("tr-2", "middleware.message.delivered", delivered, null, "tr-msg", null) + "]";
        as(ESB_KEY)
                .header("traceparent", traceparent)
                .contentType("application/cloudevents-batch+json")
                .body(batch)
                .post("/api/v1/events")
                .then()
                .statusCode(200);

        String traceId = FlowTraceIds.traceId("tr-msg");
        await().atMost(Duration.ofSeconds(15)).until(() -> spansOf(traceId).size() == 3);
        List<Span> spans = spansOf(traceId);
        assertThat(spans)
                .extracting(Span::getName)
                .containsExactlyInAnyOrder(
                        "handoff.flow", "middleware.message.received", "middleware.message.delivered");
        assertThat(spans.stream().filter(s -> !s.getName().equals("handoff.flow")))
                .allSatisfy(s -> assertThat(s.getLinksList())
                        .singleElement()
                        .satisfies(l -> assertThat(
                                        HexFormat.of().formatHex(l.getTraceId().toByteArray()))
                                .isEqualTo("0af7651916cd43dd8448eb211c80319c")));

        // The SLA latency histogram points at the flow's trace: an exemplar in the OpenMetrics exposition.
        String openMetrics = io.handoff.testing.Management.given()
                .accept("application/openmetrics-text; version=1.0.0; charset=utf-8")
                .get("/q/metrics")
                .asString();
        assertThat(openMetrics
                        .lines()
                        .filter(l -> l.startsWith("handoff_sla_latency_seconds_bucket")
                                && l.contains("middleware-delivery")))
                .anyMatch(l -> l.contains("trace_id=\"" + traceId + "\""));

        // The console's flow page links to the same trace in the tracing UI.
        var lead = io.handoff.console.ConsoleIT.signIn(io.handoff.testing.Api.READER_KEY);
        assertThat(io.handoff.console.ConsoleIT.page(lead, "/console/flow?key=tr-msg"))
                .contains("<a href=\"http://jaeger.firm.example/trace/" + traceId + "\" rel=\"noopener\">" + traceId
                        + "</a>");

        double failedBefore = failedSpans();
        RECEIVER.close();
        long started = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            String one = "["
                    + cloudEvent("dead-" + i + "-r", "middleware.message.received", received, null, "dead-" + i, null)
                    + ","
                    + cloudEvent("dead-" + i + "-d", "middleware.message.delivered", delivered, null, "dead-" + i, null)
                    + "]";
            as(ESB_KEY)
                    .contentType("application/cloudevents-batch+json")
                    .body(one)
                    .post("/api/v1/events")
                    .then()
                    .statusCode(200);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        // The spans of those 50 flows could not be exported: counted as failed, not lost without a trace.
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(failedSpans()).isGreaterThan(failedBefore));
    }

    private static double failedSpans() {
        return Exposition.of(
                        io.handoff.testing.Management.given().get("/q/metrics").asString())
                .sum("handoff_traces_spans_total", "result", "failed");
    }

    private static List<Span> spansOf(String traceId) {
        return RECEIVER.spans().stream()
                .map(OtlpReceiver.Received::span)
                .filter(s ->
                        HexFormat.of().formatHex(s.getTraceId().toByteArray()).equals(traceId))
                .toList();
    }
}
