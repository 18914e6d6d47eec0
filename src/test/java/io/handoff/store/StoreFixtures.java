package io.handoff.store;

import static io.handoff.testing.Events.at;

import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import io.handoff.reconcile.ExceptionRecord;
import io.handoff.reconcile.ExceptionStatus;
import io.handoff.reconcile.Severity;
import io.handoff.record.Page;
import io.handoff.testing.Events;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Records and queries the store contracts are written with. */
final class StoreFixtures {
    private StoreFixtures() {}

    static FlowRecord.Clock clock(String sla, String state, String stop) {
        return new FlowRecord.Clock(
                sla,
                state,
                at("2026-11-01T09:00:00Z"),
                at("2026-11-05T09:00:00Z"),
                at("2026-11-06T09:00:00Z"),
                stop == null ? null : at(stop),
                3600);
    }

    static FlowRecord flow(
            String key, String client, long version, String lastEvent, boolean open, FlowRecord.Clock... clocks) {
        Instant last = at(lastEvent);
        return new FlowRecord(
                key,
                "subject",
                client,
                "212",
                "consulting",
                7.5,
                900.0,
                Map.of(),
                List.of(),
                List.of(),
                1,
                last.minusSeconds(3600),
                last,
                List.of(),
                List.of(clocks),
                open,
                last.plusSeconds(2),
                version);
    }

    static ExceptionRecord exception(String id, ExceptionStatus status, String client, String opened, long version) {
        return new ExceptionRecord(
                id,
                "sla-breach",
                Severity.WARNING,
                status,
                "approved-to-invoice",
                "account.analytic.line/1",
                client,
                "212",
                "consulting",
                7.5,
                900.0,
                at(opened),
                status == ExceptionStatus.RESOLVED ? at(opened).plusSeconds(60) : null,
                at(opened),
                "late",
                version);
    }

    /** A mutable query for readable tests. */
    static final class Q {
        String client;
        String project;
        String group;
        String sla;
        String state;
        Boolean open;
        Instant from;
        Instant to;
    }

    static Page<FlowRecord> query(FlowStore store, java.util.function.Consumer<Q> filters) {
        Q q = new Q();
        filters.accept(q);
        return store.searchFlows(
                new FlowQuery(q.client, q.project, q.group, q.sla, q.state, q.open, q.from, q.to, 100, null));
    }

    static List<String> keys(Page<FlowRecord> page) {
        return page.items().stream().map(FlowRecord::key).toList();
    }

    static Set<String> set(String... values) {
        return new LinkedHashSet<>(List.of(values));
    }

    static BusinessEvent event(EventType type, String subject, String time) {
        return Events.subject(
                type,
                subject,
                time,
                new EventFacts(
                        "acme",
                        "212",
                        "consulting",
                        null,
                        null,
                        ObjectRef.parse("account.move/1").orElse(null)));
    }
}
