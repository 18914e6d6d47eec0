package io.handoff.correlate;

import static io.handoff.testing.Events.at;
import static io.handoff.testing.Events.invoiced;
import static io.handoff.testing.Events.middleware;
import static io.handoff.testing.Events.uninvoiced;
import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.event.EventType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FlowBoundsTest {
    private final FlowBounds bounds = new FlowBounds(3, 2);
    private final FlowIndex<Held> index = new FlowIndex<>(1000, bounds, held -> false, held -> {});
    private final Flows engine = new Flows();

    private record Held(Flow flow) implements FlowIndex.Member {}

    /** Adds events to the index the way the engine does. */
    private final class Flows {
        void apply(io.handoff.event.BusinessEvent event, Instant now) {
            index.add(event, Held::new);
        }
    }

    @Test
    void aFlowAtItsBoundRefusesMoreEventsAndOthersStayOpen() {
        engine.apply(
                middleware(EventType.MIDDLEWARE_RECEIVED, "m-1", "2026-11-23T09:00:00Z"), at("2026-11-23T09:00:00Z"));
        engine.apply(
                middleware(EventType.MIDDLEWARE_FAILED, "m-1", "2026-11-23T09:00:01Z"), at("2026-11-23T09:00:01Z"));
        assertThat(bounds.refusal(middleware(EventType.MIDDLEWARE_RETRIED, "m-1", "2026-11-23T09:00:02Z")))
                .isNull();
        engine.apply(
                middleware(EventType.MIDDLEWARE_RETRIED, "m-1", "2026-11-23T09:00:02Z"), at("2026-11-23T09:00:02Z"));

        assertThat(bounds.refusal(middleware(EventType.MIDDLEWARE_DELIVERED, "m-1", "2026-11-23T09:00:03Z")))
                .contains("max-events-per-flow");
        assertThat(bounds.refusal(middleware(EventType.MIDDLEWARE_RECEIVED, "m-2", "2026-11-23T09:00:03Z")))
                .isNull();
        assertThat(bounds.fullFlows()).isEqualTo(1);
    }

    @Test
    void aTargetLinkedFromTooManyFlowsRefusesNewLinksUntilOneGoes() {
        engine.apply(invoiced("1", "77", "2026-11-23T09:00:00Z"), at("2026-11-23T09:00:00Z"));
        engine.apply(invoiced("2", "77", "2026-11-23T09:00:00Z"), at("2026-11-23T09:00:00Z"));

        assertThat(bounds.refusal(invoiced("3", "77", "2026-11-23T09:00:00Z"))).contains("max-links-per-target");
        assertThat(bounds.refusal(invoiced("3", "78", "2026-11-23T09:00:00Z"))).isNull();

        engine.apply(uninvoiced("2", "2026-11-23T10:00:00Z"), at("2026-11-23T10:00:00Z"));
        assertThat(bounds.refusal(invoiced("3", "77", "2026-11-23T10:00:01Z")))
                .as("line 2 left the invoice")
                .isNull();
    }
}
