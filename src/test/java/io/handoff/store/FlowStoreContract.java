package io.handoff.store;

import static io.handoff.store.StoreFixtures.clock;
import static io.handoff.store.StoreFixtures.flow;
import static io.handoff.store.StoreFixtures.keys;
import static io.handoff.store.StoreFixtures.query;
import static io.handoff.testing.Events.at;
import static io.handoff.testing.Events.delivered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.handoff.event.BusinessEvent;
import io.handoff.event.EventType;
import io.handoff.record.Page;
import io.handoff.testing.Events;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every store must do with flow documents ({@link FlowStore}). Run against every adapter through {@link StoreContract}: the
 * store is fresh and empty in each test, and {@code flush()} makes what was handed over visible.
 */
public interface FlowStoreContract {
    Store store();

    @Test
    default void aFlowDocumentIsNeverOverwrittenByAnOlderVersion() {
        store().saveFlows(List.of(flow("account.analytic.line/1", "acme", 2, "2026-11-23T09:00:00Z", true)));
        store().saveFlows(List.of(flow("account.analytic.line/1", "older", 1, "2026-11-23T09:00:00Z", true)));
        store().flush();
        assertThat(store().flow("account.analytic.line/1")).hasValueSatisfying(f -> {
            assertThat(f.version()).isEqualTo(2);
            assertThat(f.client()).isEqualTo("acme");
        });

        store().saveFlows(List.of(flow("account.analytic.line/1", "newer", 3, "2026-11-23T09:00:00Z", false)));
        store().flush();
        assertThat(store().flow("account.analytic.line/1")).hasValueSatisfying(f -> {
            assertThat(f.version()).isEqualTo(3);
            assertThat(f.open()).isFalse();
        });
    }

    @Test
    default void aFlowDocumentRoundTripsWithItsTimelineFromTheStoredEventsAndIsFoundByItsCorrelationId()
            throws Exception {
        BusinessEvent received =
                Events.middleware(EventType.MIDDLEWARE_RECEIVED, "msg-7", "2026-11-23T09:00:00.000001Z");
        BusinessEvent delivered = delivered("msg-7", "account.move/77", "2026-11-23T09:01:00Z");
        store().append(List.of(delivered, received)).toCompletableFuture().get(30, TimeUnit.SECONDS);
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
                        59.999999,
                        "esb-release-42")),
                false,
                at("2026-11-23T09:01:02Z"),
                5);
        store().saveFlows(List.of(saved));
        store().flush();

        FlowRecord expected = saved.withTimelineOf(List.of(received, delivered));
        assertThat(expected.timeline())
                .extracting(FlowRecord.Step::type)
                .containsExactly("middleware.message.received", "middleware.message.delivered");
        assertThat(expected.timeline().get(1).link()).isEqualTo("account.move/77");
        assertThat(store().flow("msg-7")).contains(expected);
        assertThat(store().flow("ext-7")).contains(expected);
        assertThat(store().flow("nope")).isEmpty();
    }

    @Test
    default void searchFiltersByOwnerSlaStateOpennessAndTime() {
        store().saveFlows(List.of(
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
        store().flush();

        assertThat(keys(query(store(), q -> q.client = "acme"))).containsExactly("f/2", "f/1");
        assertThat(keys(query(store(), q -> q.state = "breached"))).containsExactly("f/4", "f/2");
        assertThat(keys(query(store(), q -> {
                    q.sla = "approved-to-invoice";
                    q.state = "breached";
                })))
                .containsExactly("f/2");
        assertThat(keys(query(store(), q -> q.sla = "invoice-to-payment"))).containsExactly("f/4");
        assertThat(keys(query(store(), q -> q.open = false))).containsExactly("f/3");
        assertThat(keys(query(store(), q -> {
                    q.from = at("2026-11-03T00:00:00Z");
                    q.to = at("2026-11-05T00:00:00Z");
                })))
                .containsExactly("f/3", "f/2");
        assertThat(keys(query(store(), q -> q.project = "212"))).containsExactly("f/4", "f/3", "f/2", "f/1");
        assertThat(keys(query(store(), q -> q.group = "nobody"))).isEmpty();
    }

    @Test
    default void searchPagesNewestFirstWithoutGapsOrOverlaps() {
        List<FlowRecord> flows = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // pairs share a time, so the key must break ties
            flows.add(flow("p/" + (char) ('a' + i), "acme", 1, "2026-11-" + (10 + i / 2) + "T09:00:00Z", true));
        }
        store().saveFlows(flows);
        store().flush();

        List<String> seen = new ArrayList<>();
        FlowQuery query = FlowQuery.all(10);
        List<Integer> sizes = new ArrayList<>();
        while (true) {
            Page<FlowRecord> page = store().searchFlows(query);
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
    default void aCursorThatWasNotIssuedIsRefused() {
        assertThatThrownBy(() -> store().searchFlows(FlowQuery.all(10).after("not-a-cursor")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void recoveryPlanNamesTheOpenFlowsAndTheirNeighboursWhenDurable() {
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
        store().saveFlows(List.of(open, flow("account.move/99", "acme", 1, "2026-11-23T10:00:00Z", false)));
        store().flush();

        RecoveryPlan plan = store().recoveryPlan();
        if (!store().durable()) {
            assertThat(plan).isEqualTo(RecoveryPlan.NOTHING);
            return;
        }
        assertThat(plan.flowKeys()).containsExactlyInAnyOrder("account.analytic.line/1", "account.move/77", "msg-1");
        assertThat(plan.checkpoint()).isEqualTo(at("2026-11-23T10:00:02Z"));
    }
}
