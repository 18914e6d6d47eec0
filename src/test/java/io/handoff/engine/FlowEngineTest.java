package io.handoff.engine;

import static io.handoff.testing.Events.approved;
import static io.handoff.testing.Events.at;
import static io.handoff.testing.Events.delivered;
import static io.handoff.testing.Events.invoice;
import static io.handoff.testing.Events.invoiced;
import static io.handoff.testing.Events.middleware;
import static io.handoff.testing.Events.uninvoiced;
import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.event.BusinessEvent;
import io.handoff.event.EventType;
import io.handoff.sla.ClockState;
import io.handoff.sla.SlaClock;
import io.handoff.sla.SlaTally;
import io.handoff.testing.RecordingListener;
import io.handoff.testing.Slas;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FlowEngineTest {
    private static final Instant LATER = at("2026-12-31T00:00:00Z");

    private final RecordingListener listener = new RecordingListener();
    private final FlowEngine engine = new FlowEngine(Slas.catalog(), listener, new GroupLabels(10), 1000);

    private SlaClock clock(String key, String sla, Instant now) {
        return engine.find(key, now).orElseThrow().clocks().stream()
                .filter(c -> c.sla().equals(sla))
                .findFirst()
                .orElseThrow();
    }

    private void applyAll(List<BusinessEvent> events, Instant now) {
        events.forEach(e -> engine.apply(e, now));
    }

    @Test
    void oneInvoicePostedStopsTheClocksOfAllItsLines() {
        applyAll(
                List.of(
                        approved("1", "2026-11-20T10:00:00Z"),
                        approved("2", "2026-11-20T11:00:00Z"),
                        approved("3", "2026-11-21T09:00:00Z"),
                        invoiced("1", "7718", "2026-11-23T08:00:00Z"),
                        invoiced("2", "7718", "2026-11-23T08:00:00Z"),
                        invoiced("3", "7718", "2026-11-23T08:00:00Z"),
                        invoice(EventType.INVOICE_POSTED, "7718", "2026-11-23T09:00:00Z")),
                LATER);

        for (String line : List.of("1", "2", "3")) {
            SlaClock clock = clock("account.analytic.line/" + line, "approved-to-invoice", LATER);
            assertThat(clock.state()).isEqualTo(ClockState.MET);
            assertThat(clock.stop()).isEqualTo(at("2026-11-23T09:00:00Z"));
        }
        assertThat(clock("account.analytic.line/1", "approved-to-invoice", LATER)
                        .elapsed())
                .isEqualTo(Duration.ofHours(71));
        assertThat(engine.find("account.move/7718", LATER).orElseThrow().linkedFrom())
                .hasSize(3);
    }

    @Test
    void arrivalOrderDoesNotChangeFlowsOrOutcomes() {
        List<BusinessEvent> scenario = List.of(
                approved("1", "2026-11-16T10:00:00Z"),
                approved("1", "2026-11-17T10:00:00Z"), // a later snapshot still validated: approval stays the earliest
                approved("2", "2026-11-16T12:00:00Z"),
                approved("3", "2026-11-10T12:00:00Z"),
                invoiced("1", "A", "2026-11-18T08:00:00Z"),
                invoiced("2", "A", "2026-11-18T08:00:00Z"),
                invoiced("3", "A", "2026-11-18T08:00:00Z"),
                invoice(EventType.INVOICE_POSTED, "A", "2026-11-18T09:00:00Z"),
                invoice(EventType.INVOICE_CANCELLED, "A", "2026-11-19T09:00:00Z"),
                invoiced("2", "B", "2026-11-20T08:00:00Z"),
                invoice(EventType.INVOICE_POSTED, "B", "2026-11-20T09:00:00Z"),
                invoice(EventType.INVOICE_PAID, "B", "2026-11-25T09:00:00Z"),
                middleware(EventType.MIDDLEWARE_RECEIVED, "m1", "2026-11-20T09:00:00Z"),
                delivered("m1", "account.move/B", "2026-11-20T09:01:00Z"));
        Instant now = at("2026-11-30T00:00:00Z");
        Map<String, Object> expected = null;
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<BusinessEvent> shuffled = new ArrayList<>(scenario);
            Collections.shuffle(shuffled, random);
            if (round % 3 == 0) {
                shuffled.add(shuffled.get(random.nextInt(shuffled.size()))); // and a duplicate
            }
            FlowEngine fresh = new FlowEngine(Slas.catalog(), EngineListener.NONE, new GroupLabels(10), 1000);
            shuffled.forEach(e -> fresh.apply(e, now));
            Map<String, Object> result = new TreeMap<>();
            for (String key : List.of(
                    "account.analytic.line/1",
                    "account.analytic.line/2",
                    "account.analytic.line/3",
                    "account.move/A",
                    "account.move/B",
                    "m1")) {
                FlowView view = fresh.find(key, now).orElseThrow();
                result.put(
                        key, List.of(view.clocks(), view.links(), view.events().size(), view.linkedFrom()));
            }
            result.put(
                    "tallies",
                    fresh.tallies().stream()
                            .map(t -> List.of(t.met(), t.breached(), t.open()))
                            .toList());
            if (expected == null) {
                expected = result;
            }
            assertThat(result).as("round %d", round).isEqualTo(expected);
        }
        // And the result is the right one: line 2 re-invoiced on B, lines 1 and 3 left on the cancelled A.
        FlowEngine check = new FlowEngine(Slas.catalog(), EngineListener.NONE, new GroupLabels(10), 1000);
        scenario.forEach(e -> check.apply(e, now));
        assertThat(check.find("account.analytic.line/2", now)
                        .orElseThrow()
                        .clocks()
                        .get(0)
                        .state())
                .isEqualTo(ClockState.MET);
        assertThat(check.find("account.analytic.line/1", now)
                        .orElseThrow()
                        .clocks()
                        .get(0)
                        .state())
                .isEqualTo(ClockState.BREACHED);
        assertThat(check.find("account.analytic.line/1", now)
                        .orElseThrow()
                        .clocks()
                        .get(0)
                        .start())
                .isEqualTo(at("2026-11-16T10:00:00Z"));
        assertThat(check.find("account.move/B", now).orElseThrow().clocks())
                .extracting(SlaClock::state)
                .containsExactly(ClockState.MET, ClockState.MET);
    }

    @Test
    void aFlowIsReportedChangedWhenItsEventsOrClocksChangeAndNotWhenAStaleDueTimePasses() {
        engine.apply(
                middleware(EventType.MIDDLEWARE_RECEIVED, "m1", "2026-11-23T09:00:00Z"), at("2026-11-23T09:00:01Z"));
        assertThat(engine.drainChanged(at("2026-11-23T09:00:01Z"), 100))
                .extracting(FlowView::key)
                .containsExactly("m1");
        assertThat(engine.drainChanged(at("2026-11-23T09:00:01Z"), 100)).isEmpty();

        engine.apply(
                middleware(EventType.MIDDLEWARE_DELIVERED, "m1", "2026-11-23T09:00:20Z"), at("2026-11-23T09:00:21Z"));
        assertThat(engine.drainChanged(at("2026-11-23T09:00:21Z"), 100))
                .extracting(FlowView::key)
                .containsExactly("m1");
        // its at-risk and due times were scheduled while it was open: passing them changes nothing now
        engine.advance(at("2026-11-23T10:00:00Z"));
        assertThat(engine.drainChanged(at("2026-11-23T10:00:00Z"), 100)).isEmpty();

        engine.apply(
                middleware(EventType.MIDDLEWARE_RECEIVED, "m2", "2026-11-23T09:00:00Z"), at("2026-11-23T09:00:01Z"));
        engine.drainChanged(at("2026-11-23T09:00:01Z"), 100);
        engine.advance(at("2026-11-23T10:00:00Z"));
        assertThat(engine.drainChanged(at("2026-11-23T10:00:00Z"), 100))
                .as("breached by time alone")
                .extracting(FlowView::key)
                .containsExactly("m2");
    }

    @Test
    void aDuplicateIsAcknowledgedAndCountedOnce() {
        BusinessEvent event = approved("1", "2026-11-20T10:00:00Z");
        assertThat(engine.apply(event, LATER)).isEqualTo(FlowEngine.Applied.ACCEPTED);
        assertThat(engine.apply(event, LATER)).isEqualTo(FlowEngine.Applied.DUPLICATE);
        assertThat(engine.find("account.analytic.line/1", LATER).orElseThrow().events())
                .hasSize(1);
        assertThat(listener.outcomes).containsExactly("approved-to-invoice account.analytic.line/1 breached");
    }

    @Test
    void breachIsRaisedWhenTheInvoiceNeverArrives() {
        Instant approvedAt = at("2026-11-23T09:00:00Z");
        engine.apply(approved("1", "2026-11-23T09:00:00Z"), approvedAt);
        assertThat(clock("account.analytic.line/1", "approved-to-invoice", approvedAt)
                        .state())
                .isEqualTo(ClockState.ON_TRACK);

        engine.advance(approvedAt.plus(Duration.ofDays(4)).minusMillis(1));
        assertThat(listener.moves).containsExactly("approved-to-invoice null->ON_TRACK");

        engine.advance(approvedAt.plus(Duration.ofDays(4)));
        assertThat(listener.moves)
                .containsExactly("approved-to-invoice null->ON_TRACK", "approved-to-invoice ON_TRACK->AT_RISK");
        assertThat(listener.outcomes).isEmpty();

        engine.advance(approvedAt.plus(Duration.ofDays(5)).minusMillis(1));
        assertThat(listener.outcomes).isEmpty();
        engine.advance(approvedAt.plus(Duration.ofDays(5)));
        assertThat(listener.outcomes).containsExactly("approved-to-invoice account.analytic.line/1 breached");

        engine.advance(approvedAt.plus(Duration.ofDays(50)));
        assertThat(listener.outcomes).hasSize(1);
        assertThat(engine.dueCount()).isZero();
    }

    @Test
    void aLateStopEventRevisesABreachToMet() {
        Instant now = at("2026-11-30T00:00:00Z");
        engine.apply(middleware(EventType.MIDDLEWARE_RECEIVED, "m1", "2026-11-23T09:00:00Z"), now);
        assertThat(listener.outcomes).containsExactly("middleware-delivery m1 breached");

        engine.apply(middleware(EventType.MIDDLEWARE_DELIVERED, "m1", "2026-11-23T09:01:00Z"), now);

        assertThat(listener.revisions).containsExactly("middleware-delivery m1 breached->met");
        SlaTally tally = engine.tallies().get(2);
        assertThat(tally.met()).isEqualTo(1);
        assertThat(tally.breached()).isZero();
        assertThat(listener.stops).containsExactly("middleware-delivery PT1M");
    }

    @Test
    void cancellingThePostedInvoiceReopensTheLineUntilItIsInvoicedAgain() {
        Instant now = at("2026-11-21T00:00:00Z");
        applyAll(
                List.of(
                        approved("1", "2026-11-16T10:00:00Z"),
                        invoiced("1", "A", "2026-11-17T08:00:00Z"),
                        invoice(EventType.INVOICE_POSTED, "A", "2026-11-17T09:00:00Z")),
                now);
        assertThat(clock("account.analytic.line/1", "approved-to-invoice", now).state())
                .isEqualTo(ClockState.MET);

        engine.apply(invoice(EventType.INVOICE_CANCELLED, "A", "2026-11-18T09:00:00Z"), now);
        SlaClock reopened = clock("account.analytic.line/1", "approved-to-invoice", now);
        assertThat(reopened.isOpen()).isTrue();
        assertThat(reopened.state()).isEqualTo(ClockState.AT_RISK);
        assertThat(listener.revisions).containsExactly("approved-to-invoice account.analytic.line/1 met->open");

        applyAll(
                List.of(
                        invoiced("1", "B", "2026-11-19T08:00:00Z"),
                        invoice(EventType.INVOICE_POSTED, "B", "2026-11-19T09:00:00Z")),
                now);
        SlaClock closed = clock("account.analytic.line/1", "approved-to-invoice", now);
        assertThat(closed.state()).isEqualTo(ClockState.MET);
        assertThat(closed.stop()).isEqualTo(at("2026-11-19T09:00:00Z"));
        assertThat(engine.find("account.move/A", now).orElseThrow().linkedFrom())
                .isEmpty();
        assertThat(engine.tallies().get(0).met()).isEqualTo(1);
    }

    @Test
    void anInvoiceRepostedAfterCancellationStopsAtTheSecondPosting() {
        Instant now = at("2026-11-21T00:00:00Z");
        applyAll(
                List.of(
                        approved("1", "2026-11-16T10:00:00Z"),
                        invoiced("1", "A", "2026-11-17T08:00:00Z"),
                        invoice(EventType.INVOICE_POSTED, "A", "2026-11-17T09:00:00Z"),
                        invoice(EventType.INVOICE_CANCELLED, "A", "2026-11-17T10:00:00Z"),
                        invoice(EventType.INVOICE_POSTED, "A", "2026-11-18T10:00:00Z")),
                now);
        assertThat(clock("account.analytic.line/1", "approved-to-invoice", now).stop())
                .isEqualTo(at("2026-11-18T10:00:00Z"));
    }

    @Test
    void anUninvoicedLineIsNoLongerStoppedByItsFormerInvoice() {
        Instant now = at("2026-11-30T00:00:00Z");
        applyAll(
                List.of(
                        approved("1", "2026-11-16T10:00:00Z"),
                        invoiced("1", "A", "2026-11-17T08:00:00Z"),
                        uninvoiced("1", "2026-11-17T08:30:00Z"),
                        invoice(EventType.INVOICE_POSTED, "A", "2026-11-17T09:00:00Z")),
                now);
        SlaClock clock = clock("account.analytic.line/1", "approved-to-invoice", now);
        assertThat(clock.isOpen()).isTrue();
        assertThat(clock.state()).isEqualTo(ClockState.BREACHED);
        assertThat(engine.find("account.analytic.line/1", now).orElseThrow().links())
                .isEmpty();
    }

    @Test
    void aLineLinkedBeforeItsInvoiceIsKnownStopsWhenThePostingArrives() {
        Instant now = at("2026-11-19T00:00:00Z");
        engine.apply(invoice(EventType.INVOICE_POSTED, "A", "2026-11-17T09:00:00Z"), now);
        engine.apply(invoiced("1", "A", "2026-11-17T08:00:00Z"), now);
        engine.apply(approved("1", "2026-11-16T10:00:00Z"), now);
        assertThat(clock("account.analytic.line/1", "approved-to-invoice", now).state())
                .isEqualTo(ClockState.MET);
    }

    @Test
    void aMiddlewareDeliveryStopsTheClockOfTheRecordItDelivered() {
        Instant now = at("2026-11-23T12:00:00Z");
        engine.apply(invoice(EventType.INVOICE_POSTED, "7718", "2026-11-23T10:00:00Z"), now);
        engine.apply(delivered("msg-1", "account.move/7718", "2026-11-23T10:20:00Z"), now);
        SlaClock clock = clock("account.move/7718", "invoice-delivery", now);
        assertThat(clock.state()).isEqualTo(ClockState.MET);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void aSubjectFlowIsFoundByTheCorrelationIdItsEventsCarry() {
        BusinessEvent posted = new BusinessEvent(
                "odoo/test",
                "x",
                EventType.INVOICE_POSTED,
                at("2026-11-23T10:00:00Z"),
                io.handoff.event.ObjectRef.parse("account.move/1").orElseThrow(),
                "order-42",
                io.handoff.event.EventFacts.NONE,
                "odoo",
                LATER);
        engine.apply(posted, LATER);
        assertThat(engine.find("order-42", LATER).orElseThrow().key()).isEqualTo("account.move/1");
    }

    @Test
    void memoryStaysBoundedByDroppingClosedFlowsFirst() {
        FlowEngine small = new FlowEngine(Slas.catalog(), listener, new GroupLabels(10), 3);
        Instant now = at("2026-11-23T10:00:00Z");
        small.apply(middleware(EventType.MIDDLEWARE_RECEIVED, "open-1", "2026-11-23T09:59:00Z"), now);
        small.apply(middleware(EventType.MIDDLEWARE_RECEIVED, "done", "2026-11-23T09:59:00Z"), now);
        small.apply(middleware(EventType.MIDDLEWARE_DELIVERED, "done", "2026-11-23T09:59:30Z"), now);
        small.apply(middleware(EventType.MIDDLEWARE_RECEIVED, "open-2", "2026-11-23T09:59:00Z"), now);
        small.apply(middleware(EventType.MIDDLEWARE_RECEIVED, "open-3", "2026-11-23T09:59:00Z"), now);

        assertThat(small.flowCount()).isEqualTo(3);
        assertThat(small.find("done", now)).isEmpty();
        assertThat(small.find("open-1", now)).isPresent();
    }

    @Test
    void theGroupLabelIsBounded() {
        GroupLabels labels = new GroupLabels(2);
        assertThat(List.of(
                        labels.label("a"), labels.label("b"), labels.label("c"), labels.label("a"), labels.label(null)))
                .containsExactly("a", "b", "other", "a", "unassigned");
    }

    @Test
    void flowsDroppedWhileRestoringMoreOpenFlowsThanTheBoundAreToldLikeAnyOther() {
        List<Boolean> dropped = new ArrayList<>();
        EngineListener counting = new EngineListener() {
            @Override
            public void evicted(io.handoff.correlate.Flow flow, boolean hadOpenClocks) {
                dropped.add(hadOpenClocks);
            }
        };
        FlowEngine small = new FlowEngine(Slas.catalog(), counting, new GroupLabels(10), 3);
        List<BusinessEvent> stored = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stored.add(approved("restore-" + i, "2026-11-20T10:00:00Z"));
        }
        small.restore(stored, Instant.parse("2026-11-20T10:05:00Z"));
        assertThat(small.flowCount()).isEqualTo(3);
        assertThat(dropped).containsExactly(true, true); // two lines approved and not invoiced: their clocks ran
    }
}
