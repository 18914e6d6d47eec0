package io.handoff.reconcile;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowEntry;
import io.handoff.correlate.FlowLookup;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Hours per project and day, three ways: approved in the time-tracking tool, on Odoo's timesheets, and
 * on posted invoices that stand. A line counts on the day it was approved (else first seen), in the
 * reconciliation's zone. Plain data and pure functions; the daily run feeds it from the engine.
 */
public final class DailyHours {
    private DailyHours() {}

    /** What one timesheet line contributes; hours null where that side has not spoken; rate (amount per hour) where known. */
    public record Line(
            String key,
            String project,
            String client,
            String group,
            LocalDate day,
            Double toolHours,
            Double odooHours,
            boolean invoiced,
            Double rate) {
        /** Hours as Odoo has them, else as the tool does. */
        double hours() {
            return odooHours != null ? odooHours : toolHours != null ? toolHours : 0;
        }
    }

    /** The line's contribution, read from its flow (and its invoice's, through the lookup). */
    public static Line of(Flow line, FlowLookup lookup, ZoneId zone) {
        HoursBySide sides = HoursBySide.of(line);
        List<FlowEntry> entries = line.entries();
        Double rate = null;
        for (int i = entries.size() - 1; i >= 0 && rate == null; i--) {
            EventFacts facts = entries.get(i).facts();
            if (facts.amount() != null && facts.hours() != null && facts.hours() > 0) {
                rate = facts.amount() / facts.hours(); // the amount belongs to the hours of the same event
            }
        }
        Instant approved = line.earliest(EventType.TIMESHEET_APPROVED);
        Instant counted = approved != null
                ? approved
                : entries.isEmpty() ? Instant.EPOCH : entries.get(0).time();
        ObjectRef invoice = line.link(EventType.TIMESHEET_INVOICED.linkName());
        boolean invoiced = invoice != null
                && lookup.flow(invoice.key())
                        .map(f -> f.earliestValid(EventType.INVOICE_POSTED, EventType.INVOICE_CANCELLED) != null)
                        .orElse(false);
        return new Line(
                line.key(),
                line.project(),
                line.client(),
                line.group(),
                LocalDate.ofInstant(counted, zone),
                sides.toolHours(),
                sides.odooHours(),
                invoiced,
                rate);
    }

    /** One project's day, summed. */
    public record ProjectDay(
            String project,
            LocalDate day,
            String client,
            String group,
            double approved,
            double odoo,
            double invoiced,
            int toolLines,
            int lines,
            double amount,
            double amountHours) {
        // amount and amountHours: the lines with a known rate, valued at it; their ratio is the day's rate.
        static ProjectDay empty(String project, LocalDate day) {
            return new ProjectDay(project, day, null, null, 0, 0, 0, 0, 0, 0, 0);
        }

        ProjectDay plus(Line line) {
            double hours = line.hours();
            return new ProjectDay(
                    project,
                    day,
                    line.client() != null ? line.client() : client,
                    line.group() != null ? line.group() : group,
                    approved + (line.toolHours() == null ? 0 : line.toolHours()),
                    odoo + (line.odooHours() == null ? 0 : line.odooHours()),
                    invoiced + (line.invoiced() ? hours : 0),
                    toolLines + (line.toolHours() == null ? 0 : 1),
                    lines + 1,
                    amount + (line.rate() == null ? 0 : line.rate() * hours),
                    amountHours + (line.rate() == null ? 0 : hours));
        }

        /** Average amount per hour of the lines that carry one; null when none does. */
        Double rate() {
            return amountHours == 0 ? null : amount / amountHours;
        }
    }

    /** What differs on one project's day, and the hours at stake. */
    public record Difference(double hours, String summary) {}

    /**
     * The project's day differs when the tool (if it is used for the project that day) and Odoo disagree,
     * when more is invoiced than Odoo has, or, once the day is {@code settleAfterDays} old, when less is.
     */
    public static Optional<Difference> difference(
            ProjectDay d, LocalDate today, int settleAfterDays, double tolerance) {
        double toolVsOdoo = d.toolLines() > 0 ? Math.abs(d.approved() - d.odoo()) : 0;
        double overInvoiced = Math.max(0, d.invoiced() - d.odoo());
        boolean settled = !d.day().plusDays(settleAfterDays).isAfter(today);
        double uninvoiced = settled ? Math.max(0, Math.max(d.odoo(), d.approved()) - d.invoiced()) : 0;
        if (toolVsOdoo <= tolerance && overInvoiced <= tolerance && uninvoiced <= tolerance) {
            return Optional.empty();
        }
        double atStake = Math.max(toolVsOdoo, Math.max(overInvoiced, uninvoiced));
        StringBuilder summary = new StringBuilder("project ")
                .append(d.project())
                .append(" on ")
                .append(d.day())
                .append(": ");
        if (d.toolLines() > 0) {
            summary.append(fmt(d.approved())).append(" h approved in the time tool, ");
        }
        summary.append(fmt(d.odoo()))
                .append(" h on Odoo timesheets, ")
                .append(fmt(d.invoiced()))
                .append(" h on posted invoices (")
                .append(d.lines())
                .append(d.lines() == 1 ? " line)" : " lines)");
        if (toolVsOdoo > tolerance) {
            summary.append("; tool and Odoo differ by ").append(fmt(toolVsOdoo)).append(" h");
        }
        if (overInvoiced > tolerance) {
            summary.append("; ").append(fmt(overInvoiced)).append(" h more invoiced than worked");
        }
        if (uninvoiced > tolerance) {
            summary.append("; ")
                    .append(fmt(uninvoiced))
                    .append(" h not invoiced after ")
                    .append(settleAfterDays)
                    .append(" days");
        }
        return Optional.of(new Difference(atStake, summary.toString()));
    }

    static String fmt(double hours) {
        double rounded = Math.round(hours * 100) / 100.0;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded);
    }
}
