package io.handoff.reconcile;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowEntry;
import io.handoff.correlate.FlowLookup;
import java.time.Instant;
import java.util.Optional;

/**
 * A timesheet line whose hours differ between the time-tracking source and Odoo: the latest hours any
 * non-Odoo source reported against the latest hours of Odoo's own snapshots, beyond a tolerance. Silent
 * while only one side has spoken; resolves when either side is corrected.
 */
public final class HoursMismatch implements Detector {
    public static final String TYPE = "hours-mismatch";

    private final double tolerance;

    public HoursMismatch(double tolerance) {
        this.tolerance = tolerance;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public Optional<Finding> check(Flow line, FlowLookup lookup, Instant now) {
        HoursBySide sides = HoursBySide.of(line);
        FlowEntry tool = sides.tool();
        FlowEntry odoo = sides.odoo();
        if (tool == null || odoo == null) {
            return Optional.empty();
        }
        double toolHours = tool.facts().hours();
        double odooHours = odoo.facts().hours();
        double difference = Math.abs(toolHours - odooHours);
        if (difference <= tolerance) {
            return Optional.empty();
        }
        Double amount = line.amount();
        Double amountAtStake =
                amount == null || toolHours == 0 ? null : amount / Math.max(toolHours, odooHours) * difference;
        Instant since = tool.time().isAfter(odoo.time()) ? tool.time() : odoo.time();
        return Optional.of(new Finding(
                TYPE,
                severity(),
                line,
                difference,
                amountAtStake,
                since,
                line.key() + ": " + fmt(toolHours) + " h in " + tool.source() + " but " + fmt(odooHours)
                        + " h in Odoo (" + odoo.source() + ")"));
    }

    private static String fmt(double hours) {
        return hours == Math.rint(hours) ? Long.toString((long) hours) : Double.toString(hours);
    }
}
