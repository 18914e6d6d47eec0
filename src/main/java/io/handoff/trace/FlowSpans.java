package io.handoff.trace;

import io.handoff.correlate.FlowEntry;
import io.handoff.engine.FlowView;
import io.handoff.event.Traceparent;
import io.handoff.sla.ClockState;
import io.handoff.sla.SlaClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one flow into spans: a root span {@code handoff.flow} from its first to its last event (or to
 * now while a breached flow is still open) and one child span per event, at the event's time, named
 * after its type. Attributes follow the CloudEvents semantic conventions ({@code cloudevents.*}) where
 * they apply and the {@code handoff.*} namespace elsewhere. A breached clock makes the root's status
 * ERROR. An event that carried a {@code traceparent} links its span to the sender's span.
 */
final class FlowSpans {
    static final AttributeKey<String> FLOW_KEY = AttributeKey.stringKey("handoff.flow.key");
    static final AttributeKey<String> ANCHOR = AttributeKey.stringKey("handoff.flow.anchor");
    static final AttributeKey<Boolean> OPEN = AttributeKey.booleanKey("handoff.flow.open");
    static final AttributeKey<Long> EVENTS = AttributeKey.longKey("handoff.flow.events");
    static final AttributeKey<String> CLIENT = AttributeKey.stringKey("handoff.client");
    static final AttributeKey<String> PROJECT = AttributeKey.stringKey("handoff.project");
    static final AttributeKey<String> GROUP = AttributeKey.stringKey("handoff.group");
    static final AttributeKey<Double> HOURS = AttributeKey.doubleKey("handoff.hours");
    static final AttributeKey<Double> AMOUNT = AttributeKey.doubleKey("handoff.amount");
    static final AttributeKey<List<String>> SLA_STATES = AttributeKey.stringArrayKey("handoff.sla.states");
    static final AttributeKey<List<String>> BREACHED = AttributeKey.stringArrayKey("handoff.sla.breached");
    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("cloudevents.event_id");
    static final AttributeKey<String> EVENT_SOURCE = AttributeKey.stringKey("cloudevents.event_source");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
    static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("handoff.correlation_id");
    static final AttributeKey<String> LINK = AttributeKey.stringKey("handoff.link");
    static final AttributeKey<String> RECEIVED_AT = AttributeKey.stringKey("handoff.received_at");

    private final Resource resource;
    private final InstrumentationScopeInfo scope =
            InstrumentationScopeInfo.builder("io.handoff.trace").setVersion("1").build();

    FlowSpans(Resource resource) {
        this.resource = resource;
    }

    List<SpanData> of(FlowView flow, Instant now) {
        List<FlowEntry> events = flow.events();
        String traceId = FlowTraceIds.traceId(flow.key());
        SpanContext root = SpanContext.create(
                traceId, FlowTraceIds.rootSpanId(flow.key()), TraceFlags.getSampled(), TraceState.getDefault());
        List<String> states = new ArrayList<>();
        List<String> breached = new ArrayList<>();
        boolean open = false;
        for (SlaClock clock : flow.clocks()) {
            states.add(clock.sla() + ":" + clock.state().label());
            open |= clock.isOpen();
            if (clock.state() == ClockState.BREACHED) {
                breached.add(clock.sla());
            }
        }
        long start = nanos(events.get(0).time());
        long end = open
                ? Math.max(start, nanos(now))
                : nanos(events.get(events.size() - 1).time());
        AttributesBuilder attributes = Attributes.builder()
                .put(FLOW_KEY, flow.key())
                .put(ANCHOR, flow.anchor().name().toLowerCase(java.util.Locale.ROOT))
                .put(OPEN, open)
                .put(EVENTS, (long) events.size())
                .put(SLA_STATES, states);
        putIfNotNull(attributes, CLIENT, flow.client());
        putIfNotNull(attributes, PROJECT, flow.project());
        putIfNotNull(attributes, GROUP, flow.group());
        if (flow.hours() != null) {
            attributes.put(HOURS, flow.hours());
        }
        if (flow.amount() != null) {
            attributes.put(AMOUNT, flow.amount());
        }
        StatusData status = StatusData.unset();
        if (!breached.isEmpty()) {
            attributes.put(BREACHED, breached);
            status = StatusData.create(StatusCode.ERROR, "SLA breached: " + String.join(", ", breached));
        }
        List<SpanData> spans = new ArrayList<>(events.size() + 1);
        spans.add(new FlowSpan(
                "handoff.flow",
                root,
                SpanContext.getInvalid(),
                status,
                start,
                end,
                attributes.build(),
                List.of(),
                resource,
                scope));
        for (FlowEntry e : events) {
            SpanContext step = SpanContext.create(
                    traceId,
                    FlowTraceIds.stepSpanId(e.source(), e.id()),
                    TraceFlags.getSampled(),
                    TraceState.getDefault());
            AttributesBuilder stepAttributes = Attributes.builder()
                    .put(EVENT_ID, e.id())
                    .put(EVENT_SOURCE, e.source())
                    .put(EVENT_TYPE, e.type().wireName())
                    .put(RECEIVED_AT, e.receivedAt().toString());
            putIfNotNull(stepAttributes, CORRELATION_ID, e.correlationId());
            putIfNotNull(
                    stepAttributes,
                    LINK,
                    e.facts().link() == null ? null : e.facts().link().key());
            long at = nanos(e.time());
            spans.add(new FlowSpan(
                    e.type().wireName(),
                    step,
                    root,
                    StatusData.unset(),
                    at,
                    at,
                    stepAttributes.build(),
                    links(e),
                    resource,
                    scope));
        }
        return spans;
    }

    private static List<LinkData> links(FlowEntry e) {
        if (e.traceparent() == null) {
            return List.of();
        }
        SpanContext sender = SpanContext.createFromRemoteParent(
                Traceparent.traceId(e.traceparent()), Traceparent.spanId(e.traceparent()),
                TraceFlags.fromHex(Traceparent.flags(e.traceparent()), 0), TraceState.getDefault());
        return List.of(LinkData.create(sender));
    }

    private static void putIfNotNull(AttributesBuilder attributes, AttributeKey<String> key, String value) {
        if (value != null) {
            attributes.put(key, value);
        }
    }

    private static long nanos(Instant time) {
        return time.getEpochSecond() * 1_000_000_000L + time.getNano();
    }
}
