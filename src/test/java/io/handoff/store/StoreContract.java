package io.handoff.store;

import static io.handoff.testing.Events.approved;
import static io.handoff.testing.Events.at;
import static io.handoff.testing.Events.delivered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import io.handoff.testing.Events;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} must do. Each implementation runs this suite through a subclass that
 * supplies a fresh, empty store per test.
 */
public abstract class StoreContract {
    protected Store store;

    protected abstract Store freshStore();

    @BeforeEach
    void open() {
        store = freshStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void eachOpenExceptionVisitsTheOpenOnesUntilTold() {
        store.saveExceptions(List.of(
                exception("e1", "open", "acme", "2026-11-23T09:00:00Z", 1),
                exception("e2", "open", "globex", "2026-11-23T10:00:00Z", 1),
                exception("e3", "resolved", "acme", "2026-11-23T11:00:00Z", 1)));
        store.flush();

        List<String> all = new ArrayList<>();
        store.eachOpenException(e -> all.add(e.id()));
        List<String> first = new ArrayList<>();
        store.eachOpenException(e -> !first.add(e.id()));

        assertThat(all).containsExactlyInAnyOrder("e1", "e2");
        assertThat(first).hasSize(1);
    }

    @Test
    void aNoticeIdIsClaimedOnceEver() {
        Instant at = Instant.parse("2026-11-23T10:00:00Z");

        assertThat(store.claimNotice("sla-breach:approved-to-invoice:account.analytic.line/1", at))
                .isTrue();
        assertThat(store.claimNotice("sla-breach:approved-to-invoice:account.analytic.line/1", at.plusSeconds(60)))
                .isFalse();
        assertThat(store.claimNotice("sla-breach:approved-to-invoice:account.analytic.line/2", at))
                .isTrue();
    }

    @Test
    void appendKeepsEachEventOnceWithEveryFieldAndFindsThemByFlow() throws Exception {
        BusinessEvent approved = approved("1", "2026-11-23T09:00:00.123456Z");
        BusinessEvent invoiced = Events.invoiced("1", "77", "2026-11-24T10:00:00Z");
        BusinessEvent other = approved("2", "2026-11-23T09:30:00Z");
        BusinessEvent message = delivered("msg-1", "account.move/77", "2026-11-24T10:00:05Z");

        store.append(List.of(approved, invoiced, other, message))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        store.append(List.of(approved, message)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        store.flush();

        assertThat(store.eventsOf(List.of("account.analytic.line/1"))).containsExactlyInAnyOrder(approved, invoiced);
        assertThat(store.eventsOf(List.of("account.analytic.line/2", "msg-1")))
                .containsExactlyInAnyOrder(other, message);
        assertThat(store.eventsOf(List.of("account.analytic.line/404"))).isEmpty();
    }

    @Test
    void aFlowDocumentIsNeverOverwrittenByAnOlderVersion() {
        store.saveFlows(List.of(flow("account.analytic.line/1", "acme", 2, "2026-11-23T09:00:00Z", true)));
        store.saveFlows(List.of(flow("account.analytic.line/1", "older", 1, "2026-11-23T09:00:00Z", true)));
        store.flush();
        assertThat(store.flow("account.analytic.line/1")).hasValueSatisfying(f -> {
            assertThat(f.version()).isEqualTo(2);
            assertThat(f.client()).isEqualTo("acme");
        });

        store.saveFlows(List.of(flow("account.analytic.line/1", "newer", 3, "2026-11-23T09:00:00Z", false)));
        store.flush();
        assertThat(store.flow("account.analytic.line/1")).hasValueSatisfying(f -> {
            assertThat(f.version()).isEqualTo(3);
            assertThat(f.open()).isFalse();
        });
    }

    @Test
    void aFlowDocumentRoundTripsWithItsTimelineFromTheStoredEventsAndIsFoundByItsCorrelationId() throws Exception {
        BusinessEvent received =
                Events.middleware(EventType.MIDDLEWARE_RECEIVED, "msg-7", "2026-11-23T09:00:00.000001Z");
        BusinessEvent delivered = delivered("msg-7", "account.move/77", "2026-11-23T09:01:00Z");
        store.append(List.of(delivered, received)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        FlowRecord saved = new FlowRecord(
                "msg-7",
                "correlation",
                "acme",
                "212",
                "consulting",
                7.5,
                900.0,
                Map.of("record", "account.move/77"),
                List.of("account.analytic.line/1"),
                List.of("msg-7", "ext-7"),
                2,
                at("2026-11-23T09:00:00.000001Z"),
                at("2026-11-23T09:01:00Z"),
                List.of(),
                List.of(new FlowRecord.Clock(
                        "middleware-delivery",
                        "met",
                        at("2026-11-23T09:00:00.000001Z"),
                        at("2026-11-23T09:01:30Z"),
                        at("2026-11-23T09:02:00Z"),
                        at("2026-11-23T09:01:00Z"),
                        59.999999)),
                false,
                at("2026-11-23T09:01:02Z"),
                5);
        store.saveFlows(List.of(saved));
        store.flush();

        FlowRecord expected = saved.withTimelineOf(List.of(received, delivered));
        assertThat(expected.timeline())
                .extracting(FlowRecord.Step::type)
                .containsExactly("middleware.message.received", "middleware.message.delivered");
        assertThat(expected.timeline().get(1).link()).isEqualTo("account.move/77");
        assertThat(store.flow("msg-7")).contains(expected);
        assertThat(store.flow("ext-7")).contains(expected);
        assertThat(store.flow("nope")).isEmpty();
    }

    @Test
    void searchFiltersByOwnerSlaStateOpennessAndTime() {
        store.saveFlows(List.of(
                flow("f/1", "acme", 1, "2026-11-02T09:00:00Z", true, clock("approved-to-invoice", "on-track", null)),
                flow("f/2", "acme", 1, "2026-11-03T09:00:00Z", true, clock("approved-to-invoice", "breached", null)),
                flow(
                        "f/3",
                        "globex",
                        1,
                        "2026-11-04T09:00:00Z",
                        false,
                        clock("approved-to-invoice", "met", "2026-11-05T09:00:00Z")),
                flow("f/4", "globex", 1, "2026-11-05T09:00:00Z", true, clock("invoice-to-payment", "breached", null))));
        store.flush();

        assertThat(keys(query(q -> q.client = "acme"))).containsExactly("f/2", "f/1");
        assertThat(keys(query(q -> q.state = "breached"))).containsExactly("f/4", "f/2");
        assertThat(keys(query(q -> {
                    q.sla = "approved-to-invoice";
                    q.state = "breached";
                })))
                .containsExactly("f/2");
        assertThat(keys(query(q -> q.sla = "invoice-to-payment"))).containsExactly("f/4");
        assertThat(keys(query(q -> q.open = false))).containsExactly("f/3");
        assertThat(keys(query(q -> {
                    q.from = at("2026-11-03T00:00:00Z");
                    q.to = at("2026-11-05T00:00:00Z");
                })))
                .containsExactly("f/3", "f/2");
        assertThat(keys(query(q -> q.project = "212"))).containsExactly("f/4", "f/3", "f/2", "f/1");
        assertThat(keys(query(q -> q.group = "nobody"))).isEmpty();
    }

    @Test
    void searchPagesNewestFirstWithoutGapsOrOverlaps() {
        List<FlowRecord> flows = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // pairs share a time, so the key must break ties
            flows.add(flow("p/" + (char) ('a' + i), "acme", 1, "2026-11-" + (10 + i / 2) + "T09:00:00Z", true));
        }
        store.saveFlows(flows);
        store.flush();

        List<String> seen = new ArrayList<>();
        FlowQuery query = FlowQuery.all(10);
        List<Integer> sizes = new ArrayList<>();
        while (true) {
            Page<FlowRecord> page = store.searchFlows(query);
            assertThat(page.total()).isEqualTo(25);
            sizes.add(page.items().size());
            page.items().forEach(f -> seen.add(f.key()));
            if (page.next() == null) {
                break;
            }
            query = query.after(page.next());
        }
        assertThat(sizes).startsWith(10, 10).endsWith(5);
        assertThat(seen).doesNotHaveDuplicates().hasSize(25);
        List<String> expected = flows.stream()
                .sorted(java.util.Comparator.comparing(FlowRecord::lastEventAt)
                        .reversed()
                        .thenComparing(FlowRecord::key))
                .map(FlowRecord::key)
                .toList();
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void aCursorThatWasNotIssuedIsRefused() {
        assertThatThrownBy(() -> store.searchFlows(FlowQuery.all(10).after("not-a-cursor")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exceptionsKeepTheNewestVersionAndFilterByStatusAndOwner() {
        store.saveExceptions(List.of(
                exception("sla-breach:a:1", "open", "acme", "2026-11-20T00:00:00Z", 1),
                exception("sla-breach:a:2", "open", "globex", "2026-11-21T00:00:00Z", 1),
                exception("sla-breach:a:3", "open", "acme", "2026-11-22T00:00:00Z", 1)));
        store.saveExceptions(List.of(exception("sla-breach:a:3", "resolved", "acme", "2026-11-22T00:00:00Z", 2)));
        store.saveExceptions(List.of(exception("sla-breach:a:1", "resolved", "acme", "2026-11-20T00:00:00Z", 0)));
        store.flush();

        assertThat(store.exception("sla-breach:a:3"))
                .hasValueSatisfying(e -> assertThat(e.status()).isEqualTo("resolved"));
        assertThat(store.exception("sla-breach:a:1"))
                .hasValueSatisfying(e -> assertThat(e.status()).isEqualTo("open"));
        Page<ExceptionRecord> open =
                store.searchExceptions(new ExceptionQuery(null, "open", null, null, null, 10, null));
        assertThat(open.items()).extracting(ExceptionRecord::id).containsExactly("sla-breach:a:2", "sla-breach:a:1");
        Page<ExceptionRecord> acme =
                store.searchExceptions(new ExceptionQuery("sla-breach", null, "acme", null, null, 1, null));
        assertThat(acme.items()).extracting(ExceptionRecord::id).containsExactly("sla-breach:a:3");
        assertThat(acme.total()).isEqualTo(2);
        Page<ExceptionRecord> second =
                store.searchExceptions(new ExceptionQuery("sla-breach", null, "acme", null, null, 1, acme.next()));
        assertThat(second.items()).extracting(ExceptionRecord::id).containsExactly("sla-breach:a:1");
    }

    @Test
    void anExceptionRoundTripsWithItsAcknowledgementAndEvidence() {
        ExceptionRecord e = new ExceptionRecord(
                "duplicate-invoicing:account.analytic.line/7",
                "duplicate-invoicing",
                "critical",
                "acknowledged",
                null,
                "account.analytic.line/7",
                "acme",
                "212",
                "consulting",
                7.5,
                900.0,
                at("2026-11-20T00:00:00Z"),
                null,
                at("2026-11-21T00:00:00Z"),
                "on two invoices",
                3,
                new ExceptionRecord.Acknowledgement("ops", at("2026-11-21T00:00:00Z"), "credit note on its way"),
                List.of(
                        new ExceptionRecord.Evidence(
                                "account.analytic.line/7",
                                "odoo/odoo-prod",
                                "account.analytic.line/7@2026-11-19 10:00:00#timesheet.invoiced",
                                "timesheet.invoiced",
                                at("2026-11-19T10:00:00.123456Z")),
                        new ExceptionRecord.Evidence(
                                "account.move/77",
                                "odoo/odoo-prod",
                                "account.move/77@2026-11-19 11:00:00#invoice.posted",
                                "invoice.posted",
                                at("2026-11-19T11:00:00Z"))));
        store.saveExceptions(List.of(e));
        store.flush();

        assertThat(store.exception(e.id())).hasValue(e);
    }

    @Test
    void recoveryPlanNamesTheOpenFlowsAndTheirNeighboursWhenDurable() {
        FlowRecord open = new FlowRecord(
                "account.analytic.line/1",
                "subject",
                "acme",
                "212",
                "consulting",
                7.5,
                900.0,
                Map.of("invoice", "account.move/77"),
                List.of("msg-1"),
                List.of(),
                2,
                at("2026-11-23T09:00:00Z"),
                at("2026-11-23T09:00:00Z"),
                List.of(),
                List.of(clock("approved-to-invoice", "on-track", null)),
                true,
                at("2026-11-23T09:00:02Z"),
                1);
        store.saveFlows(List.of(open, flow("account.move/99", "acme", 1, "2026-11-23T10:00:00Z", false)));
        store.flush();

        RecoveryPlan plan = store.recoveryPlan();
        if (!store.durable()) {
            assertThat(plan).isEqualTo(RecoveryPlan.NOTHING);
            return;
        }
        assertThat(plan.flowKeys()).containsExactlyInAnyOrder("account.analytic.line/1", "account.move/77", "msg-1");
        assertThat(plan.checkpoint()).isEqualTo(at("2026-11-23T10:00:02Z"));
    }

    // --- helpers

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

    static ExceptionRecord exception(String id, String status, String client, String opened, long version) {
        return new ExceptionRecord(
                id,
                "sla-breach",
                "warning",
                status,
                "approved-to-invoice",
                "account.analytic.line/1",
                client,
                "212",
                "consulting",
                7.5,
                900.0,
                at(opened),
                "resolved".equals(status) ? at(opened).plusSeconds(60) : null,
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

    private Page<FlowRecord> query(java.util.function.Consumer<Q> filters) {
        Q q = new Q();
        filters.accept(q);
        return store.searchFlows(
                new FlowQuery(q.client, q.project, q.group, q.sla, q.state, q.open, q.from, q.to, 100, null));
    }

    private static List<String> keys(Page<FlowRecord> page) {
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
