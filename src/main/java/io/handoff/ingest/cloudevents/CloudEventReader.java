package io.handoff.ingest.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;
import io.handoff.codec.UtcTimestamps;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import io.handoff.event.Traceparent;
import io.handoff.event.WireText;
import io.handoff.ingest.Candidate;
import io.handoff.ingest.EdgeRules;
import io.handoff.ingest.Rejection;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reads one CloudEvent 1.0 in JSON structured mode into a {@link BusinessEvent}, or says precisely
 * which attribute is wrong. The first problem found is reported, with its JSON pointer.
 *
 * <p>Handoff requires {@code time} (optional in CloudEvents), {@code subject} as
 * {@code <model>/<id>} for object events, and the {@code correlationid} extension for middleware
 * events. The {@code data} members it reads are listed in the README's event type table.
 */
public final class CloudEventReader {
    private static final Logger LOG = Logger.getLogger(CloudEventReader.class);

    /** The types known now: configured ones join the built-in ones at start. */
    private static String knownTypes() {
        return EventType.values().stream().map(EventType::wireName).collect(Collectors.joining(", "));
    }

    /** Sources already found to be URI-references: a firm has few, and parsing one per event is costly. */
    private static final int MAX_KNOWN_SOURCES = 10_000;

    private final EdgeRules rules;
    private final java.util.Set<String> knownSources = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public CloudEventReader(EdgeRules rules) {
        this.rules = rules;
    }

    public Candidate read(JsonNode node, String origin, Instant now) {
        return read(node, origin, now, "");
    }

    /** @param at JSON pointer of {@code node} within the request body, prefixed to reported pointers */
    public Candidate read(JsonNode node, String origin, Instant now, String at) {
        return read(node, origin, now, at, null);
    }

    /**
     * @param requestTraceparent the request's {@code traceparent} header, for events that carry none of
     *     their own (the CloudEvents distributed-tracing extension attribute wins)
     */
    public Candidate read(JsonNode node, String origin, Instant now, String at, String requestTraceparent) {
        if (node == null || !node.isObject()) {
            return Candidate.rejected(
                    new Rejection("invalid-event", at, "a CloudEvent must be a JSON object"), null, null);
        }
        String id = reported(text(node, "id"), rules.text().id());
        String source = reported(text(node, "source"), rules.text().source());
        try {
            return Candidate.of(parse(node, origin, now, requestTraceparent));
        } catch (Invalid e) {
            return Candidate.rejected(new Rejection(e.reason, at + e.pointer, e.getMessage()), id, source);
        } catch (RuntimeException | StackOverflowError e) {
            // A check this reader lacks: the input is still refused precisely, never a 5xx, and the gap is logged.
            LOG.warnf(
                    "CloudEvent refused by an unexpected %s; a check is missing in the reader",
                    e.getClass().getSimpleName());
            return Candidate.rejected(
                    new Rejection(
                            "invalid-event",
                            at,
                            "the event could not be read (" + e.getClass().getSimpleName() + ")"),
                    id,
                    source);
        }
    }

    /** An id or source as the rejection may repeat it: only when it is itself acceptable text. */
    private static String reported(String text, int maxBytes) {
        return text == null || WireText.fault(text, maxBytes) != null ? null : text;
    }

    private static void checkText(String value, String attribute, int maxBytes) {
        String fault = WireText.fault(value, maxBytes);
        if (fault != null) {
            throw new Invalid(
                    "invalid-attribute", "/" + attribute, attribute + " " + fault + " (handoff.ingest.max-*-bytes)");
        }
    }

    private BusinessEvent parse(JsonNode node, String origin, Instant now, String requestTraceparent) {
        String specversion = required(node, "specversion");
        if (!"1.0".equals(specversion)) {
            throw new Invalid(
                    "invalid-attribute",
                    "/specversion",
                    "specversion must be \"1.0\", got \"" + EdgeRules.shown(specversion) + "\"");
        }
        String id = required(node, "id");
        checkText(id, "id", rules.text().id());
        String source = required(node, "source");
        if (!knownSources.contains(source)) {
            checkText(source, "source", rules.text().source());
            try {
                new URI(source);
            } catch (URISyntaxException e) {
                throw new Invalid("invalid-attribute", "/source", "source must be a URI-reference: " + e.getReason());
            }
            if (knownSources.size() >= MAX_KNOWN_SOURCES) {
                knownSources.clear();
            }
            knownSources.add(source);
        }
        String typeName = required(node, "type");
        EventType type = EventType.fromWireName(typeName)
                .orElseThrow(() -> new Invalid(
                        "unknown-type",
                        "/type",
                        "unknown event type \"" + EdgeRules.shown(typeName) + "\"; known: " + knownTypes()));
        Instant time = time(node, now);

        ObjectRef subject = null;
        String subjectText = text(node, "subject");
        if (subjectText != null || type.anchor() == EventType.Anchor.SUBJECT) {
            if (subjectText == null) {
                throw new Invalid(
                        "invalid-attribute",
                        "/subject",
                        type + " needs subject \"<odoo model>/<id>\", e.g. account.analytic.line/4711");
            }
            checkText(subjectText, "subject", rules.text().subject());
            subject = ObjectRef.parse(subjectText).orElse(null);
            if (subject == null && type.anchor() == EventType.Anchor.SUBJECT) {
                throw new Invalid(
                        "invalid-attribute",
                        "/subject",
                        "subject must be \"<odoo model>/<id>\", e.g. account.analytic.line/4711, got \""
                                + EdgeRules.shown(subjectText) + "\"");
            }
        }
        String correlationId = text(node, "correlationid");
        if (node.has("correlationid") && (correlationId == null || correlationId.isBlank())) {
            throw new Invalid("invalid-attribute", "/correlationid", "correlationid must be a non-empty string");
        }
        if (correlationId != null) {
            checkText(correlationId, "correlationid", rules.text().correlationId());
        }
        if (correlationId == null && type.anchor() == EventType.Anchor.CORRELATION) {
            throw new Invalid(
                    "invalid-attribute",
                    "/correlationid",
                    type + " needs the correlationid extension (the middleware message id)");
        }
        // Facts are read from JSON data only; data of another media type is the sender's own business.
        String contentType = text(node, "datacontenttype");
        EventFacts facts = facts(BinaryMode.isJson(contentType) ? node.get("data") : null, type);
        String traceparent = Traceparent.validOrNull(text(node, "traceparent"));
        if (traceparent == null) {
            traceparent = Traceparent.validOrNull(requestTraceparent);
        }
        return new BusinessEvent(source, id, type, time, subject, correlationId, facts, origin, now, traceparent);
    }

    private Instant time(JsonNode node, Instant now) {
        String text = required(node, "time");
        Instant time;
        try {
            Instant utc = UtcTimestamps.parse(text);
            time = utc != null ? utc : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new Invalid(
                    "invalid-attribute",
                    "/time",
                    "time must be an RFC 3339 timestamp such as 2026-11-23T08:06:30Z, got \"" + EdgeRules.shown(text)
                            + "\"");
        }
        String implausible = rules.implausibility(time, now);
        if (implausible != null) {
            throw new Invalid("implausible-time", "/time", "time " + EdgeRules.shown(text) + " " + implausible);
        }
        return time;
    }

    private EventFacts facts(JsonNode data, EventType type) {
        if (data == null || data.isNull()) {
            if (type.linkEffect() == EventType.LinkEffect.SET && type != EventType.MIDDLEWARE_DELIVERED) {
                throw new Invalid(
                        "invalid-attribute",
                        "/data/" + type.linkName(),
                        type + " needs data." + type.linkName() + ", the " + type.linkName() + " it links to");
            }
            return EventFacts.NONE;
        }
        if (!data.isObject()) {
            throw new Invalid("invalid-attribute", "/data", "data must be a JSON object");
        }
        int labelBytes = rules.text().label();
        String project = label(data, "project", labelBytes);
        Double hours = number(data, "hours", 0, EdgeRules.MAX_HOURS);
        Double amount = number(data, "amount", -EdgeRules.MAX_AMOUNT, EdgeRules.MAX_AMOUNT);
        ObjectRef link = null;
        if (type == EventType.MIDDLEWARE_DELIVERED) {
            link = ref(data, "record", null, false);
        } else if (type.linkEffect() == EventType.LinkEffect.SET) {
            // data.<link name>: "account.move/7718", or a bare id of an invoice
            link = ref(data, type.linkName(), "invoice".equals(type.linkName()) ? "account.move" : null, true);
        }
        return new EventFacts(
                label(data, "client", labelBytes),
                project,
                rules.group(label(data, rules.groupField(), labelBytes), project),
                hours,
                amount,
                link);
    }

    private static ObjectRef ref(JsonNode data, String field, String defaultModel, boolean required) {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new Invalid(
                        "invalid-attribute",
                        "/data/" + field,
                        "data." + field + " is required: \"<model>/<id>\""
                                + (defaultModel == null ? "" : " or an " + defaultModel + " id"));
            }
            return null;
        }
        if (value.isIntegralNumber() && defaultModel != null) {
            if (!value.canConvertToLong() || value.asLong() <= 0) {
                throw new Invalid(
                        "invalid-attribute",
                        "/data/" + field,
                        "data." + field + " must be a positive " + defaultModel + " id, got " + EdgeRules.shown(value));
            }
            return new ObjectRef(defaultModel, value.asText());
        }
        String text = value.isTextual() ? value.asText() : null;
        return ObjectRef.parse(text)
                .orElseThrow(() -> new Invalid(
                        "invalid-attribute",
                        "/data/" + field,
                        "data." + field + " must be \"<model>/<id>\""
                                + (defaultModel == null ? "" : " or an " + defaultModel + " id") + ", got "
                                + EdgeRules.shown(value)));
    }

    private static String label(JsonNode data, String field, int maxBytes) {
        JsonNode value = data.get(field);
        if (value == null || value.isNull() || value.isContainerNode() || (value.isBoolean() && !value.asBoolean())) {
            return null;
        }
        String text = value.asText();
        String fault = WireText.fault(text, maxBytes);
        if (fault != null) {
            throw new Invalid("invalid-attribute", "/data/" + field, "data." + field + " " + fault);
        }
        return text.isBlank() ? null : text;
    }

    private static Double number(JsonNode data, String field, double min, double max) {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new Invalid(
                    "invalid-attribute",
                    "/data/" + field,
                    "data." + field + " must be a number, got " + EdgeRules.shown(value));
        }
        double number = value.asDouble();
        if (!(number >= min && number <= max)) {
            throw new Invalid(
                    "invalid-attribute",
                    "/data/" + field,
                    "data." + field + " must be a finite number between " + min + " and " + max + ", got "
                            + EdgeRules.shown(value));
        }
        return number;
    }

    private static String required(JsonNode node, String attribute) {
        JsonNode value = node.get(attribute);
        if (value == null || value.isNull()) {
            throw new Invalid(
                    "invalid-attribute", "/" + attribute, "required attribute \"" + attribute + "\" is missing");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new Invalid(
                    "invalid-attribute", "/" + attribute, "attribute \"" + attribute + "\" must be a non-empty string");
        }
        return value.asText();
    }

    private static String text(JsonNode node, String attribute) {
        JsonNode value = node.get(attribute);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** A validation failure on its way to becoming a {@link Rejection}; cheap, no stack trace. */
    private static final class Invalid extends RuntimeException {
        final String reason;
        final String pointer;

        Invalid(String reason, String pointer, String message) {
            super(message, null, false, false);
            this.reason = reason;
            this.pointer = pointer;
        }
    }
}
