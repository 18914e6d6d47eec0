package io.handoff.ingest.odoo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One test on a field of an Odoo snapshot, written as in the mapping configuration:
 * {@code field=value}, {@code field!=value}, {@code field in a|b}, {@code field} (set: present and
 * not false/empty) or {@code !field} (present and false/empty). A field absent from the snapshot
 * (not selected in the webhook) fails every test.
 */
record FieldCondition(String field, Op op, Set<String> values) {
    enum Op {
        EQ,
        NE,
        IN,
        SET,
        UNSET
    }

    /** Parses a comma-separated conjunction, e.g. {@code state=posted, move_type in out_invoice|out_refund}. */
    static List<FieldCondition> parseAll(String text) {
        List<FieldCondition> conditions = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return conditions;
        }
        for (String part : text.split(",")) {
            conditions.add(parse(part.trim()));
        }
        return conditions;
    }

    static FieldCondition parse(String text) {
        int ne = text.indexOf("!=");
        if (ne > 0) {
            return new FieldCondition(
                    text.substring(0, ne).trim(),
                    Op.NE,
                    Set.of(text.substring(ne + 2).trim()));
        }
        int eq = text.indexOf('=');
        if (eq > 0) {
            return new FieldCondition(
                    text.substring(0, eq).trim(),
                    Op.EQ,
                    Set.of(text.substring(eq + 1).trim()));
        }
        int in = text.indexOf(" in ");
        if (in > 0) {
            return new FieldCondition(
                    text.substring(0, in).trim(),
                    Op.IN,
                    Set.of(text.substring(in + 4).trim().split("\\|")));
        }
        if (text.startsWith("!") && text.length() > 1) {
            return new FieldCondition(text.substring(1).trim(), Op.UNSET, Set.of());
        }
        if (text.matches("[a-z_][a-z0-9_]*")) {
            return new FieldCondition(text, Op.SET, Set.of());
        }
        throw new IllegalArgumentException("cannot read condition '" + text
                + "': expected field=value, field!=value, field in a|b, field or !field");
    }

    boolean test(JsonNode record) {
        JsonNode value = record.get(field);
        if (value == null) {
            return false;
        }
        return switch (op) {
            case SET -> isSet(value);
            case UNSET -> !isSet(value);
            case EQ -> values.contains(value.asText());
            case NE -> !values.contains(value.asText());
            case IN -> values.contains(value.asText());
        };
    }

    /** Odoo writes an empty field as false (and an empty list as []). */
    static boolean isSet(JsonNode value) {
        return !(value.isNull()
                || (value.isBoolean() && !value.asBoolean())
                || (value.isArray() && value.isEmpty())
                || (value.isTextual() && value.asText().isEmpty()));
    }
}
