package io.handoff.trace;

import static io.handoff.testing.Events.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.handoff.engine.EngineListener;
import io.handoff.engine.FlowEngine;
import io.handoff.engine.GroupLabels;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.testing.Events;
import io.handoff.testing.OtlpReceiver;
import io.handoff.testing.Slas;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.resources.Resource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Flows exported as traces to a real OTLP/HTTP endpoint, decoded with the OpenTelemetry proto classes. */
class FlowTracingTest {
    private static final String SENDER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final FlowEngine engine = new FlowEngine(Slas.catalog(), EngineListener.NONE, new GroupLabels(10), 1000);

    @Test
    void aSettledFlowIsOneTraceWithADeterministicIdARootAndOneSpanPerEventLinkedToTheSendersTrace() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver();
                Tracing tracing = new Tracing(receiver.endpoint())) {
            apply(message("m-1", EventType.MIDDLEWARE_RECEIVED, "2026-11-23T09:00:00.000123Z", SENDER));
            apply(message("m-1", EventType.MIDDLEWARE_DELIVERED, "2026-11-23T09:00:20Z", null));
            tracing.tracer.changed(engine.drainChanged(at("2026-11-23T09:00:21Z"), 100), at("2026-11-23T09:00:21Z"));

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 3);
            List<Span> spans =
                    receiver.spans().stream().map(OtlpReceiver.Received::span).toList();
            assertThat(receiver.spans()).allMatch(r -> "handoff-flows".equals(r.serviceName()));
            String traceId = sha256Hex("handoff-flow:msg-m-1", 16);
            assertThat(spans).allMatch(s -> hex(s.getTraceId()).equals(traceId));

            Span root = named(spans, "handoff.flow");
            assertThat(root.getParentSpanId()).isEmpty();
            assertThat(hex(root.getSpanId())).isEqualTo(sha256Hex("handoff-flow-root:msg-m-1", 16 / 2));
            assertThat(root.getStartTimeUnixNano()).isEqualTo(nanos("2026-11-23T09:00:00.000123Z"));
            assertThat(root.getEndTimeUnixNano()).isEqualTo(nanos("2026-11-23T09:00:20Z"));
            assertThat(root.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
            assertThat(attributes(root))
                    .containsEntry("handoff.flow.key", "msg-m-1")
                    .containsEntry("handoff.flow.open", "false")
                    .containsEntry("handoff.sla.states", "[middleware-delivery:met]");

            Span received = named(spans, "middleware.message.received");
            assertThat(received.getParentSpanId()).isEqualTo(root.getSpanId());
            assertThat(received.getStartTimeUnixNano()).isEqualTo(nanos("2026-11-23T09:00:00.000123Z"));
            assertThat(hex(received.getSpanId())).isEqualTo(sha256Hex("handoff-event:esb://test\nm-1-received", 8));
            assertThat(attributes(received))
                    .containsEntry("cloudevents.event_id", "m-1-received")
                    .containsEntry("cloudevents.event_source", "esb://test")
                    .containsEntry("cloudevents.event_type", "middleware.message.received")
                    .containsEntry("handoff.correlation_id", "msg-m-1");
            assertThat(received.getLinksList()).singleElement().satisfies(link -> {
                assertThat(hex(link.getTraceId())).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
                assertThat(hex(link.getSpanId())).isEqualTo("00f067aa0ba902b7");
            });
            Span delivered = named(spans, "middleware.message.delivered");
            assertThat(delivered.getParentSpanId()).isEqualTo(root.getSpanId());
            assertThat(delivered.getLinksList()).isEmpty();
        }
    }

    @Test
    void aBreachIsExportedWhileOpenWithAnErrorStatusAndAgainWhenSettled() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver();
                Tracing tracing = new Tracing(receiver.endpoint())) {
            apply(message("m-2", EventType.MIDDLEWARE_RECEIVED, "2026-11-23T09:00:00Z", null));
            Instant late = at("2026-11-23T09:10:00Z");
            engine.advance(late);
            tracing.tracer.changed(engine.drainChanged(late, 100), late);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 2);
            Span open = named(
                    receiver.spans().stream().map(OtlpReceiver.Received::span).toList(), "handoff.flow");
            assertThat(open.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            assertThat(open.getStatus().getMessage()).contains("middleware-delivery");
            assertThat(open.getEndTimeUnixNano()).isEqualTo(nanos("2026-11-23T09:10:00Z"));
            assertThat(attributes(open)).containsEntry("handoff.flow.open", "true");

            // a change that neither settles nor newly breaches it exports nothing
            tracing.tracer.changed(engine.drainChanged(late, 100), late);
            engine.apply(
                    message("m-2", EventType.MIDDLEWARE_DELIVERED, "2026-11-23T09:12:00Z", null),
                    at("2026-11-23T09:12:01Z"));
            tracing.tracer.changed(engine.drainChanged(at("2026-11-23T09:12:01Z"), 100), at("2026-11-23T09:12:01Z"));
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 5);
            List<Span> roots = receiver.spans().stream()
                    .map(OtlpReceiver.Received::span)
                    .filter(s -> s.getName().equals("handoff.flow"))
                    .toList();
            assertThat(roots).hasSize(2);
            Span settled = roots.get(1);
            assertThat(settled.getSpanId()).isEqualTo(open.getSpanId());
            assertThat(settled.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            assertThat(settled.getEndTimeUnixNano()).isEqualTo(nanos("2026-11-23T09:12:00Z"));
        }
    }

    @Test
    void aFlowThatStaysOpenIsExportedAtEachReviewWithItsRootEndingThen() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver();
                Tracing tracing = new Tracing(receiver.endpoint())) {
            engine.apply(Events.approved("9", "2026-11-23T09:00:00Z"), at("2026-11-23T09:00:01Z"));
            tracing.tracer.changed(engine.drainChanged(at("2026-11-23T09:00:01Z"), 100), at("2026-11-23T09:00:01Z"));
            tracing.tracer.reviewOpen(engine.openFlows(at("2026-11-23T10:00:00Z")), at("2026-11-23T10:00:00Z"));
            // Spans are shipped in order on one thread: once the review's root is in, anything the change had
            // shipped would be in too.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.spans().stream()
                            .map(OtlpReceiver.Received::span)
                            .anyMatch(s -> s.getName().equals("handoff.flow")
                                    && s.getEndTimeUnixNano() == nanos("2026-11-23T10:00:00Z")));
            assertThat(receiver.spans())
                    .as("open and on track: not exported on change, only at the review")
                    .hasSize(2);
            Span root = named(
                    receiver.spans().stream().map(OtlpReceiver.Received::span).toList(), "handoff.flow");
            assertThat(hex(root.getTraceId())).isEqualTo(sha256Hex("handoff-flow:account.analytic.line/9", 16));
            assertThat(root.getEndTimeUnixNano()).isEqualTo(nanos("2026-11-23T10:00:00Z"));
            assertThat(attributes(root))
                    .containsEntry("handoff.flow.open", "true")
                    .containsEntry("handoff.client", "acme");
        }
    }

    @Test
    void anUnreachableEndpointNeverMakesTheEngineWaitAndIsCounted() throws Exception {
        Map<String, AtomicInteger> counted = new ConcurrentHashMap<>();
        TraceObserver observer = (result, count) ->
                counted.computeIfAbsent(result, r -> new AtomicInteger()).addAndGet(count);
        String closedPort = "http://127.0.0.1:" + freePort() + "/v1/traces";
        try (Tracing tracing = new Tracing(closedPort, observer, 5)) {
            for (int i = 0; i < 50; i++) {
                apply(message("d-" + i, EventType.MIDDLEWARE_RECEIVED, "2026-11-23T09:00:00Z", null));
                apply(message("d-" + i, EventType.MIDDLEWARE_DELIVERED, "2026-11-23T09:00:01Z", null));
            }
            long started = System.nanoTime();
            tracing.tracer.changed(engine.drainChanged(at("2026-11-23T09:00:02Z"), 1000), at("2026-11-23T09:00:02Z"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            counted.getOrDefault("failed", new AtomicInteger()).get() > 0);
            assertThat(counted.getOrDefault("dropped", new AtomicInteger()).get())
                    .as("a 5-flow queue overflows")
                    .isPositive();
            assertThat(counted.getOrDefault("exported", new AtomicInteger()).get())
                    .isZero();
        }
    }

    // --- helpers

    private final class Tracing implements AutoCloseable {
        final SpanShipper shipper;
        final FlowTracer tracer;

        Tracing(String endpoint) {
            this(endpoint, TraceObserver.NONE, 100);
        }

        Tracing(String endpoint, TraceObserver observer, int queue) {
            OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                    .setEndpoint(endpoint)
                    .setTimeout(Duration.ofSeconds(2))
                    .build();
            Resource resource = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "handoff-flows"));
            shipper = new SpanShipper(exporter, observer, queue, 512, Duration.ofSeconds(3));
            tracer = new FlowTracer(new FlowSpans(resource), shipper, 1000, Duration.ofHours(1));
        }

        @Override
        public void close() {
            shipper.close();
        }
    }

    private void apply(BusinessEvent event) {
        engine.apply(event, event.time().plusSeconds(1));
    }

    private static BusinessEvent message(String id, EventType type, String time, String traceparent) {
        String suffix = type == EventType.MIDDLEWARE_RECEIVED ? "-received" : "-delivered";
        return new BusinessEvent(
                "esb://test",
                id + suffix,
                type,
                at(time),
                null,
                "msg-" + id,
                EventFacts.NONE,
                "esb",
                at(time).plusSeconds(1),
                traceparent);
    }

    private static Span named(List<Span> spans, String name) {
        return spans.stream()
                .filter(s -> s.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans));
    }

    private static Map<String, String> attributes(Span span) {
        return span.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, kv -> value(kv)));
    }

    private static String value(KeyValue kv) {
        var v = kv.getValue();
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case ARRAY_VALUE ->
                v.getArrayValue().getValuesList().stream()
                        .map(x -> x.getStringValue())
                        .toList()
                        .toString();
            default -> v.toString();
        };
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    private static String sha256Hex(String text, int bytes) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, bytes);
    }

    private static long nanos(String time) {
        Instant t = Instant.parse(time);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
