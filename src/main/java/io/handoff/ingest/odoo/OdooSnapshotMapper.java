package io.handoff.ingest.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import io.handoff.ingest.EdgeRules;
import io.handoff.ingest.Rejection;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns one Odoo webhook body (a snapshot of a whole record, not a change) into canonical events.
 *
 * <p>Event time is the record's {@code write_date} (naive UTC, with or without microseconds); only
 * when the snapshot has none is the receipt time used. An event's id names the record, the
 * snapshot's write date and the type, so the same snapshot twice yields the same events
 * (duplicates), while distinct snapshots yield distinct events that the flow orders by time:
 * approval time is then the earliest validated snapshot, and a line's invoice the one in its
 * latest snapshot. The write date in the id is cut to whole seconds, as the APIs give it, so a
 * snapshot received by webhook and read again by the poller is one event.
 */
public final class OdooSnapshotMapper {
    /** Odoo's {@code str(datetime)}: whole seconds, or six fraction digits when it has microseconds. */
    static final DateTimeFormatter ODOO_DATETIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .toFormatter();

    private static final DateTimeFormatter ODOO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** What each model's fields mean to Handoff; a model without an entry yields facts from none. */
    private record FactFields(
            String hours, String amount, String project, String client, String linkField, String linkModel) {}

    private static final Map<String, FactFields> FACTS = Map.of(
            "account.analytic.line",
                    new FactFields("unit_amount", null, "project_id", null, "timesheet_invoice_id", "account.move"),
            "account.move", new FactFields(null, "amount_untaxed", null, "partner_id", null, null),
            "project.milestone", new FactFields(null, null, "project_id", null, null, null),
            "hr.expense", new FactFields(null, "total_amount", null, null, null, null),
            "hr.expense.sheet", new FactFields(null, "total_amount", null, null, null, null));

    private final List<SnapshotRule> rules;
    private final Set<String> models;
    private final EdgeRules edge;

    public OdooSnapshotMapper(List<SnapshotRule> rules, EdgeRules edge) {
        this.rules = List.copyOf(rules);
        this.models = Set.copyOf(rules.stream().map(SnapshotRule::model).toList());
        this.edge = edge;
    }

    /** The built-in rules plus configured ones; fails naming the key of a rule it cannot read. */
    public static OdooSnapshotMapper from(OdooConfig config, EdgeRules edge) {
        List<SnapshotRule> rules = new ArrayList<>(config.defaultRules() ? defaultRules() : List.of());
        new TreeMap<>(config.rules()).forEach((name, rule) -> {
            String key = "handoff.odoo.rules." + name;
            EventType type = EventType.fromWireName(rule.emit())
                    .orElseThrow(() ->
                            new IllegalArgumentException(key + ".emit: unknown event type '" + rule.emit() + "'"));
            if (type.anchor() != EventType.Anchor.SUBJECT) {
                throw new IllegalArgumentException(key + ".emit: " + type
                        + " is anchored on a correlation id, which an Odoo record does not carry");
            }
            if (type.linkEffect() == EventType.LinkEffect.SET && !type.builtIn()) {
                throw new IllegalArgumentException(key + ".emit: " + type + " sets the link " + type.linkName()
                        + ", and Odoo snapshots name no target for it; emit it from the middleware instead");
            }
            try {
                rules.add(new SnapshotRule(
                        name, rule.model(), FieldCondition.parseAll(rule.when().orElse("")), type));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ".when: " + e.getMessage(), e);
            }
        });
        return new OdooSnapshotMapper(rules, edge);
    }

    /** The defaults, following the automation rules in the README's Odoo section. */
    public static List<SnapshotRule> defaultRules() {
        return List.of(
                rule(
                        "timesheet-approved",
                        "account.analytic.line",
                        "validated=true, project_id",
                        EventType.TIMESHEET_APPROVED),
                rule(
                        "timesheet-invoiced",
                        "account.analytic.line",
                        "timesheet_invoice_id, project_id",
                        EventType.TIMESHEET_INVOICED),
                rule(
                        "timesheet-uninvoiced",
                        "account.analytic.line",
                        "!timesheet_invoice_id, project_id",
                        EventType.TIMESHEET_UNINVOICED),
                rule(
                        "invoice-posted",
                        "account.move",
                        "state=posted, move_type in out_invoice|out_refund",
                        EventType.INVOICE_POSTED),
                rule(
                        "invoice-paid",
                        "account.move",
                        "payment_state in paid|in_payment, move_type in out_invoice|out_refund",
                        EventType.INVOICE_PAID),
                rule("invoice-cancelled", "account.move", "state=cancel", EventType.INVOICE_CANCELLED),
                // Reversed by a credit note: it stays posted, but its lines are back to un-invoiced, as after a
                // cancellation.
                rule(
                        "invoice-reversed",
                        "account.move",
                        "payment_state=reversed, move_type=out_invoice",
                        EventType.INVOICE_CANCELLED),
                rule("milestone-reached", "project.milestone", "is_reached=true", EventType.MILESTONE_REACHED),
                rule("expense-approved", "hr.expense", "approval_state=approved", EventType.EXPENSE_APPROVED),
                rule(
                        "expense-report-approved",
                        "hr.expense.sheet",
                        "approval_state=approve",
                        EventType.EXPENSE_APPROVED),
                // Paid out to the employee: the report's payment state (17.0/18.0), the expense's state (19.0).
                rule(
                        "expense-report-reimbursed",
                        "hr.expense.sheet",
                        "payment_state in paid|in_payment",
                        EventType.EXPENSE_REIMBURSED),
                rule("expense-reimbursed", "hr.expense", "state in paid|in_payment", EventType.EXPENSE_REIMBURSED));
    }

    private static SnapshotRule rule(String name, String model, String when, EventType type) {
        return new SnapshotRule(name, model, FieldCondition.parseAll(when), type);
    }

    /** What one webhook body became. */
    public record Mapped(String model, List<BusinessEvent> events, Rejection rejection) {
        public boolean rejected() {
            return rejection != null;
        }
    }

    /** True when some rule maps snapshots of {@code model}. */
    public boolean maps(String model) {
        return models.contains(model);
    }

    public Mapped map(JsonNode body, String sourceName, Instant now) {
        if (body == null || !body.isObject()) {
            return rejected(null, "", "an Odoo webhook body must be a JSON object");
        }
        JsonNode modelNode = body.get("_model");
        if (modelNode == null || !modelNode.isTextual()) {
            return rejected(null, "/_model", "_model is missing: is this an Odoo \"Send Webhook Notification\" body?");
        }
        String model = modelNode.asText();
        JsonNode idNode = body.get("_id");
        if (!models.contains(model)) {
            String shown = EdgeRules.shown(model);
            return new Mapped(
                    model,
                    List.of(),
                    new Rejection(
                            "unmapped-model",
                            "/_model",
                            "no mapping rule for model " + shown + "; configure handoff.odoo.rules.<name>.model="
                                    + shown));
        }
        if (idNode == null || !idNode.isIntegralNumber() || !idNode.canConvertToLong() || idNode.asLong() <= 0) {
            return rejected(model, "/_id", "_id must be the record's positive integer id");
        }
        ObjectRef subject = new ObjectRef(model, idNode.asText());
        Instant time;
        String version;
        JsonNode writeDate = body.get("write_date");
        if (writeDate == null || !FieldCondition.isSet(writeDate)) {
            time = now;
            version = "received-" + now.toEpochMilli();
        } else {
            try {
                time = LocalDateTime.parse(writeDate.asText(), ODOO_DATETIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return rejected(
                        model,
                        "/write_date",
                        "write_date must be Odoo's \"YYYY-MM-DD HH:MM:SS[.ffffff]\" (UTC), got "
                                + EdgeRules.shown(writeDate));
            }
            String implausible = edge.implausibility(time, now);
            if (implausible != null) {
                return new Mapped(
                        model,
                        List.of(),
                        new Rejection(
                                "implausible-time",
                                "/write_date",
                                "write_date " + EdgeRules.shown(writeDate.asText()) + " " + implausible));
            }
            // Whole seconds, as the APIs give it: the webhook's snapshot and the poller's are one event.
            version = ODOO_SECONDS.format(LocalDateTime.ofInstant(time, ZoneOffset.UTC));
        }
        EventFacts facts;
        try {
            facts = facts(model, body);
        } catch (InvalidField e) {
            return rejected(model, "/" + e.field, e.getMessage());
        }
        String source = "odoo/" + sourceName;
        List<BusinessEvent> events = new ArrayList<>();
        for (SnapshotRule rule : rules) {
            if (rule.matches(model, body)) {
                String id = subject.key() + "@" + version + "#" + rule.emit().wireName();
                events.add(new BusinessEvent(source, id, rule.emit(), time, subject, null, facts, sourceName, now));
            }
        }
        return new Mapped(model, events, null);
    }

    private EventFacts facts(String model, JsonNode body) {
        FactFields fields = FACTS.get(model);
        if (fields == null) {
            return EventFacts.NONE;
        }
        String project = idText(body, fields.project);
        ObjectRef link = null;
        if (fields.linkField != null) {
            String target = idText(body, fields.linkField);
            link = target == null ? null : new ObjectRef(fields.linkModel, target);
        }
        return new EventFacts(
                idText(body, fields.client),
                project,
                edge.group(null, project),
                number(body, fields.hours, 0, EdgeRules.MAX_HOURS),
                number(body, fields.amount, -EdgeRules.MAX_AMOUNT, EdgeRules.MAX_AMOUNT),
                link);
    }

    /** A many2one as the webhook sends it (bare id) or as the APIs do ({@code [id, "name"]}): a positive integer id. */
    private static String idText(JsonNode body, String field) {
        if (field == null) {
            return null;
        }
        JsonNode value = body.get(field);
        if (value == null || !FieldCondition.isSet(value)) {
            return null;
        }
        JsonNode id = value.isArray() ? value.get(0) : value;
        if (id == null || !id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
            throw new InvalidField(
                    field,
                    field + " must be a record id (a positive integer, or [id, \"name\"]), got "
                            + EdgeRules.shown(value));
        }
        return id.asText();
    }

    /** Hours and amounts as Odoo sends them: a finite number within range, or false when empty. */
    private static Double number(JsonNode body, String field, double min, double max) {
        JsonNode value = field == null ? null : body.get(field);
        if (value == null || !FieldCondition.isSet(value)) {
            return null;
        }
        double number = value.isNumber() ? value.asDouble() : Double.NaN;
        if (!(number >= min && number <= max)) {
            throw new InvalidField(
                    field,
                    field + " must be a finite number between " + min + " and " + max + ", got "
                            + EdgeRules.shown(value));
        }
        return number;
    }

    /** A snapshot field Handoff reads that holds what it cannot be; cheap, no stack trace. */
    private static final class InvalidField extends RuntimeException {
        final String field;

        InvalidField(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    private static Mapped rejected(String model, String pointer, String detail) {
        return new Mapped(model, List.of(), new Rejection("invalid-snapshot", pointer, detail));
    }
}
