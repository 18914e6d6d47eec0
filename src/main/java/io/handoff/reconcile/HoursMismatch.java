package io.handoff.reconcile;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowEntry;
import io.handoff.engine.FlowLookup;
import java.time.Instant;
import java.util.List;
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
    public String severity() {
        return "warning";
    }

    /** Odoo's own snapshots (webhook or poller) carry this source prefix; everything else is the time tool or middleware. */
    static boolean fromOdoo(FlowEntry entry) {
        return entry.source().startsWith("odoo/");
    }

    @Override
    public Optional<Finding> check(Flow line, FlowLookup lookup, Instant now) {
        FlowEntry tool = null;
        FlowEntry odoo = null;
        List<FlowEntry> entries = line.entries();
        for (int i = entries.size() - 1; i >= 0 && (tool == null || odoo == null); i--) {
            FlowEntry e = entries.get(i);
            if (e.facts().hours() == null || !e.type().wireName().startsWith("timesheet.")) {
                continue;
            }
            if (fromOdoo(e)) {
                odoo = odoo == null ? e : odoo;
            } else {
                tool = tool == null ? e : tool;
            }
        }
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
        Double amountAtStake = amount == null || toolHours == 0 ? null : amount / Math.max(toolHours, odooHours) * difference;
        Instant since = tool.time().isAfter(odoo.time()) ? tool.time() : odoo.time();
        return Optional.of(new Finding(TYPE, severity(), line, difference, amountAtStake, since,
                line.key() + ": " + fmt(toolHours) + " h in " + tool.source() + " but " + fmt(odooHours) + " h in Odoo (" + odoo.source() + ")"));
    }

    private static String fmt(double hours) {
        return hours == Math.rint(hours) ? Long.toString((long) hours) : Double.toString(hours);
    }
}
