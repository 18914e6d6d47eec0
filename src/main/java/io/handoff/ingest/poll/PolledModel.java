package io.handoff.ingest.poll;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the poller reads of one Odoo model: which records (the webhook rule's "after" domain, minus
 * the state conditions the snapshot rules check themselves) and which fields (those the webhook
 * would send). {@code optionalFields} may be missing on a database (Enterprise-only fields on
 * Community); the poller drops them, with a warning, instead of failing.
 */
public record PolledModel(String model, ArrayNode domain, List<String> fields, Set<String> optionalFields) {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The models Handoff knows how to poll, by name (the README's webhook table). */
    public static final Map<String, PolledModel> KNOWN = Map.of(
            "account.analytic.line",
                    new PolledModel(
                            "account.analytic.line",
                            NODES.arrayNode()
                                    .add(NODES.arrayNode()
                                            .add("project_id")
                                            .add("!=")
                                            .add(false)),
                            List.of(
                                    "date",
                                    "unit_amount",
                                    "employee_id",
                                    "project_id",
                                    "task_id",
                                    "so_line",
                                    "timesheet_invoice_id",
                                    "validated",
                                    "write_date"),
                            Set.of("validated")),
            "account.move",
                    new PolledModel(
                            "account.move",
                            NODES.arrayNode()
                                    .add(NODES.arrayNode()
                                            .add("move_type")
                                            .add("in")
                                            .add(NODES.arrayNode()
                                                    .add("out_invoice")
                                                    .add("out_refund"))),
                            List.of(
                                    "move_type",
                                    "name",
                                    "state",
                                    "payment_state",
                                    "invoice_date",
                                    "invoice_date_due",
                                    "partner_id",
                                    "currency_id",
                                    "amount_untaxed",
                                    "amount_total",
                                    "amount_residual",
                                    "write_date"),
                            Set.of()),
            "project.milestone",
                    new PolledModel(
                            "project.milestone",
                            NODES.arrayNode(),
                            List.of(
                                    "name",
                                    "project_id",
                                    "is_reached",
                                    "reached_date",
                                    "deadline",
                                    "sale_line_id",
                                    "write_date"),
                            Set.of("sale_line_id")),
            "hr.expense",
                    new PolledModel(
                            "hr.expense",
                            NODES.arrayNode(),
                            List.of(
                                    "name",
                                    "date",
                                    "employee_id",
                                    "state",
                                    "approval_state",
                                    "approval_date",
                                    "total_amount",
                                    "currency_id",
                                    "write_date"),
                            Set.of()),
            "hr.expense.sheet",
                    new PolledModel(
                            "hr.expense.sheet",
                            NODES.arrayNode(),
                            List.of(
                                    "name",
                                    "employee_id",
                                    "state",
                                    "approval_state",
                                    "approval_date",
                                    "payment_state",
                                    "total_amount",
                                    "currency_id",
                                    "write_date"),
                            Set.of()));

    /** The models polled when a source names none: timesheets, invoices (and so payments) and milestones. */
    public static final List<String> DEFAULTS = List.of("account.analytic.line", "account.move", "project.milestone");
}
