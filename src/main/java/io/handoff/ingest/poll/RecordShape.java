package io.handoff.ingest.poll;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What to read of one Odoo model to name its records, and how to say it. The record a flow follows is read
 * whole (its many2one fields come back as {@code [id, "name"]}, named by Odoo with its own rights, so the
 * integration user needs no read access on employees); any other record by its {@code display_name}.
 *
 * @param fields the fields asked for
 * @param comodels the model each many2one field among them points to: their names are learnt on the way
 * @param currencyField the many2one to {@code res.currency} of the record's amounts, or null
 */
record RecordShape(String model, List<String> fields, Map<String, String> comodels, String currencyField) {
    static final int MAX_NAME = 200;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    /** Records Handoff follows, read with the fields a lead recognises them by. */
    static final Map<String, RecordShape> FOLLOWED = Map.of(
            "account.analytic.line",
                    new RecordShape(
                            "account.analytic.line",
                            List.of("employee_id", "date", "task_id", "unit_amount", "project_id"),
                            Map.of(
                                    "employee_id",
                                    "hr.employee",
                                    "task_id",
                                    "project.task",
                                    "project_id",
                                    "project.project"),
                            null),
            "account.move",
                    new RecordShape(
                            "account.move",
                            List.of("name", "partner_id", "currency_id"),
                            Map.of("partner_id", "res.partner", "currency_id", "res.currency"),
                            "currency_id"),
            "project.milestone",
                    new RecordShape(
                            "project.milestone",
                            List.of("name", "project_id"),
                            Map.of("project_id", "project.project"),
                            null),
            // total_amount, the amount Handoff takes, is in the company's currency (17+), not the expense's
            // currency_id: no currency of its own, so amounts show the firm's (handoff.names.default-currency).
            "hr.expense",
                    new RecordShape(
                            "hr.expense", List.of("name", "employee_id"), Map.of("employee_id", "hr.employee"), null),
            "hr.expense.sheet",
                    new RecordShape(
                            "hr.expense.sheet",
                            List.of("name", "employee_id", "currency_id"),
                            Map.of("employee_id", "hr.employee", "currency_id", "res.currency"),
                            "currency_id"));

    /** Models whose records are only named: the ids in events' client and project, and what records point to. */
    static final List<String> NAMED =
            List.of("res.partner", "project.project", "hr.employee", "project.task", "res.currency");

    /** How to read {@code model}, or null when Handoff does not name its records. */
    static RecordShape of(String model) {
        RecordShape followed = FOLLOWED.get(model);
        if (followed != null) {
            return followed;
        }
        return NAMED.contains(model) ? new RecordShape(model, List.of("display_name"), Map.of(), null) : null;
    }

    /**
     * One row as a lead reads it: a line as "employee · day · task · hours", an invoice as "number · partner",
     * others by their name; null when the row holds nothing to show.
     */
    String describe(JsonNode row) {
        if (fields.equals(List.of("display_name"))) {
            return text(row.get("display_name"));
        }
        List<String> parts = new ArrayList<>();
        for (String field : fields) {
            if (field.equals(currencyField) || (model.equals("account.analytic.line") && field.equals("project_id"))) {
                continue; // the currency goes with amounts; a line's project is shown as the project
            }
            String part = switch (field) {
                case "date" -> day(row.get(field));
                case "unit_amount" -> hours(row.get(field));
                default -> comodels.containsKey(field) ? many2oneName(row.get(field)) : text(row.get(field));
            };
            if (part != null && !part.isBlank() && !part.equals("/")) {
                parts.add(part.strip());
            }
        }
        return parts.isEmpty() ? null : String.join(" · ", parts);
    }

    /** The name in {@code [id, "name"]}; null for Odoo's {@code false}. */
    static String many2oneName(JsonNode value) {
        return value != null && value.isArray() && value.size() == 2 ? text(value.get(1)) : null;
    }

    /** The id in {@code [id, "name"]} (or a bare id); null for Odoo's {@code false}. */
    static String many2oneId(JsonNode value) {
        JsonNode id = value != null && value.isArray() ? value.get(0) : value;
        return id != null && id.isIntegralNumber() && id.asLong() > 0 ? id.asText() : null;
    }

    static String text(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        String cleaned = clean(value.asText());
        return cleaned.isEmpty() ? null : cleaned;
    }

    /** Names are shown and mailed: one line, no control characters, at most {@value #MAX_NAME} characters. */
    static String clean(String name) {
        return io.handoff.event.WireText.oneLine(name, MAX_NAME).strip();
    }

    private static String day(JsonNode value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return DAY.format(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    private static String hours(JsonNode value) {
        return value != null && value.isNumber() && value.asDouble() > 0
                ? String.format(Locale.ROOT, "%.1f h", value.asDouble())
                : null;
    }
}
