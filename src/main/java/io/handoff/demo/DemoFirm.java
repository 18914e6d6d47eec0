package io.handoff.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * A consulting firm in fast motion. Each {@link #tick} returns what its systems would send in one
 * second: approvals from the time tool (some approved days ago, so clocks are already at risk or
 * breached), Odoo invoicing runs that leave some lines out, cancellations and re-invoicing,
 * payments (some late), middleware messages that are delivered, fail and retry, or die in the
 * dead-letter queue, hours trimmed in Odoo so that it disagrees with the time tool, the odd duplicate
 * and the odd malformed event. Not thread-safe.
 */
public final class DemoFirm {
    static final String[] PRACTICES = {"consulting", "engineering", "data", "design"};
    static final DateTimeFormatter ODOO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** What one second produced, by the collector that would carry it. */
    public record Tick(
            List<ObjectNode> cloudEvents, List<ObjectNode> middlewareEvents, List<ObjectNode> odooSnapshots) {}

    private record Line(long id, int project, double hours, double rate) {}

    private record Message(
            String id, Instant receivedAt, Instant deliverAt, boolean dies, boolean fails, long invoice) {}

    private record Invoice(long id, List<Line> lines, double amount, Instant postedAt) {}

    private record Expense(long id, double amount, Instant approvedAt) {}

    private final Random random;
    private final int approvalsPerSecond;
    private final int messagesPerSecond;
    private final Deque<Line> pending = new ArrayDeque<>();
    private final List<Invoice> unpaid = new ArrayList<>();
    private final List<Message> inFlight = new ArrayList<>();
    /** Milestones reached and not yet invoiced. */
    private final Deque<Long> milestones = new ArrayDeque<>();

    private final List<ObjectNode> invoicedMilestones = new ArrayList<>();

    private final List<Expense> approvedExpenses = new ArrayList<>();
    private long nextMilestone = 700;
    private long nextExpense = 600;
    private long nextLine = 100_000;
    private long nextInvoice = 9_000;
    private long nextMessage = 1;
    private long ticks;
    private long invoicedLines;
    private ObjectNode lastSnapshot;

    public DemoFirm(long seed, int approvalsPerSecond, int messagesPerSecond) {
        this.random = new Random(seed);
        this.approvalsPerSecond = approvalsPerSecond;
        this.messagesPerSecond = messagesPerSecond;
    }

    public Tick tick(Instant now) {
        ticks++;
        List<ObjectNode> events = new ArrayList<>();
        List<ObjectNode> middleware = new ArrayList<>();
        List<ObjectNode> snapshots = new ArrayList<>();
        approve(now, events);
        if (ticks % 5 == 0) {
            invoicingRun(now, snapshots);
        }
        if (ticks % 7 == 0) {
            historicInvoice(now, snapshots);
        }
        pay(now, snapshots);
        if (ticks % 10 == 3) {
            milestoneReached(now, snapshots);
        }
        if (ticks % 8 == 1) {
            expenseApproved(now, snapshots);
        }
        if (ticks % 4 == 2) {
            reimburse(now, snapshots);
        }
        middleware(now, middleware);
        if (lastSnapshot != null && ticks % 15 == 0) {
            snapshots.add(lastSnapshot.deepCopy());
        }
        if (ticks % 20 == 0) {
            events.add(malformed(now));
        }
        events.addAll(invoicedMilestones);
        invoicedMilestones.clear();
        return new Tick(events, middleware, snapshots);
    }

    private void approve(Instant now, List<ObjectNode> out) {
        for (int i = 0; i < approvalsPerSecond; i++) {
            int project = 200 + random.nextInt(12);
            Line line = new Line(nextLine++, project, 0.5 * (1 + random.nextInt(16)), 90 + 10 * random.nextInt(8));
            pending.add(line);
            Instant approvedAt = now.minus(Duration.ofMinutes(random.nextInt(12 * 24 * 60)));
            // Submitted hours to days before the approval: the timesheet-approval clock.
            Instant submittedAt = approvedAt.minus(Duration.ofMinutes(30 + random.nextInt(4 * 24 * 60)));
            ObjectNode data = JSON.objectNode()
                    .put("client", "client-" + (project % 6))
                    .put("project", Integer.toString(project))
                    .put("practice", PRACTICES[project % PRACTICES.length])
                    .put("hours", line.hours)
                    .put("amount", line.hours * line.rate);
            out.add(cloudEvent(
                    "timetracker://demo",
                    "submission-" + line.id,
                    "timesheet.submitted",
                    submittedAt,
                    "account.analytic.line/" + line.id,
                    null,
                    data.deepCopy()));
            out.add(cloudEvent(
                    "timetracker://demo",
                    "approval-" + line.id,
                    "timesheet.approved",
                    approvedAt,
                    "account.analytic.line/" + line.id,
                    null,
                    data));
        }
    }

    /** Invoices a batch of pending lines; about one in five is left out and will breach. */
    private void invoicingRun(Instant now, List<ObjectNode> out) {
        List<Line> lines = new ArrayList<>();
        for (Iterator<Line> it = pending.iterator(); it.hasNext() && lines.size() < 12; ) {
            Line line = it.next();
            if (random.nextInt(5) != 0) {
                lines.add(line);
                it.remove();
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        long invoice = nextInvoice++;
        for (Line line : lines) {
            out.add(timesheetSnapshot(line, invoice, now));
        }
        double amount = lines.stream().mapToDouble(l -> l.hours * l.rate).sum();
        // Milestones reached are billed on the same run; the iPaaS says which invoice took each.
        for (int m = 0; m < 2 && !milestones.isEmpty(); m++) {
            long milestone = milestones.poll();
            invoicedMilestones.add(cloudEvent(
                    "ipaas://demo/milestones",
                    "milestone-invoiced-" + milestone,
                    "milestone.invoiced",
                    now,
                    "project.milestone/" + milestone,
                    null,
                    JSON.objectNode().put("invoice", "account.move/" + invoice)));
        }
        out.add(invoiceSnapshot(invoice, lines, amount, "posted", "not_paid", now.plusMillis(1)));
        if (random.nextInt(12) == 0) {
            // Cancelled after posting: the lines count as un-invoiced again until the next run.
            out.add(invoiceSnapshot(invoice, lines, amount, "cancel", "not_paid", now.plusMillis(2)));
            lines.forEach(pending::addFirst);
        } else {
            unpaid.add(new Invoice(invoice, lines, amount, now));
        }
    }

    /** An invoice posted weeks ago, as polling would find it; some will be paid late. */
    private void historicInvoice(Instant now, List<ObjectNode> out) {
        long invoice = nextInvoice++;
        Instant postedAt = now.minus(Duration.ofDays(5 + random.nextInt(40)));
        double amount = 1000 + random.nextInt(9000);
        out.add(invoiceSnapshot(invoice, List.of(), amount, "posted", "not_paid", postedAt));
        unpaid.add(new Invoice(invoice, List.of(), amount, postedAt));
    }

    private void pay(Instant now, List<ObjectNode> out) {
        if (unpaid.isEmpty() || random.nextInt(3) != 0) {
            return;
        }
        Invoice invoice = unpaid.remove(random.nextInt(unpaid.size()));
        if (random.nextInt(6) == 0) {
            return; // never paid: its clock breaches
        }
        out.add(invoiceSnapshot(invoice.id, invoice.lines, invoice.amount, "posted", "paid", now));
    }

    /** A milestone reached (Odoo stores the day); about one in six is never billed and will breach. */
    private void milestoneReached(Instant now, List<ObjectNode> out) {
        long id = nextMilestone++;
        Instant reachedAt = now.minus(Duration.ofHours(random.nextInt(12 * 24)));
        ObjectNode body = odooBody("project.milestone", id, "Notify monitor - milestone(#44)");
        int project = 200 + random.nextInt(12);
        body.put("name", "Phase " + (id % 4 + 1) + " delivered")
                .put("project_id", project)
                .put("is_reached", true)
                .put("reached_date", reachedAt.toString().substring(0, 10))
                .put("sale_line_id", 3000 + project)
                .put("write_date", ODOO_TIME.format(reachedAt));
        out.add(body);
        if (random.nextInt(6) != 0) {
            milestones.add(id);
        }
    }

    /** An expense report approved (17.0/18.0: the sheet), some of them days ago. */
    private void expenseApproved(Instant now, List<ObjectNode> out) {
        long id = nextExpense++;
        Instant approvedAt = now.minus(Duration.ofHours(random.nextInt(14 * 24)));
        double amount = 20 + random.nextInt(800);
        out.add(expenseSheet(id, amount, "not_paid", approvedAt));
        approvedExpenses.add(new Expense(id, amount, approvedAt));
    }

    /** Finance pays one approved report now and then; about one in eight waits forever. */
    private void reimburse(Instant now, List<ObjectNode> out) {
        if (approvedExpenses.isEmpty()) {
            return;
        }
        Expense expense = approvedExpenses.remove(random.nextInt(approvedExpenses.size()));
        if (random.nextInt(8) != 0) {
            out.add(expenseSheet(expense.id, expense.amount, "paid", now));
        }
    }

    private ObjectNode expenseSheet(long id, double amount, String paymentState, Instant writeDate) {
        ObjectNode body = odooBody("hr.expense.sheet", id, "Notify monitor - expense report(#46)");
        body.put("name", "Travel " + id)
                .put("employee_id", 50 + id % 20)
                .put("user_id", 6)
                .put("state", "paid".equals(paymentState) ? "done" : "approve")
                .put("approval_state", "approve")
                .put("approval_date", ODOO_TIME.format(writeDate).substring(0, 10) + " 00:00:00")
                .put("total_amount", amount)
                .put("currency_id", 1)
                .put("payment_state", paymentState)
                .put("write_date", ODOO_TIME.format(writeDate));
        body.putArray("expense_line_ids").add(2000 + id);
        return body;
    }

    private void middleware(Instant now, List<ObjectNode> out) {
        for (int i = 0; i < messagesPerSecond; i++) {
            // Some middleware reports receipt late, and a few deliveries take longer than the 2-minute target.
            Instant receivedAt = now.minusSeconds(random.nextInt(100));
            Message message = new Message(
                    "msg-" + nextMessage++,
                    receivedAt,
                    receivedAt.plusSeconds(5 + random.nextInt(145)),
                    random.nextInt(30) == 0,
                    random.nextInt(10) == 0,
                    nextInvoice - 1 - random.nextInt(5));
            inFlight.add(message);
            out.add(middlewareEvent(message, "middleware.message.received", receivedAt));
        }
        for (Iterator<Message> it = inFlight.iterator(); it.hasNext(); ) {
            Message message = it.next();
            if (message.deliverAt.isAfter(now)) {
                continue;
            }
            it.remove();
            if (message.dies) {
                out.add(middlewareEvent(message, "middleware.message.failed", message.deliverAt.minusSeconds(2)));
                out.add(middlewareEvent(message, "middleware.message.deadlettered", message.deliverAt));
                continue;
            }
            if (message.fails) {
                out.add(middlewareEvent(message, "middleware.message.failed", message.deliverAt.minusSeconds(4)));
                out.add(middlewareEvent(message, "middleware.message.retried", message.deliverAt.minusSeconds(3)));
            }
            out.add(middlewareEvent(message, "middleware.message.delivered", message.deliverAt));
        }
    }

    private ObjectNode middlewareEvent(Message message, String type, Instant at) {
        ObjectNode data = JSON.objectNode().put("route", "odoo-to-portal");
        if (type.endsWith("delivered")) {
            data.put("record", "account.move/" + message.invoice);
        }
        return cloudEvent(
                "esb://demo/routes/odoo-to-portal", message.id + "-" + type, type, at, null, message.id, data);
    }

    private ObjectNode timesheetSnapshot(Line line, long invoice, Instant writeDate) {
        ObjectNode body = odooBody("account.analytic.line", line.id, "Notify monitor - timesheet(#41)");
        body.put("date", "2026-11-16").put("employee_id", 50 + line.id % 20).put("name", "Consulting work");
        body.put("project_id", line.project).put("so_line", 3000 + line.project).put("task_id", 9000 + line.project);
        // Now and then someone trims the hours in Odoo before invoicing: Odoo and the time tool disagree
        // (hours-mismatch).
        double hours = ++invoicedLines % 15 == 0 ? Math.max(0.25, line.hours - 0.5) : line.hours;
        body.put("timesheet_invoice_id", invoice).put("unit_amount", hours).put("validated", true);
        body.put("write_date", ODOO_TIME.format(writeDate));
        return lastSnapshot = body;
    }

    private ObjectNode invoiceSnapshot(
            long invoice, List<Line> lines, double amount, String state, String paymentState, Instant writeDate) {
        ObjectNode body = odooBody("account.move", invoice, "Notify monitor - customer invoice(#42)");
        body.put("amount_residual", "paid".equals(paymentState) ? 0.0 : amount)
                .put("amount_total", amount * 1.19)
                .put("amount_untaxed", amount);
        body.put("currency_id", 1).put("move_type", "out_invoice").put("name", "INV/2026/" + invoice);
        body.put("partner_id", 1200 + invoice % 6)
                .put("payment_state", paymentState)
                .put("state", state);
        var ids = body.putArray("invoice_line_ids");
        lines.forEach(l -> ids.add(30_000 + l.id));
        body.put("write_date", ODOO_TIME.format(writeDate));
        return lastSnapshot = body;
    }

    private static ObjectNode odooBody(String model, long id, String action) {
        ObjectNode body = JSON.objectNode();
        body.put("_action", action).put("_id", id).put("_model", model).put("id", id);
        return body;
    }

    private ObjectNode malformed(Instant now) {
        // A time tool with a broken clock: an event dated next year is refused as implausible.
        return cloudEvent(
                "timetracker://demo",
                "broken-" + ticks,
                "timesheet.approved",
                now.plus(Duration.ofDays(365)),
                "account.analytic.line/" + nextLine,
                null,
                JSON.objectNode());
    }

    private static ObjectNode cloudEvent(
            String source,
            String id,
            String type,
            Instant time,
            String subject,
            String correlationId,
            ObjectNode data) {
        ObjectNode event = JSON.objectNode();
        event.put("specversion", "1.0")
                .put("id", id)
                .put("source", source)
                .put("type", type)
                .put("time", time.toString());
        if (subject != null) {
            event.put("subject", subject);
        }
        if (correlationId != null) {
            event.put("correlationid", correlationId);
        }
        event.put("datacontenttype", "application/json");
        event.set("data", data);
        return event;
    }
}
