package io.handoff.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Valid inputs of every kind the edges take, made fresh per case ({@code n} makes ids and objects unique), for
 * mutations to spoil: a CloudEvent of each event type, and Odoo's webhook body for each mapped model as Odoo
 * really sends it (the fixtures recorded from Odoo, with a current write date).
 */
final class Inputs {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ODOO = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    static final List<String> TYPES = List.of(
            "timesheet.approved",
            "timesheet.invoiced",
            "timesheet.uninvoiced",
            "invoice.posted",
            "invoice.paid",
            "invoice.cancelled",
            "milestone.reached",
            "expense.approved",
            "middleware.message.received",
            "middleware.message.delivered",
            "middleware.message.failed",
            "middleware.message.retried",
            "middleware.message.deadlettered",
            // later additions at the end: tests pick types by index
            "timesheet.submitted",
            "milestone.invoiced",
            "expense.reimbursed");

    static final List<String> WEBHOOKS = List.of(
            "webhook-timesheet-validated.json",
            "webhook-timesheet-invoiced.json",
            "webhook-invoice-posted.json",
            "webhook-invoice-paid.json",
            "webhook-invoice-cancelled.json",
            "webhook-milestone-reached.json",
            "webhook-expense-approved.json",
            "webhook-expense-sheet-approved.json",
            "webhook-minimal.json");

    private static final List<ObjectNode> ODOO_BODIES =
            WEBHOOKS.stream().map(Inputs::fixture).toList();

    private Inputs() {}

    static ObjectNode cloudEvent(int typeIndex, long n, String source) {
        String type = TYPES.get(Math.floorMod(typeIndex, TYPES.size()));
        long id = Math.abs(n % 1_000_000_000L) + 1;
        ObjectNode event = JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", "fz-" + type + "-" + n)
                .put("source", source)
                .put("type", type)
                .put(
                        "time",
                        Instant.now()
                                .minus(Math.abs(n % 600) + 1, ChronoUnit.SECONDS)
                                .truncatedTo(ChronoUnit.MILLIS)
                                .toString());
        ObjectNode data = JSON.createObjectNode();
        if (type.startsWith("middleware.")) {
            event.put("correlationid", "fz-msg-" + id);
            if (type.endsWith("delivered")) {
                data.put("record", "account.analytic.line/" + id);
            }
            data.put("route", "timesheets-to-odoo");
        } else if (type.startsWith("timesheet.")) {
            event.put("subject", "account.analytic.line/" + id);
            data.put("hours", 7.5)
                    .put("practice", "data")
                    .put("client", "client-" + id % 7)
                    .put("project", "project-" + id % 11);
            if (type.equals("timesheet.invoiced")) {
                data.put("invoice", id % 997 + 1);
            }
        } else if (type.startsWith("invoice.")) {
            event.put("subject", "account.move/" + id);
            data.put("amount", 3857.14).put("client", "client-" + id % 7);
        } else if (type.startsWith("milestone.")) {
            event.put("subject", "project.milestone/" + id);
            data.put("project", "project-" + id % 11);
            if (type.equals("milestone.invoiced")) {
                data.put("invoice", "account.move/" + (id % 997 + 1));
            }
        } else {
            event.put("subject", "hr.expense/" + id);
            data.put("amount", 120.5);
        }
        event.set("data", data);
        return event;
    }

    static ObjectNode odooSnapshot(int bodyIndex, long n) {
        ObjectNode body =
                ODOO_BODIES.get(Math.floorMod(bodyIndex, ODOO_BODIES.size())).deepCopy();
        long id = Math.abs(n % 1_000_000_000L) + 1;
        body.put("_id", id);
        if (body.has("id")) {
            body.put("id", id);
        }
        LocalDateTime written =
                LocalDateTime.ofInstant(Instant.now().minus(Math.abs(n % 600) + 1, ChronoUnit.SECONDS), ZoneOffset.UTC);
        body.put("write_date", ODOO.format(written));
        return body;
    }

    private static ObjectNode fixture(String name) {
        try (InputStream in = Inputs.class.getResourceAsStream("/fixtures/odoo/" + name)) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
