package io.handoff.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each form of one flow's events keeps one event per identity, the first, whatever the count. */
class FlowEventsTest {
    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    private static BusinessEvent event(String source, String id, double hours) {
        return new BusinessEvent(
                source,
                id,
                EventType.TIMESHEET_APPROVED,
                T,
                new ObjectRef("account.analytic.line", "42"),
                null,
                new EventFacts(null, null, null, hours, null, null),
                "test",
                T,
                null);
    }

    @Test
    void oneIdentityIsKeptOnceInEveryForm() {
        for (int count : new int[] {1, 2, FlowEvents.SCANNED, FlowEvents.SCANNED + 1, 3 * FlowEvents.SCANNED}) {
            Object held = null;
            for (int i = 0; i < count; i++) {
                held = FlowEvents.with(held, event("odoo://acme", "e" + i, i));
                held = FlowEvents.with(held, event("odoo://acme", "e" + i, 99)); // a duplicate: the first stays
                held = FlowEvents.with(held, event("odoo://acme", "e0", 99));
            }
            assertThat(FlowEvents.of(held))
                    .as("%d events", count)
                    .extracting(BusinessEvent::id)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, count)
                            .mapToObj(i -> "e" + i)
                            .toList());
            assertThat(FlowEvents.of(held))
                    .as("%d events, the first of each kept", count)
                    .extracting(e -> e.facts().hours())
                    .doesNotContain(99.0);
        }
    }

    @Test
    void theSameIdFromAnotherSourceIsAnotherEvent() {
        Object held = FlowEvents.with(null, event("odoo://acme", "e1", 1));
        held = FlowEvents.with(held, event("timetracker://acme", "e1", 2));
        assertThat(FlowEvents.of(held))
                .extracting(BusinessEvent::source)
                .containsExactly("odoo://acme", "timetracker://acme");
        assertThat(FlowEvents.of(null)).isEmpty();
    }
}
