package io.handoff.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import java.io.IOException;
import java.io.UncheckedIOException;

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
            doc.writeStringField("@timestamp", UtcTimestamps.format(e.time()));
            doc.writeStringField("received_at", UtcTimestamps.format(e.receivedAt()));
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
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("not an event document: not a JSON object");
        }
        Fields fields = new Fields();
        doc.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                fields.set(field.getKey(), null);
            } else if (value.isValueNode()) {
                fields.set(field.getKey(), value.asText());
            } else {
                fields.container(field.getKey());
            }
        });
        return fields.event();
    }

    /**
     * The same as {@link #read(JsonNode)} of the parsed bytes, read as a stream: the Kafka path decodes every record
     * here (the partition processor, the store sink), where building a tree first cost a third of the decoding.
     *
     * @throws IllegalArgumentException when the bytes are not an event document written by {@link #write}
     */
    public static BusinessEvent read(byte[] bytes) {
        Fields fields = new Fields();
        try (JsonParser doc = FACTORY.createParser(bytes)) {
            if (doc.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not an event document: not a JSON object");
            }
            while (doc.nextToken() == JsonToken.FIELD_NAME) {
                String name = doc.currentName();
                JsonToken value = doc.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    fields.set(name, null);
                } else if (value.isScalarValue()) {
                    fields.set(name, doc.getText());
                } else {
                    fields.container(name);
                    doc.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not an event document: " + e.getMessage(), e);
        }
        return fields.event();
    }

    /** The members of an event document as they are read, in any order; unknown members are ignored. */
    private static final class Fields {
        private String time;
        private String receivedAt;
        private String source;
        private String id;
        private String type;
        private String subject;
        private String correlationId;
        private String origin;
        private String client;
        private String project;
        private String group;
        private String hours;
        private String amount;
        private String link;
        private String traceparent;

        /** Answers whether the member is one of an event's (flow_key is written for search, derived when read). */
        boolean set(String name, String text) {
            switch (name) {
                case "@timestamp" -> time = text;
                case "received_at" -> receivedAt = text;
                case "source" -> source = text;
                case "event_id" -> id = text;
                case "type" -> type = text;
                case "subject" -> subject = text;
                case "correlation_id" -> correlationId = text;
                case "origin" -> origin = text;
                case "client" -> client = text;
                case "project" -> project = text;
                case "group" -> group = text;
                case "hours" -> hours = text;
                case "amount" -> amount = text;
                case "link" -> link = text;
                case "traceparent" -> traceparent = text;
                case "flow_key" -> {}
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** An object or array where a member of the event is: no event document has one. */
        void container(String name) {
            if (set(name, null)) {
                throw new IllegalArgumentException("not an event document: " + name + " is not a single value");
            }
        }

        BusinessEvent event() {
            if (type == null || time == null || receivedAt == null) {
                throw new IllegalArgumentException(
                        "not an event document: type, @timestamp and received_at are required");
            }
            EventFacts facts = new EventFacts(
                    client,
                    project,
                    group,
                    number("hours", hours),
                    number("amount", amount),
                    ObjectRef.parse(link).orElse(null));
            try {
                return new BusinessEvent(
                        source,
                        id,
                        EventType.fromWireName(type).orElseGet(() -> retired(type, subject)),
                        UtcTimestamps.instant(time),
                        ObjectRef.parse(subject).orElse(null),
                        correlationId,
                        facts,
                        origin,
                        UtcTimestamps.instant(receivedAt),
                        traceparent);
            } catch (NullPointerException | java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("not an event document: " + e.getMessage(), e);
            }
        }

        private static Double number(String name, String text) {
            if (text == null) {
                return null;
            }
            try {
                return Double.valueOf(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an event document: " + name + " is not a number", e);
            }
        }
    }

    /** A stored event of a type no longer declared stays readable: see {@link EventType#retired}. */
    private static EventType retired(String type, String subject) {
        if (!EventType.isWireName(type)) {
            throw new IllegalArgumentException("unknown event type "
                    + (type.length() <= EventType.MAX_WIRE_NAME
                            ? type
                            : type.substring(0, EventType.MAX_WIRE_NAME) + "… (" + type.length() + " characters)"));
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
}
