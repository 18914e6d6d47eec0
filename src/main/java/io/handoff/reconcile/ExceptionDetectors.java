package io.handoff.reconcile;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowLookup;
import io.handoff.engine.FlowListener;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventType;
import io.handoff.record.VersionClock;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Runs the detectors on every flow an event touches (the flow, the flows it links to, those linking to
 * it, and the lines an invoice held) and again when a detector's deadline passes, and keeps the ledger
 * in step: an exception opens when its condition starts to hold and resolves when it stops. Engine thread only.
 */
@ApplicationScoped
public class ExceptionDetectors implements FlowListener {
    private record Recheck(Instant at, String key) {}

    private final ExceptionLedger ledger;
    private final List<Detector> detectors;
    private final VersionClock versions = new VersionClock();
    /** Lines ever invoiced on each invoice, so a cancellation re-checks lines that have moved on since. */
    private final Map<String, Set<String>> invoiceLines;

    private final PriorityQueue<Recheck> rechecks = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()));
    private final int maxRechecks;

    public ExceptionDetectors(ExceptionLedger ledger, ReconcileConfig config) {
        this.ledger = ledger;
        this.detectors = List.of(
                new DuplicateInvoicing(),
                new UninvoicedAfterCancellation(),
                new DeadLetteredMessage(),
                new UnconfirmedDelivery(config.confirmWithin()),
                new UnknownReference(config.referenceGrace()),
                new HoursMismatch(config.hoursTolerance()));
        int maxInvoices = config.maxInvoices();
        this.invoiceLines = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
                return size() > maxInvoices;
            }
        };
        this.maxRechecks = maxInvoices;
    }

    @Override
    public void applied(BusinessEvent event, Flow flow, FlowLookup lookup, Instant now) {
        if (event.type() == EventType.TIMESHEET_INVOICED && event.facts().link() != null) {
            invoiceLines
                    .computeIfAbsent(event.facts().link().key(), k -> new HashSet<>(4))
                    .add(flow.key());
        }
        Set<String> touched = new LinkedHashSet<>();
        touched.add(flow.key());
        touched.addAll(lookup.linkedFrom(flow.key()));
        flow.forEachLinkTarget(target -> touched.add(target.key()));
        touched.addAll(invoiceLines.getOrDefault(flow.key(), Set.of()));
        for (String key : touched) {
            lookup.flow(key).ifPresent(f -> check(f, lookup, now));
        }
        for (Detector detector : detectors) {
            detector.recheckAt(flow)
                    .filter(at -> at.isAfter(now) && rechecks.size() < maxRechecks)
                    .ifPresent(at -> rechecks.add(new Recheck(at, flow.key())));
        }
    }

    @Override
    public void tick(FlowLookup lookup, Instant now) {
        while (!rechecks.isEmpty() && !rechecks.peek().at().isAfter(now)) {
            lookup.flow(rechecks.poll().key()).ifPresent(f -> check(f, lookup, now));
        }
    }

    private void check(Flow flow, FlowLookup lookup, Instant now) {
        OpenExceptions opened = ledger.open(); // once: each call on the ledger goes through its CDI client proxy
        boolean anyOpen = opened.anyOpenAbout(flow.key());
        for (Detector detector : detectors) {
            Optional<Finding> finding = detector.check(flow, lookup, now);
            if (finding.isEmpty() && !anyOpen) {
                continue; // the common case: nothing found, nothing to resolve, no exception id to build
            }
            String id = detector.type() + ":" + flow.key();
            boolean open = anyOpen && opened.isOpen(id);
            if (finding.isPresent() && !open) {
                ledger.save(record(finding.get(), ExceptionStatus.OPEN, null, now, lookup));
            } else if (finding.isEmpty() && open) {
                Instant openedAt = Optional.ofNullable(opened.openedAt(id)).orElse(now);
                ledger.save(record(
                        new Finding(
                                detector.type(),
                                detector.severity(),
                                flow,
                                flow.hours(),
                                flow.amount(),
                                openedAt,
                                "resolved: the condition no longer holds"),
                        ExceptionStatus.RESOLVED,
                        now,
                        now,
                        lookup));
            }
        }
    }

    private ExceptionRecord record(
            Finding f, ExceptionStatus status, Instant resolvedAt, Instant now, FlowLookup lookup) {
        Flow flow = f.about();
        return new ExceptionRecord(
                f.id(),
                f.type(),
                f.severity(),
                status,
                null,
                flow.key(),
                flow.client(),
                flow.project(),
                flow.group(),
                f.hours(),
                f.amount(),
                f.since(),
                resolvedAt,
                now,
                f.summary(),
                versions.next(now),
                null,
                EvidenceOf.flow(flow, lookup));
    }
}
