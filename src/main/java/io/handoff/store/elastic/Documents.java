package io.handoff.store.elastic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.anomaly.AnomalyPoint;
import io.handoff.codec.UtcTimestamps;
import io.handoff.event.BusinessEvent;
import io.handoff.reconcile.ExceptionRecord;
import io.handoff.reconcile.ExceptionStatus;
import io.handoff.reconcile.Severity;
import io.handoff.slo.ClockDecision;
import io.handoff.store.FlowRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How events, flows and exceptions look as Elasticsearch documents (a flow document carries no
 * timeline: the events index has the events) (snake_case, ISO-8601 times with
 * their full precision), both ways. The mappings in {@code elasticsearch/*.json} must agree.
 */
final class Documents {
    /** Looking the provider up per event cost as much as hashing; digest() resets it for the next use. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final ObjectMapper json;

    Documents(ObjectMapper json) {
        this.json = json;
    }

    /** A short, stable document id for an event identity: the same (source, id) always maps to it. */
    static String eventDocId(BusinessEvent.Identity identity) {
        MessageDigest sha = SHA_256.get();
        sha.update(identity.source().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(identity.id().getBytes(StandardCharsets.UTF_8));
        return ID_ENCODER.encodeToString(sha.digest());
    }

    /** Longest key used as a document id as it is; Elasticsearch refuses a whole bulk request for one id over 512 bytes. */
    static final int MAX_PLAIN_ID_BYTES = 256;

    /**
     * The document id of a flow, exception or notice key: the key itself when it is short (readable in
     * Kibana), else {@code sha256:} and its digest; the key is in the document either way.
     */
    static String docId(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_PLAIN_ID_BYTES && !key.startsWith("sha256:")) {
            return key;
        }
        return "sha256:" + ID_ENCODER.encodeToString(SHA_256.get().digest(bytes));
    }

    byte[] event(BusinessEvent e) {
        return io.handoff.codec.EventCodec.write(e);
    }

    BusinessEvent event(JsonNode doc) {
        try {
            return io.handoff.codec.EventCodec.read(doc);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("unreadable event in store: " + e.getMessage(), e);
        }
    }

    byte[] flow(FlowRecord f) {
        return write(doc -> {
            doc.writeStringField("key", f.key());
            doc.writeStringField("anchor", f.anchor());
            writeIfNotNull(doc, "client", f.client());
            writeIfNotNull(doc, "project", f.project());
            writeIfNotNull(doc, "group", f.group());
            writeIfNotNull(doc, "hours", f.hours());
            writeIfNotNull(doc, "amount", f.amount());
            doc.writeObjectFieldStart("links");
            for (Map.Entry<String, String> link : f.links().entrySet()) {
                doc.writeStringField(link.getKey(), link.getValue());
            }
            doc.writeEndObject();
            writeStrings(doc, "link_keys", f.links().values());
            writeStrings(doc, "linked_from", f.linkedFrom());
            writeStrings(doc, "correlation_ids", f.correlationIds());
            doc.writeNumberField("event_count", f.eventCount());
            writeIfNotNull(doc, "first_event_at", time(f.firstEventAt()));
            writeIfNotNull(doc, "last_event_at", time(f.lastEventAt()));
            doc.writeArrayFieldStart("slas");
            for (FlowRecord.Clock c : f.slas()) {
                doc.writeStartObject();
                doc.writeStringField("sla", c.sla());
                doc.writeStringField("state", c.state());
                doc.writeStringField("start", UtcTimestamps.format(c.start()));
                doc.writeStringField("at_risk_at", UtcTimestamps.format(c.atRiskAt()));
                doc.writeStringField("due", UtcTimestamps.format(c.due()));
                writeIfNotNull(doc, "stop", time(c.stop()));
                doc.writeNumberField("elapsed_seconds", c.elapsedSeconds());
                writeIfNotNull(doc, "maintenance", c.maintenance());
                doc.writeEndObject();
            }
            doc.writeEndArray();
            doc.writeArrayFieldStart("sla_states");
            for (FlowRecord.Clock c : f.slas()) {
                doc.writeString(c.sla() + ":" + c.state());
            }
            doc.writeEndArray();
            doc.writeBooleanField("open", f.open());
            doc.writeStringField("updated_at", UtcTimestamps.format(f.updatedAt()));
            doc.writeNumberField("version", f.version());
        });
    }

    FlowRecord flow(JsonNode doc) {
        Map<String, String> links = new LinkedHashMap<>();
        doc.path("links")
                .fields()
                .forEachRemaining(e -> links.put(e.getKey(), e.getValue().asText()));
        List<FlowRecord.Clock> clocks = new ArrayList<>();
        for (JsonNode c : doc.path("slas")) {
            clocks.add(new FlowRecord.Clock(
                    text(c, "sla"),
                    text(c, "state"),
                    instant(c, "start"),
                    instant(c, "at_risk_at"),
                    instant(c, "due"),
                    instant(c, "stop"),
                    c.path("elapsed_seconds").asDouble(),
                    text(c, "maintenance")));
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

    byte[] anomaly(AnomalyPoint point) {
        ObjectNode doc = json.createObjectNode();
        doc.put("@timestamp", UtcTimestamps.format(point.time()));
        doc.put("series", point.series());
        doc.put("subject", point.subject());
        doc.put("value", point.value());
        doc.put("score", point.score());
        if (!point.signal().isEmpty()) {
            doc.put("signal", point.signal());
            doc.put("explanation", point.explanation());
        }
        return bytes(doc);
    }

    byte[] decision(ClockDecision d) {
        ObjectNode doc = json.createObjectNode();
        doc.put("sla", d.sla());
        doc.put("flow_key", d.flowKey());
        doc.put("outcome", d.outcome().label());
        doc.put("decided_at", time(d.decidedAt()));
        doc.put("group", d.group());
        doc.put("client", d.client());
        doc.put("project", d.project());
        doc.put("hours", d.hours());
        doc.put("amount", d.amount());
        doc.put("version", d.version());
        return bytes(doc);
    }

    byte[] exception(ExceptionRecord e) {
        ObjectNode doc = json.createObjectNode();
        doc.put("id", e.id());
        doc.put("type", e.type());
        doc.put("severity", e.severity().label());
        doc.put("status", e.status().label());
        putIfNotNull(doc, "sla", e.sla());
        putIfNotNull(doc, "flow_key", e.flowKey());
        putIfNotNull(doc, "client", e.client());
        putIfNotNull(doc, "project", e.project());
        putIfNotNull(doc, "group", e.group());
        putIfNotNull(doc, "hours", e.hours());
        putIfNotNull(doc, "amount", e.amount());
        doc.put("opened_at", UtcTimestamps.format(e.openedAt()));
        putIfNotNull(doc, "resolved_at", time(e.resolvedAt()));
        doc.put("updated_at", UtcTimestamps.format(e.updatedAt()));
        putIfNotNull(doc, "summary", e.summary());
        doc.put("version", e.version());
        if (e.acknowledgement() != null) {
            doc.put("acknowledged_by", e.acknowledgement().by());
            doc.put("acknowledged_at", UtcTimestamps.format(e.acknowledgement().at()));
            putIfNotNull(doc, "acknowledgement_comment", e.acknowledgement().comment());
        }
        putIfNotNull(doc, "assignee", e.assignee());
        putIfNotNull(doc, "snoozed_until", time(e.snoozedUntil()));
        if (!e.activity().isEmpty()) {
            com.fasterxml.jackson.databind.node.ArrayNode activity = doc.putArray("activity");
            for (ExceptionRecord.Activity item : e.activity()) {
                ObjectNode entry = activity.addObject()
                        .put("action", item.action())
                        .put("by", item.by())
                        .put("at", UtcTimestamps.format(item.at()));
                putIfNotNull(entry, "detail", item.detail());
            }
        }
        if (!e.evidence().isEmpty()) {
            com.fasterxml.jackson.databind.node.ArrayNode evidence = doc.putArray("evidence");
            for (ExceptionRecord.Evidence item : e.evidence()) {
                evidence.addObject()
                        .put("flow", item.flow())
                        .put("source", item.source())
                        .put("id", item.id())
                        .put("type", item.type())
                        .put("time", UtcTimestamps.format(item.time()));
            }
        }
        return bytes(doc);
    }

    ExceptionRecord exception(JsonNode doc) {
        return new ExceptionRecord(
                text(doc, "id"),
                text(doc, "type"),
                Severity.of(text(doc, "severity")).orElse(Severity.WARNING),
                ExceptionStatus.of(text(doc, "status")).orElse(ExceptionStatus.OPEN),
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
                doc.path("version").asLong(),
                doc.hasNonNull("acknowledged_by")
                        ? new ExceptionRecord.Acknowledgement(
                                text(doc, "acknowledged_by"),
                                instant(doc, "acknowledged_at"),
                                text(doc, "acknowledgement_comment"))
                        : null,
                evidence(doc.path("evidence")),
                text(doc, "assignee"),
                instant(doc, "snoozed_until"),
                activity(doc.path("activity")));
    }

    private static java.util.List<ExceptionRecord.Activity> activity(JsonNode items) {
        java.util.List<ExceptionRecord.Activity> activity = new java.util.ArrayList<>(items.size());
        for (JsonNode item : items) {
            activity.add(new ExceptionRecord.Activity(
                    text(item, "action"), text(item, "by"), instant(item, "at"), text(item, "detail")));
        }
        return activity;
    }

    private static java.util.List<ExceptionRecord.Evidence> evidence(JsonNode items) {
        java.util.List<ExceptionRecord.Evidence> evidence = new java.util.ArrayList<>(items.size());
        for (JsonNode item : items) {
            evidence.add(new ExceptionRecord.Evidence(
                    text(item, "flow"),
                    text(item, "source"),
                    text(item, "id"),
                    text(item, "type"),
                    instant(item, "time")));
        }
        return evidence;
    }

    byte[] deadLetter(BulkWriter.Operation op, int status, String reason, Instant at) {
        ObjectNode doc = json.createObjectNode();
        doc.put("@timestamp", UtcTimestamps.format(at));
        doc.put("kind", op.kind());
        doc.put("target_index", op.index());
        doc.put("document_id", op.id());
        doc.put("status", status);
        doc.put("reason", reason);
        doc.put("document", new String(op.json(), StandardCharsets.UTF_8));
        return bytes(doc);
    }

    /** Documents written on the hot path stream straight to bytes: no tree in between. */
    private byte[] write(Fields fields) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator doc = json.getFactory().createGenerator(out)) {
            doc.writeStartObject();
            fields.write(doc);
            doc.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise a document", e);
        }
        return out.toByteArray();
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator doc) throws IOException;
    }

    private static void writeIfNotNull(JsonGenerator doc, String field, String value) throws IOException {
        if (value != null) {
            doc.writeStringField(field, value);
        }
    }

    private static void writeIfNotNull(JsonGenerator doc, String field, Double value) throws IOException {
        if (value != null) {
            doc.writeNumberField(field, value);
        }
    }

    private static void writeStrings(JsonGenerator doc, String field, Collection<String> values) throws IOException {
        doc.writeArrayFieldStart(field);
        for (String value : values) {
            doc.writeString(value);
        }
        doc.writeEndArray();
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

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String time(Instant instant) {
        return instant == null ? null : UtcTimestamps.format(instant);
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
        return value == null ? null : UtcTimestamps.instant(value);
    }
}
