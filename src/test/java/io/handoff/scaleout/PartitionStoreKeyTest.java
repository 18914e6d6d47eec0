package io.handoff.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import io.handoff.testing.Events;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionStoreKeyTest {
    /** Stores written before the key was built by hand hold the identity's record text: a redelivery must match it. */
    @Test
    void theKeyIsTheOneEarlierVersionsWrote() {
        List<BusinessEvent> events = List.of(
                Events.approved("42", "2026-11-23T09:00:00Z"),
                Events.middleware(EventType.MIDDLEWARE_RECEIVED, "msg-7", "2026-11-23T09:00:00Z"),
                new BusinessEvent(
                        "odoo://erp.example.com/db=prod, id=x]",
                        "id with , commas] and \u00e9",
                        EventType.INVOICE_POSTED,
                        Events.at("2026-11-23T09:00:00Z"),
                        ObjectRef.parse("account.move/9").orElseThrow(),
                        null,
                        EventFacts.NONE,
                        "odoo",
                        Events.RECEIVED));
        for (BusinessEvent event : events) {
            assertThat(PartitionProcessor.storeKey(event)).isEqualTo(event.flowKey() + '\u0000' + event.identity());
        }
    }
}
