package io.handoff.ingest;

import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.WireText;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The checks every reader applies at the edge, whatever the wire format: plausible event times, text
 * within its byte limits, and how the owner group is found.
 */
public record EdgeRules(
        Duration maxFutureSkew,
        Duration maxAge,
        String groupField,
        Map<String, String> groupByProject,
        TextLimits text) {
    public EdgeRules {
        groupByProject = Map.copyOf(groupByProject);
    }

    /** Hours an event may be about: 0 up to this. */
    public static final double MAX_HOURS = 10_000;

    /** Money an event may put at stake, either way. */
    public static final double MAX_AMOUNT = 1e12;

    public EdgeRules(Duration maxFutureSkew, Duration maxAge, String groupField, Map<String, String> groupByProject) {
        this(maxFutureSkew, maxAge, groupField, groupByProject, TextLimits.DEFAULT);
    }

    /**
     * UTF-8 bytes allowed per attribute. Elasticsearch refuses a whole bulk request when one document id
     * is over 512 bytes and a keyword over 32 KB per document, so no attribute may come near either.
     */
    public record TextLimits(int id, int source, int subject, int correlationId, int label) {
        public static final TextLimits DEFAULT = new TextLimits(256, 512, 256, 256, 200);

        public TextLimits {
            for (int limit : new int[] {id, source, subject, correlationId, label}) {
                if (limit < 16 || limit > 1024) {
                    throw new IllegalArgumentException(
                            "handoff.ingest.max-*-bytes: every text limit lies between 16 and 1024 bytes, got "
                                    + limit);
                }
            }
        }
    }

    public static EdgeRules from(IngestConfig ingest, GroupingConfig grouping) {
        return new EdgeRules(
                ingest.maxFutureSkew(),
                ingest.maxAge(),
                grouping.field(),
                grouping.byProject(),
                new TextLimits(
                        ingest.maxIdBytes(),
                        ingest.maxSourceBytes(),
                        ingest.maxSubjectBytes(),
                        ingest.maxCorrelationIdBytes(),
                        ingest.maxLabelBytes()));
    }

    /** Null when the time is plausible, else what is wrong with it. */
    public String implausibility(Instant time, Instant now) {
        if (time.isAfter(now.plus(maxFutureSkew))) {
            return "lies more than " + maxFutureSkew + " in the future (now is " + now + ")";
        }
        if (time.isBefore(now.minus(maxAge))) {
            return "lies more than " + maxAge.toDays() + " days in the past (now is " + now + ")";
        }
        return null;
    }

    /** A sender's value as an error message may show it: short, one line. */
    public static String shown(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(Math.min(text.length(), 80));
        for (int i = 0; i < text.length() && out.length() < 64; i++) {
            char c = text.charAt(i);
            out.append(
                    Character.isISOControl(c) || Character.isSurrogate(c) || Character.getType(c) == Character.FORMAT
                            ? '?'
                            : c);
        }
        return text.length() > out.length() ? out + "… (" + text.length() + " characters)" : out.toString();
    }

    /**
     * Null when an already-built event keeps every limit a reader would have applied, else the first it breaks:
     * for events that reach the engine by another way than a reader (Handoff's own Kafka topic).
     */
    public String fault(BusinessEvent event) {
        EventFacts facts = event.facts();
        String fault = firstNonNull(
                textFault("source", event.source(), text.source()),
                textFault("id", event.id(), text.id()),
                textFault(
                        "subject",
                        event.subject() == null ? null : event.subject().key(),
                        text.subject()),
                textFault("correlationid", event.correlationId(), text.correlationId()),
                textFault("origin", event.origin(), 64),
                textFault("client", facts.client(), text.label()),
                textFault("project", facts.project(), text.label()),
                textFault("group", facts.group(), text.label()));
        if (fault != null) {
            return fault;
        }
        if (facts.hours() != null && !(facts.hours() >= 0 && facts.hours() <= MAX_HOURS)) {
            return "hours must be a finite number between 0 and " + MAX_HOURS;
        }
        if (facts.amount() != null && !(Math.abs(facts.amount()) <= MAX_AMOUNT)) {
            return "amount must be a finite number of at most " + MAX_AMOUNT + " in magnitude";
        }
        return null;
    }

    private static String textFault(String name, String value, int maxBytes) {
        String fault = value == null ? null : WireText.fault(value, maxBytes);
        return fault == null ? null : name + " " + fault;
    }

    private static String firstNonNull(String... faults) {
        for (String fault : faults) {
            if (fault != null) {
                return fault;
            }
        }
        return null;
    }

    /** The group an event belongs to: its own, else its project's, else null. */
    public String group(String own, String project) {
        if (own != null && !own.isBlank()) {
            return own;
        }
        return project == null ? null : groupByProject.get(project);
    }
}
