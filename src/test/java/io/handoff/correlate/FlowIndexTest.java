package io.handoff.correlate;

import static io.handoff.testing.Events.approved;
import static io.handoff.testing.Events.invoice;
import static io.handoff.testing.Events.invoiced;
import static io.handoff.testing.Events.middleware;
import static io.handoff.testing.Events.uninvoiced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.handoff.event.EventType;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowIndexTest {
    private record Held(Flow flow) implements FlowIndex.Member {}

    private final Set<String> busy = new HashSet<>();
    private final List<String> evicted = new ArrayList<>();

    private FlowIndex<Held> index(int maxFlows) {
        return new FlowIndex<>(
                maxFlows,
                FlowBounds.NONE,
                held -> busy.contains(held.flow().key()),
                held -> evicted.add(held.flow().key()));
    }

    @Test
    void aLinkChangeAffectsTheFlowItsOldTargetAndItsNewOne() {
        FlowIndex<Held> index = index(100);
        index.add(approved("1", "2026-11-20T10:00:00Z"), Held::new);
        var first = index.add(invoiced("1", "A", "2026-11-20T11:00:00Z"), Held::new);
        assertThat(first.affected()).containsExactly("account.analytic.line/1", "account.move/A");
        assertThat(first.newTarget()).isEqualTo("account.move/A");

        var moved = index.add(invoiced("1", "B", "2026-11-21T11:00:00Z"), Held::new);
        assertThat(moved.relinked()).containsExactly("account.move/A", "account.move/B");
        assertThat(moved.affected())
                .containsExactlyInAnyOrder("account.analytic.line/1", "account.move/A", "account.move/B");
        assertThat(index.linkedFrom("account.move/A")).isEmpty();
        assertThat(index.linkedFrom("account.move/B")).containsExactly("account.analytic.line/1");

        var cleared = index.add(uninvoiced("1", "2026-11-22T11:00:00Z"), Held::new);
        assertThat(cleared.newTarget()).isNull();
        assertThat(index.linkedFrom("account.move/B")).isEmpty();
    }

    /**
     * A map grows by rehashing everything it holds at once: with hundreds of thousands of flows, the engine thread
     * stalls for tens of milliseconds and every event behind it waits. The flows' table is made for the bound.
     */
    @Test
    void theFlowsTableIsMadeForTheBoundAndNeverGrows() throws Exception {
        int maxFlows = 50_000;
        FlowIndex<Held> index = index(maxFlows);
        index.add(approved("0", "2026-11-20T10:00:00Z"), Held::new);
        Object[] first = table(index);

        for (int i = 1; i < maxFlows + 1_000; i++) {
            index.add(approved(Integer.toString(i), "2026-11-20T10:00:00Z"), Held::new);
        }

        assertThat(index.size()).isEqualTo(maxFlows);
        assertThat(table(index)).isSameAs(first);
        assertThat(first.length).isLessThan(4 * maxFlows); // the smallest power of two that holds the bound
    }

    @Test
    void aBoundBeyondThePresizedLimitGetsTheTableOfTheLimit() throws Exception {
        FlowIndex<Held> index = index(Integer.MAX_VALUE);
        index.add(approved("0", "2026-11-20T10:00:00Z"), Held::new);

        assertThat(table(index).length)
                .isGreaterThanOrEqualTo(FlowIndex.tableFor(FlowIndex.PRESIZED_UP_TO) / 2)
                .isLessThanOrEqualTo(FlowIndex.tableFor(FlowIndex.PRESIZED_UP_TO) * 2);
    }

    @Test
    void aBoundBelowOneFlowIsRefused() {
        assertThatThrownBy(() -> index(0)).hasMessageContaining("at least one flow");
        assertThatThrownBy(() -> index(-5)).hasMessageContaining("at least one flow");
    }

    private static Object[] table(FlowIndex<Held> index) throws Exception {
        Field members = FlowIndex.class.getDeclaredField("members");
        members.setAccessible(true);
        Field table = HashMap.class.getDeclaredField("table");
        table.setAccessible(true);
        return (Object[]) table.get(members.get(index));
    }

    @Test
    void aDuplicateChangesNothing() {
        FlowIndex<Held> index = index(100);
        index.add(invoiced("1", "A", "2026-11-20T11:00:00Z"), Held::new);

        var again = index.add(invoiced("1", "A", "2026-11-20T11:00:00Z"), Held::new);

        assertThat(again.duplicate()).isTrue();
        assertThat(again.affected()).isEmpty();
        assertThat(index.get("account.analytic.line/1").flow().size()).isEqualTo(1);
    }

    @Test
    void aCorrelationIdResolvesToItsSubjectFlow() {
        FlowIndex<Held> index = index(100);
        var event = approved("1", "2026-11-20T10:00:00Z");
        index.add(
                new io.handoff.event.BusinessEvent(
                        event.source(),
                        event.id(),
                        event.type(),
                        event.time(),
                        event.subject(),
                        "corr-7",
                        event.facts(),
                        event.origin(),
                        event.receivedAt()),
                Held::new);

        assertThat(index.resolve("corr-7").flow().key()).isEqualTo("account.analytic.line/1");
        assertThat(index.resolve("account.analytic.line/1").flow().key()).isEqualTo("account.analytic.line/1");
        assertThat(index.resolve("corr-8")).isNull();
    }

    @Test
    void beyondItsBoundTheEldestNotBusyFlowGoesAndItsLinksWithIt() {
        FlowIndex<Held> index = index(3);
        index.add(invoiced("1", "A", "2026-11-20T11:00:00Z"), Held::new);
        index.add(middleware(EventType.MIDDLEWARE_RECEIVED, "m-1", "2026-11-20T11:00:00Z"), Held::new);
        index.add(invoice(EventType.INVOICE_POSTED, "A", "2026-11-20T12:00:00Z"), Held::new);
        busy.add("account.analytic.line/1");

        index.add(approved("2", "2026-11-20T13:00:00Z"), Held::new);

        assertThat(evicted).containsExactly("m-1");
        busy.clear();
        index.add(approved("3", "2026-11-20T13:00:00Z"), Held::new);
        assertThat(evicted).containsExactly("m-1", "account.analytic.line/1");
        assertThat(index.linkedFrom("account.move/A")).isEmpty();
        assertThat(index.size()).isEqualTo(3);
    }

    @Test
    void aWholeFlowPutInIsIndexedLikeOneBuiltEventByEvent() {
        FlowIndex<Held> built = index(100);
        built.add(approved("1", "2026-11-20T10:00:00Z"), Held::new);
        built.add(invoiced("1", "A", "2026-11-20T11:00:00Z"), Held::new);
        Flow flow = built.get("account.analytic.line/1").flow();

        FlowIndex<Held> index = index(100);
        Set<String> affected = index.put(new Held(Flow.of(flow.key(), flow.anchor(), flow.entries())));

        assertThat(affected).containsExactly("account.analytic.line/1", "account.move/A");
        assertThat(index.linkedFrom("account.move/A")).containsExactly("account.analytic.line/1");
        assertThat(index.get("account.analytic.line/1").flow().entries()).isEqualTo(flow.entries());
        assertThat(index.add(invoiced("1", "A", "2026-11-20T11:00:00Z"), Held::new)
                        .duplicate())
                .isTrue();
    }
}
