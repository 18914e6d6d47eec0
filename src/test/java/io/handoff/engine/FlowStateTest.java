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
import io.handoff.store.spill.FlowStateJson;
import io.handoff.testing.RecordingListener;
import io.handoff.testing.Slas;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A flow's state carried on its own (through JSON, as a key-value store would keep it) lets another engine carry on
 * exactly where the first stopped: the same clocks, the same later outcomes, nothing told twice.
 */
class FlowStateTest {
    private static final Instant HANDED_OVER = at("2026-11-24T12:00:00Z");
    private static final Instant LATER = at("2026-12-31T00:00:00Z");

    private static final List<BusinessEvent> BEFORE = List.of(
            approved("1", "2026-11-16T10:00:00Z"),
            approved("2", "2026-11-20T12:00:00Z"),
            approved("3", "2026-11-23T12:00:00Z"),
            invoiced("1", "A", "2026-11-18T08:00:00Z"),
            invoiced("2", "A", "2026-11-21T08:00:00Z"),
            invoice(EventType.INVOICE_POSTED, "A", "2026-11-21T09:00:00Z"),
            middleware(EventType.MIDDLEWARE_RECEIVED, "m-1", "2026-11-24T11:59:00Z"));

    private static final List<BusinessEvent> AFTER = List.of(
            delivered("m-1", "account.move/A", "2026-11-24T12:00:30Z"),
            invoice(EventType.INVOICE_CANCELLED, "A", "2026-11-24T13:00:00Z"),
            uninvoiced("2", "2026-11-24T13:00:00Z"),
            invoiced("3", "B", "2026-11-25T08:00:00Z"),
            invoice(EventType.INVOICE_POSTED, "B", "2026-11-25T09:00:00Z"),
            invoice(EventType.INVOICE_PAID, "B", "2026-11-26T09:00:00Z"));

    @Test
    void anotherEngineCarriesOnFromTheStatesAlone() {
        RecordingListener heardFirst = new RecordingListener();
        FlowEngine first = new FlowEngine(Slas.catalog(), heardFirst, new GroupLabels(10), 1000);
        BEFORE.forEach(event -> first.apply(event, HANDED_OVER));
        first.advance(HANDED_OVER);

        List<String> keys = new ArrayList<>(first.keysStartingWith(""));
        Collections.shuffle(keys, new Random(7));
        RecordingListener heardSecond = new RecordingListener();
        FlowEngine second = new FlowEngine(Slas.catalog(), heardSecond, new GroupLabels(10), 1000);
        for (String key : keys) {
            byte[] stored = FlowStateJson.write(first.state(key).orElseThrow());
            second.adopt(FlowStateJson.read(stored), HANDED_OVER);
        }

        assertThat(heardSecond.outcomes)
                .as("outcomes reported by the first holder")
                .isEmpty();
        assertThat(heardSecond.stops).isEmpty();
        assertThat(openCounts(second)).isEqualTo(openCounts(first));
        for (String key : keys) {
            assertThat(second.find(key, HANDED_OVER)).isEqualTo(first.find(key, HANDED_OVER));
            assertThat(second.state(key)).isEqualTo(first.state(key));
        }

        int outcomesBefore = heardFirst.outcomes.size();
        int revisionsBefore = heardFirst.revisions.size();
        for (FlowEngine engine : List.of(first, second)) {
            AFTER.forEach(event -> engine.apply(event, event.time()));
            engine.advance(LATER);
        }
        assertThat(heardSecond.outcomes)
                .isNotEmpty()
                .isEqualTo(heardFirst.outcomes.subList(outcomesBefore, heardFirst.outcomes.size()));
        assertThat(heardSecond.revisions)
                .isNotEmpty()
                .isEqualTo(heardFirst.revisions.subList(revisionsBefore, heardFirst.revisions.size()));
        assertThat(openCounts(second)).isEqualTo(openCounts(first));
        for (String key : first.keysStartingWith("")) {
            assertThat(second.find(key, LATER)).as(key).isEqualTo(first.find(key, LATER));
        }
    }

    private static List<Object> openCounts(FlowEngine engine) {
        return engine.tallies().stream().map(t -> (Object) t.open()).toList();
    }
}
