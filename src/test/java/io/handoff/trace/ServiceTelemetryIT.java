package io.handoff.trace;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.ODOO_TOKEN;
import static io.handoff.testing.Api.as;
import static io.handoff.testing.Api.cloudEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.handoff.store.elastic.ElasticProfile;
import io.handoff.testing.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The service's own telemetry (quarkus-opentelemetry) reaches a real OTLP endpoint and continues the caller's trace.
 * It runs in {@link ElasticProfile} (telemetry on, over Elasticsearch) with the other classes on Elasticsearch: each test
 * profile is a Quarkus build of its own, several seconds of every test run.
 */
@QuarkusTest
@TestProfile(ElasticProfile.class)
class ServiceTelemetryIT {
    static final OtlpReceiver RECEIVER = ElasticProfile.TRACES;

    @Test
    void anIngestRequestIsAServerSpanInTheCallersTrace() {
        String traceparent = "00-5af7651916cd43dd8448eb211c80319c-c7ad6b7169203331-01";
        String time =
                Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS).toString();
        as(ESB_KEY)
                .header("traceparent", traceparent)
                .contentType("application/cloudevents+json")
                .body(cloudEvent("tel-1", "middleware.message.received", time, null, "tel-msg", null))
                .post("/api/v1/events")
                .then()
                .statusCode(202);

        // The receiver is shared with the other test of this profile: the span is the server span in the caller's
        // trace.
        java.util.function.Predicate<OtlpReceiver.Received> inCallersTrace = r -> "handoff".equals(r.serviceName())
                && r.span().getKind() == Span.SpanKind.SPAN_KIND_SERVER
                && HexFormat.of()
                        .formatHex(r.span().getTraceId().toByteArray())
                        .equals("5af7651916cd43dd8448eb211c80319c");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> RECEIVER.spans().stream().anyMatch(inCallersTrace));
        Span server = RECEIVER.spans().stream()
                .filter(inCallersTrace)
                .map(OtlpReceiver.Received::span)
                .findFirst()
                .orElseThrow();
        assertThat(server.getName()).contains("/api/v1/events");
        assertThat(HexFormat.of().formatHex(server.getParentSpanId().toByteArray()))
                .isEqualTo("c7ad6b7169203331");
    }

    @Test
    void theWebhookTokenNeverLeavesInASpan() {
        String body = "{\"_id\": 991, \"_model\": \"account.move\", \"state\": \"draft\", \"write_date\": \""
                + java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)
                        .minusMinutes(1)
                        .withNano(0)
                        .toString()
                        .replace('T', ' ')
                + "\"}";
        given().contentType("application/json")
                .queryParam("token", ODOO_TOKEN)
                .queryParam("other", "kept")
                .body(body)
                .post("/api/v1/odoo/webhook/odoo-prod")
                .then()
                .statusCode(202);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> RECEIVER.spans().stream()
                        .anyMatch(r -> "handoff".equals(r.serviceName())
                                && r.span().getKind() == Span.SpanKind.SPAN_KIND_SERVER
                                && r.span().getName().contains("webhook")));
        Span webhook = RECEIVER.spans().stream()
                .map(OtlpReceiver.Received::span)
                .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER
                        && s.getName().contains("webhook"))
                .findFirst()
                .orElseThrow();
        String everything = webhook.toString();
        assertThat(everything).as("the exported span").doesNotContain(ODOO_TOKEN);
        assertThat(webhook.getAttributesList()).anySatisfy(a -> {
            assertThat(a.getKey()).isEqualTo("url.query");
            assertThat(a.getValue().getStringValue()).contains("token=REDACTED").contains("other=kept");
        });
    }
}
