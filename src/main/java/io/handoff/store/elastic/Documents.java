package io.handoff.store.elastic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import io.handoff.store.ExceptionRecord;
import io.handoff.store.FlowRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How events, flows and exceptions look as Elasticsearch documents (a flow document carries no
 * timeline: the events index has the events) (snake_case, ISO-8601 times with
 * their full precision), both ways. The mappings in {@code elasticsearch/*.json} must agree.
 */
final class Documents {
    private final ObjectMapper json;

    Documents(ObjectMapper json) {
        this.json = json;
    }

    /** A short, stable document id for an event identity: the same (source, id) always maps to it. */
    static String eventDocId(BusinessEvent.Identity identity) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(identity.source().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(identity.id().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] event(BusinessEvent e) {
        ObjectNode doc = json.createObjectNode();
        doc.put("@timestamp", e.time().toString());
        doc.put("received_at", e.receivedAt().toString());
        doc.put("source", e.source());
        doc.put("event_id", e.id());
        doc.put("type", e.type().wireName());
        doc.put("flow_key", e.flowKey());
        putIfNotNull(doc, "subject", e.subject() == null ? null : e.subject().key());
        putIfNotNull(doc, "correlation_id", e.correlationId());
        doc.put("origin", e.origin());
        EventFacts f = e.facts();
        putIfNotNull(doc, "client", f.client());
        putIfNotNull(doc, "project", f.project());
        putIfNotNull(doc, "group", f.group());
        putIfNotNull(doc, "hours", f.hours());
        putIfNotNull(doc, "amount", f.amount());
        putIfNotNull(doc, "link", f.link() == null ? null : f.link().key());
        putIfNotNull(doc, "traceparent", e.traceparent());
        return bytes(doc);
    }

    BusinessEvent event(JsonNode doc) {
        EventFacts facts = new EventFacts(
                text(doc, "client"), text(doc, "project"), text(doc, "group"), number(doc, "hours"), number(doc, "amount"),
                ObjectRef.parse(text(doc, "link")).orElse(null));
        return new BusinessEvent(
                text(doc, "source"),
                text(doc, "event_id"),
                EventType.fromWireName(text(doc, "type")).orElseThrow(() -> new IllegalStateException("unknown event type in store: " + doc.get("type"))),
                Instant.parse(text(doc, "@timestamp")),
                ObjectRef.parse(text(doc, "subject")).orElse(null),
                text(doc, "correlation_id"),
                facts,
                text(doc, "origin"),
                Instant.parse(text(doc, "received_at")),
                text(doc, "traceparent"));
    }

    byte[] flow(FlowRecord f) {
        ObjectNode doc = json.createObjectNode();
        doc.put("key", f.key());
        doc.put("anchor", f.anchor());
        putIfNotNull(doc, "client", f.client());
        putIfNotNull(doc, "project", f.project());
        putIfNotNull(doc, "group", f.group());
        putIfNotNull(doc, "hours", f.hours());
        putIfNotNull(doc, "amount", f.amount());
        ObjectNode links = doc.putObject("links");
        f.links().forEach(links::put);
        ArrayNode linkKeys = doc.putArray("link_keys");
        f.links().values().forEach(linkKeys::add);
        strings(doc.putArray("linked_from"), f.linkedFrom());
        strings(doc.putArray("correlation_ids"), f.correlationIds());
        doc.put("event_count", f.eventCount());
        putIfNotNull(doc, "first_event_at", time(f.firstEventAt()));
        putIfNotNull(doc, "last_event_at", time(f.lastEventAt()));
        ArrayNode slas = doc.putArray("slas");
        ArrayNode states = doc.putArray("sla_states");
        for (FlowRecord.Clock c : f.slas()) {
            ObjectNode clock = slas.addObject();
            clock.put("sla", c.sla());
            clock.put("state", c.state());
            clock.put("start", c.start().toString());
            clock.put("at_risk_at", c.atRiskAt().toString());
            clock.put("due", c.due().toString());
            putIfNotNull(clock, "stop", time(c.stop()));
            clock.put("elapsed_seconds", c.elapsedSeconds());
            states.add(c.sla() + ":" + c.state());
        }
        doc.put("open", f.open());
        doc.put("updated_at", f.updatedAt().toString());
        doc.put("version", f.version());
        return bytes(doc);
    }

    FlowRecord flow(JsonNode doc) {
        Map<String, String> links = new LinkedHashMap<>();
        doc.path("links").fields().forEachRemaining(e -> links.put(e.getKey(), e.getValue().asText()));
        List<FlowRecord.Clock> clocks = new ArrayList<>();
        for (JsonNode c : doc.path("slas")) {
            clocks.add(new FlowRecord.Clock(
                    text(c, "sla"), text(c, "state"), instant(c, "start"), instant(c, "at_risk_at"), instant(c, "due"), instant(c, "stop"),
                    c.path("elapsed_seconds").asDouble()));
        }
        return new FlowRecord(
                text(doc, "key"),
                text(doc, "anchor"),
                text(doc, "client"),
                text(doc, "project"),
                text(doc, "group"),
                number(doc, "hours"),
                number(doc, "amount"),
                links,
                strings(doc.path("linked_from")),
                strings(doc.path("correlation_ids")),
                doc.path("event_count").asInt(),
                instant(doc, "first_event_at"),
                instant(doc, "last_event_at"),
                List.of(),
                clocks,
                doc.path("open").asBoolean(),
                instant(doc, "updated_at"),
                doc.path("version").asLong());
    }

    byte[] exception(ExceptionRecord e) {
        ObjectNode doc = json.createObjectNode();
        doc.put("id", e.id());
        doc.put("type", e.type());
        doc.put("severity", e.severity());
        doc.put("status", e.status());
        putIfNotNull(doc, "sla", e.sla());
        putIfNotNull(doc, "flow_key", e.flowKey());
        putIfNotNull(doc, "client", e.client());
        putIfNotNull(doc, "project", e.project());
        putIfNotNull(doc, "group", e.group());
        putIfNotNull(doc, "hours", e.hours());
        putIfNotNull(doc, "amount", e.amount());
        doc.put("opened_at", e.openedAt().toString());
        putIfNotNull(doc, "resolved_at", time(e.resolvedAt()));
        doc.put("updated_at", e.updatedAt().toString());
        putIfNotNull(doc, "summary", e.summary());
        doc.put("version", e.version());
        return bytes(doc);
    }

    ExceptionRecord exception(JsonNode doc) {
        return new ExceptionRecord(
                text(doc, "id"),
                text(doc, "type"),
                text(doc, "severity"),
                text(doc, "status"),
                text(doc, "sla"),
                text(doc, "flow_key"),
                text(doc, "client"),
                text(doc, "project"),
                text(doc, "group"),
                number(doc, "hours"),
                number(doc, "amount"),
                instant(doc, "opened_at"),
                instant(doc, "resolved_at"),
                instant(doc, "updated_at"),
                text(doc, "summary"),
                doc.path("version").asLong());
    }

    byte[] deadLetter(BulkWriter.Operation op, int status, String reason, Instant at) {
        ObjectNode doc = json.createObjectNode();
        doc.put("@timestamp", at.toString());
        doc.put("kind", op.kind());
        doc.put("target_index", op.index());
        doc.put("document_id", op.id());
        doc.put("status", status);
        doc.put("reason", reason);
        doc.put("document", new String(op.json(), StandardCharsets.UTF_8));
        return bytes(doc);
    }

    private byte[] bytes(ObjectNode doc) {
        try {
            return json.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a document", e);
        }
    }

    private static void putIfNotNull(ObjectNode doc, String field, String value) {
        if (value != null) {
            doc.put(field, value);
        }
    }

    private static void putIfNotNull(ObjectNode doc, String field, Double value) {
        if (value != null) {
            doc.put(field, value);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String text(JsonNode doc, String field) {
        JsonNode value = doc.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Double number(JsonNode doc, String field) {
        JsonNode value = doc.get(field);
        return value == null || value.isNull() ? null : value.asDouble();
    }

    private static Instant instant(JsonNode doc, String field) {
        String value = text(doc, field);
        return value == null ? null : Instant.parse(value);
    }
}
