package io.handoff.reconcile;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowEntry;
import java.util.List;

/**
 * The latest timesheet event with hours from each side of a line: the time-tracking tool (any non-Odoo
 * source) and Odoo's own snapshots (webhook or poller, source {@code odoo/…}); either may be null.
 */
record HoursBySide(FlowEntry tool, FlowEntry odoo) {
    static HoursBySide of(Flow line) {
        FlowEntry tool = null;
        FlowEntry odoo = null;
        List<FlowEntry> entries = line.entries();
        for (int i = entries.size() - 1; i >= 0 && (tool == null || odoo == null); i--) {
            FlowEntry e = entries.get(i);
            if (e.facts().hours() == null || !e.type().wireName().startsWith("timesheet.")) {
                continue;
            }
            if (e.source().startsWith("odoo/")) {
                odoo = odoo == null ? e : odoo;
            } else {
                tool = tool == null ? e : tool;
            }
        }
        return new HoursBySide(tool, odoo);
    }

    Double toolHours() {
        return tool == null ? null : tool.facts().hours();
    }

    Double odooHours() {
        return odoo == null ? null : odoo.facts().hours();
    }
}
