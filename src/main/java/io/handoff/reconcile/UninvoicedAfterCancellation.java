package io.handoff.reconcile;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowEntry;
import io.handoff.correlate.FlowLookup;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import java.time.Instant;
import java.util.Optional;

/**
 * A timesheet line whose invoice was cancelled and that is on no standing invoice since: billable
 * time back to un-invoiced, revenue that leaks unless someone invoices it again. Resolves when the line
 * is invoiced again (and that invoice is posted) or the invoice is posted anew.
 */
public final class UninvoicedAfterCancellation implements Detector {
    public static final String TYPE = "uninvoiced-after-cancellation";

    @Override
    public Severity severity() {
        return Severity.WARNING;
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
        String cancelledInvoice = null;
        Instant cancelledAt = null;
        boolean onStandingInvoice = false;
        for (FlowEntry entry : line.entries()) {
            ObjectRef invoice = entry.facts().link();
            if (entry.type() != EventType.TIMESHEET_INVOICED || invoice == null) {
                continue;
            }
            Optional<Flow> invoiceFlow = lookup.flow(invoice.key());
            Instant cancelled =
                    invoiceFlow.map(f -> f.latest(EventType.INVOICE_CANCELLED)).orElse(null);
            boolean stands = invoiceFlow
                    .map(f -> f.earliestValid(EventType.INVOICE_POSTED, EventType.INVOICE_CANCELLED) != null)
                    .orElse(false);
            if (stands) {
                onStandingInvoice = true;
            } else if (cancelled != null) {
                cancelledInvoice = invoice.key();
                cancelledAt = cancelled;
            }
        }
        if (cancelledInvoice == null || onStandingInvoice) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                TYPE,
                severity(),
                line,
                line.hours(),
                line.amount(),
                cancelledAt,
                line.key() + " was on " + cancelledInvoice + ", cancelled at " + cancelledAt
                        + "; it is on no standing invoice since"));
    }
}
