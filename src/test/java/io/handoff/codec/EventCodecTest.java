package io.handoff.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Read back both ways (as a tree, the store's path; as a stream, the Kafka path), which must agree. */
    private static BusinessEvent roundTrip(BusinessEvent event) throws Exception {
        byte[] written = EventCodec.write(event);
        BusinessEvent streamed = EventCodec.read(written);
        assertThat(EventCodec.read(JSON.readTree(written))).isEqualTo(streamed);
        return streamed;
    }

    @Test
    void everyFieldComesBackAsItWasWithMicrosecondsAndTheTraceparent() throws Exception {
        BusinessEvent event = new BusinessEvent(
                "odoo/odoo-prod",
                "account.analytic.line/7@2026-11-23 09:00:00.123456#timesheet.invoiced",
                EventType.TIMESHEET_INVOICED,
                Instant.parse("2026-11-23T09:00:00.123456Z"),
                new ObjectRef("account.analytic.line", "7"),
                "corr-1",
                new EventFacts(
                        "Acme \"Corp\"", "P-212", "consulting", 7.25, 1234.5, new ObjectRef("account.move", "77")),
                "odoo-webhook",
                Instant.parse("2026-11-23T09:00:01.5Z"),
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Test
    void absentFactsStayAbsent() throws Exception {
        BusinessEvent event = new BusinessEvent(
                "esb://mule",
                "m-1",
                EventType.MIDDLEWARE_RECEIVED,
                Instant.parse("2026-11-23T09:00:00Z"),
                null,
                "m-1",
                EventFacts.NONE,
                "esb",
                Instant.parse("2026-11-23T09:00:00Z"));

        assertThat(roundTrip(event)).isEqualTo(event);
        assertThat(JSON.readTree(EventCodec.write(event)).has("client")).isFalse();
    }

    @Test
    void aDocumentThatIsNotAnEventIsRefusedByName() throws Exception {
        assertThatThrownBy(() -> EventCodec.read(JSON.readTree("{\"type\":\"timesheet.approved\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@timestamp");
        assertThatThrownBy(
                        () -> EventCodec.read(
                                JSON.readTree(
                                        "{\"type\":\"No Such\",\"@timestamp\":\"2026-11-23T09:00:00Z\",\"received_at\":\"2026-11-23T09:00:00Z\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown event type No Such");
    }

    /** An event of a type whose declaration was removed since it was stored stays readable, and links nothing. */
    @Test
    void aStoredEventOfATypeNoLongerDeclaredIsReadAsRetired() throws Exception {
        BusinessEvent event = EventCodec.read(JSON.readTree("{\"source\":\"crm://acme\",\"event_id\":\"d-9\","
                + "\"type\":\"crm.deal.retired-in-test\",\"@timestamp\":\"2026-11-23T09:00:00Z\","
                + "\"received_at\":\"2026-11-23T09:00:01Z\",\"subject\":\"crm.lead/9\",\"origin\":\"crm\"}"));
        assertThat(event.type().wireName()).isEqualTo("crm.deal.retired-in-test");
        assertThat(event.type().anchor()).isEqualTo(io.handoff.event.EventType.Anchor.SUBJECT);
        assertThat(event.type().linkEffect()).isEqualTo(io.handoff.event.EventType.LinkEffect.NONE);
        assertThat(event.subject().key()).isEqualTo("crm.lead/9");
    }

    @Test
    void bothReadersIgnoreMembersTheyDoNotKnowAndTakeNumbersWrittenAsText() throws Exception {
        String doc = "{\"future\":{\"a\":[1,{\"b\":2}]},\"type\":\"timesheet.approved\",\"source\":\"odoo/x\","
                + "\"event_id\":\"e-1\",\"@timestamp\":\"2026-03-29T01:30:00.5+01:00\",\"received_at\":"
                + "\"2026-03-29T00:30:01Z\",\"subject\":\"account.analytic.line/7\",\"hours\":\"7.5\",\"amount\":12,"
                + "\"origin\":\"odoo-webhook\",\"also\":[]}";
        BusinessEvent streamed = EventCodec.read(doc.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(EventCodec.read(JSON.readTree(doc))).isEqualTo(streamed);
        assertThat(streamed.time()).isEqualTo(Instant.parse("2026-03-29T00:30:00.5Z"));
        assertThat(streamed.facts().hours()).isEqualTo(7.5);
        assertThat(streamed.facts().amount()).isEqualTo(12.0);
    }

    @Test
    void bothReadersRefuseAContainerWhereAMemberIsAndWhatIsNoObject() throws Exception {
        String doc = "{\"type\":\"timesheet.approved\",\"@timestamp\":\"2026-11-23T09:00:00Z\","
                + "\"received_at\":\"2026-11-23T09:00:00Z\",\"client\":{\"name\":\"Acme\"}}";
        assertThatThrownBy(() -> EventCodec.read(doc.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client is not a single value");
        assertThatThrownBy(() -> EventCodec.read(JSON.readTree(doc)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client is not a single value");
        String cut = "{\"type\":\"timesheet.approved\",\"@timestamp\":\"2026-11-23T09:00:00Z\","
                + "\"received_at\":\"2026-11-23T09:00:00Z\"";
        for (String notAnObject : new String[] {"", "[]", "\"event\"", "{\"type\":", "null", cut}) {
            assertThatThrownBy(() -> EventCodec.read(notAnObject.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .as(notAnObject)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> EventCodec.read(JSON.readTree("{\"type\":\"timesheet.approved\",\"@timestamp\":"
                        + "\"2026-11-23T09:00:00Z\",\"received_at\":\"2026-11-23T09:00:00Z\",\"hours\":\"many\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hours is not a number");
    }
}
