package io.handoff.reconcile;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowEntry;
import io.handoff.correlate.FlowLookup;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A timesheet line billed twice: it was put on a second invoice while the first one still stands
 * (posted, never cancelled, the line never taken off it). Re-invoicing after a cancellation, an invoice
 * that was only ever a draft, and partial invoicing (other lines not yet invoiced) are not duplicates.
 */
public final class DuplicateInvoicing implements Detector {
    public static final String TYPE = "duplicate-invoicing";

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Finding> check(Flow line, FlowLookup lookup, Instant now) {
        if (!line.has(EventType.TIMESHEET_INVOICED)) {
            return Optional.empty();
        }
        Map<String, Instant> standing = new LinkedHashMap<>();
        for (FlowEntry entry : line.entries()) {
            ObjectRef invoice = entry.facts().link();
            if (entry.type() == EventType.TIMESHEET_INVOICED && invoice != null) {
                standing.put(invoice.key(), entry.time());
            } else if (entry.type() == EventType.TIMESHEET_UNINVOICED) {
                if (invoice != null) {
                    standing.remove(invoice.key());
                } else {
                    standing.clear();
                }
            }
        }
        standing.keySet().removeIf(invoice -> !stands(invoice, lookup));
        if (standing.size() < 2) {
            return Optional.empty();
        }
        Instant since = standing.values().stream().sorted().skip(1).findFirst().orElseThrow();
        return Optional.of(new Finding(
                TYPE,
                severity(),
                line,
                line.hours(),
                line.amount(),
                since,
                line.key() + " is on " + standing.size() + " invoices that stand: "
                        + String.join(", ", standing.keySet())));
    }

    /** Posted and not cancelled since. */
    private static boolean stands(String invoice, FlowLookup lookup) {
        return lookup.flow(invoice)
                .map(f -> f.earliestValid(EventType.INVOICE_POSTED, EventType.INVOICE_CANCELLED) != null)
                .orElse(false);
    }
}
