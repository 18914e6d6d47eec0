package io.handoff.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A validated event as Handoff keeps and passes it on (the Elasticsearch events index, the Kafka
 * repartition topic): snake_case, ISO-8601 times with their full precision, both ways and losslessly.
 * Unlike a CloudEvent it is not validated again when read: it was validated when first accepted.
 */
public final class EventCodec {
    private static final JsonFactory FACTORY = new JsonFactory();

    private EventCodec() {}

    public static byte[] write(BusinessEvent e) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator doc = FACTORY.createGenerator(out)) {
            doc.writeStartObject();
            doc.writeStringField("@timestamp", e.time().toString());
            doc.writeStringField("received_at", e.receivedAt().toString());
            doc.writeStringField("source", e.source());
            doc.writeStringField("event_id", e.id());
            doc.writeStringField("type", e.type().wireName());
            doc.writeStringField("flow_key", e.flowKey());
            writeIfNotNull(
                    doc, "subject", e.subject() == null ? null : e.subject().key());
            writeIfNotNull(doc, "correlation_id", e.correlationId());
            doc.writeStringField("origin", e.origin());
            EventFacts f = e.facts();
            writeIfNotNull(doc, "client", f.client());
            writeIfNotNull(doc, "project", f.project());
            writeIfNotNull(doc, "group", f.group());
            if (f.hours() != null) {
                doc.writeNumberField("hours", f.hours());
            }
            if (f.amount() != null) {
                doc.writeNumberField("amount", f.amount());
            }
            writeIfNotNull(doc, "link", f.link() == null ? null : f.link().key());
            writeIfNotNull(doc, "traceparent", e.traceparent());
            doc.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot serialise an event", ex);
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the document is not an event written by {@link #write} */
    public static BusinessEvent read(JsonNode doc) {
        EventFacts facts = new EventFacts(
                text(doc, "client"),
                text(doc, "project"),
                text(doc, "group"),
                number(doc, "hours"),
                number(doc, "amount"),
                ObjectRef.parse(text(doc, "link")).orElse(null));
        String type = text(doc, "type");
        String time = text(doc, "@timestamp");
        String receivedAt = text(doc, "received_at");
        if (type == null || time == null || receivedAt == null) {
            throw new IllegalArgumentException("not an event document: type, @timestamp and received_at are required");
        }
        try {
            return new BusinessEvent(
                    text(doc, "source"),
                    text(doc, "event_id"),
                    EventType.fromWireName(type).orElseGet(() -> retired(type, text(doc, "subject"))),
                    Instant.parse(time),
                    ObjectRef.parse(text(doc, "subject")).orElse(null),
                    text(doc, "correlation_id"),
                    facts,
                    text(doc, "origin"),
                    Instant.parse(receivedAt),
                    text(doc, "traceparent"));
        } catch (NullPointerException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not an event document: " + e.getMessage(), e);
        }
    }

    /** A stored event of a type no longer declared stays readable: see {@link EventType#retired}. */
    private static EventType retired(String type, String subject) {
        if (!type.matches(EventType.WIRE_NAME)) {
            throw new IllegalArgumentException("unknown event type " + type);
        }
        org.jboss.logging.Logger.getLogger(EventCodec.class)
                .warnf(
                        "stored events of type %s, which is no longer declared (handoff.events.types): read as a"
                                + " retired type that starts, stops and links nothing",
                        type);
        return EventType.retired(type, subject != null ? EventType.Anchor.SUBJECT : EventType.Anchor.CORRELATION);
    }

    private static void writeIfNotNull(JsonGenerator doc, String field, String value) throws IOException {
        if (value != null) {
            doc.writeStringField(field, value);
        }
    }

    private static String text(JsonNode doc, String field) {
        JsonNode value = doc.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Double number(JsonNode doc, String field) {
        JsonNode value = doc.get(field);
        return value == null || value.isNull() ? null : value.asDouble();
    }
}
