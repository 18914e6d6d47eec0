package io.handoff.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A flow of one event holds it without an array around it: the forms must not differ in anything a flow reports. */
class FlowTest {
    private static final ObjectRef LINE = new ObjectRef("account.analytic.line", "42");
    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    private static BusinessEvent event(String id, EventType type, Instant time, String client) {
        return new BusinessEvent(
                "odoo://acme",
                id,
                type,
                time,
                LINE,
                null,
                new EventFacts(client, null, "g", 7.5, null, null),
                "test",
                time,
                null);
    }

    @Test
    void oneEventThenAnEarlierOneThenALaterOneStayInTimeOrder() {
        Flow flow = new Flow("line:42", EventType.Anchor.SUBJECT);
        assertThat(flow.size()).isZero();
        assertThat(flow.entries()).isEmpty();
        assertThat(flow.client()).isNull();

        assertThat(flow.add(event("b", EventType.TIMESHEET_APPROVED, T, "acme")))
                .isTrue();
        assertThat(flow.size()).isEqualTo(1);
        assertThat(flow.entries()).extracting(FlowEntry::id).containsExactly("b");
        assertThat(flow.earliest(EventType.TIMESHEET_APPROVED)).isEqualTo(T);
        assertThat(flow.latest(EventType.TIMESHEET_APPROVED)).isEqualTo(T);
        assertThat(flow.client()).isEqualTo("acme");
        assertThat(flow.add(event("b", EventType.TIMESHEET_APPROVED, T, "acme")))
                .isFalse();

        assertThat(flow.add(event("a", EventType.TIMESHEET_APPROVED, T.minusSeconds(60), "old")))
                .isTrue();
        assertThat(flow.add(event("c", EventType.TIMESHEET_APPROVED, T.plusSeconds(60), null)))
                .isTrue();
        assertThat(flow.add(event("a", EventType.TIMESHEET_APPROVED, T.minusSeconds(60), "old")))
                .isFalse();
        assertThat(flow.size()).isEqualTo(3);
        assertThat(flow.entries()).extracting(FlowEntry::id).containsExactly("a", "b", "c");
        assertThat(flow.earliest(EventType.TIMESHEET_APPROVED)).isEqualTo(T.minusSeconds(60));
        assertThat(flow.latest(EventType.TIMESHEET_APPROVED)).isEqualTo(T.plusSeconds(60));
        assertThat(flow.client()).isEqualTo("acme"); // the latest event that has one
    }

    @Test
    void theLinkOfAFlowOfOneEventIsInForceUntilALaterEventClearsIt() {
        ObjectRef invoice = new ObjectRef("account.move", "7");
        Flow flow = new Flow("line:42", EventType.Anchor.SUBJECT);
        flow.add(new BusinessEvent(
                "odoo://acme",
                "linked",
                EventType.TIMESHEET_INVOICED,
                T,
                LINE,
                "msg-1",
                new EventFacts(null, null, null, null, null, invoice),
                "test",
                T,
                null));
        assertThat(flow.link(EventType.TIMESHEET_INVOICED.linkName())).isEqualTo(invoice);
        assertThat(flow.links()).containsExactly(java.util.Map.entry(EventType.TIMESHEET_INVOICED.linkName(), invoice));
        List<ObjectRef> targets = new java.util.ArrayList<>();
        flow.forEachLinkTarget(targets::add);
        assertThat(targets).containsExactly(invoice);
        assertThat(flow.correlationIds()).containsExactly("msg-1");
        assertThat(flow.earliestValid(EventType.TIMESHEET_INVOICED, null)).isEqualTo(T);

        flow.add(new BusinessEvent(
                "odoo://acme",
                "unlinked",
                EventType.TIMESHEET_UNINVOICED,
                T.plusSeconds(1),
                LINE,
                null,
                EventFacts.NONE,
                "test",
                T,
                null));
        assertThat(flow.link(EventType.TIMESHEET_INVOICED.linkName())).isNull();
        assertThat(flow.links()).isEmpty();
    }

    @Test
    void aFlowCarriedFromElsewhereIsTheSameWhateverItsSize() {
        Flow built = new Flow("line:42", EventType.Anchor.SUBJECT);
        built.add(event("x", EventType.TIMESHEET_APPROVED, T, "acme"));
        Flow one = Flow.of("line:42", EventType.Anchor.SUBJECT, built.entries());
        assertThat(one.entries()).isEqualTo(built.entries());
        assertThat(one.client()).isEqualTo("acme");

        built.add(event("w", EventType.TIMESHEET_APPROVED, T.minusSeconds(1), "early"));
        Flow two = Flow.of(
                "line:42",
                EventType.Anchor.SUBJECT,
                List.of(built.entries().get(1), built.entries().get(0)));
        assertThat(two.entries()).extracting(FlowEntry::id).containsExactly("w", "x");
        assertThat(Flow.of("line:42", EventType.Anchor.SUBJECT, List.of()).size())
                .isZero();
    }
}
