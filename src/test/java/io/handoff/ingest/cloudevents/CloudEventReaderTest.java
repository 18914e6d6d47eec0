package io.handoff.ingest.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventType;
import io.handoff.ingest.Candidate;
import io.handoff.ingest.EdgeRules;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CloudEventReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final CloudEventReader reader = new CloudEventReader(
            new EdgeRules(Duration.ofMinutes(5), Duration.ofDays(400), "practice", Map.of("212", "consulting")));

    private static ObjectNode approved() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"specversion":"1.0","id":"ts-4711-approved","source":"timetracker://acme","type":"timesheet.approved",
                 "time":"2026-11-20T16:42:09Z","subject":"account.analytic.line/4711","correlationid":"TS-4711",
                 "datacontenttype":"application/json",
                 "data":{"client":"ACME GmbH","project":212,"hours":7.5,"amount":900.0}}""");
    }

    private Candidate read(Consumer<ObjectNode> change) throws Exception {
        ObjectNode event = approved();
        change.accept(event);
        return reader.read(event, "timetracker", NOW);
    }

    @Test
    void theTraceparentExtensionWinsOverTheRequestHeaderAndAnInvalidOneIsIgnored() throws Exception {
        String own = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String header = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        ObjectNode withOwn = approved();
        withOwn.put("traceparent", own);
        assertThat(reader.read(withOwn, "timetracker", NOW, "", header).event().traceparent()).isEqualTo(own);
        assertThat(reader.read(approved(), "timetracker", NOW, "", header).event().traceparent()).isEqualTo(header);
        ObjectNode invalid = approved();
        invalid.put("traceparent", "not-a-traceparent");
        Candidate kept = reader.read(invalid, "timetracker", NOW, "", null);
        assertThat(kept.rejection()).isNull();
        assertThat(kept.event().traceparent()).isNull();
    }

    @Test
    void readsAValidEventWithItsFacts() throws Exception {
        BusinessEvent event = reader.read(approved(), "timetracker", NOW).event();
        assertThat(event.type()).isEqualTo(EventType.TIMESHEET_APPROVED);
        assertThat(event.flowKey()).isEqualTo("account.analytic.line/4711");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-20T16:42:09Z"));
        assertThat(event.correlationId()).isEqualTo("TS-4711");
        assertThat(event.facts().hours()).isEqualTo(7.5);
        assertThat(event.facts().project()).isEqualTo("212");
        assertThat(event.facts().group()).as("grouped by its project").isEqualTo("consulting");
        assertThat(event.origin()).isEqualTo("timetracker");
        assertThat(event.receivedAt()).isEqualTo(NOW);
    }

    @ParameterizedTest(name = "without {0} the pointer is {1}")
    @CsvSource({"specversion, /specversion", "id, /id", "source, /source", "type, /type", "time, /time", "subject, /subject"})
    void aMissingRequiredAttributeIsNamed(String attribute, String pointer) throws Exception {
        Candidate candidate = read(e -> e.remove(attribute));
        assertThat(candidate.event()).isNull();
        assertThat(candidate.rejection().pointer()).isEqualTo(pointer);
        assertThat(candidate.rejection().detail()).contains(attribute);
    }

    @ParameterizedTest(name = "{0} = {1} is refused as {2} at {3}")
    @CsvSource({
        "specversion, 0.3, invalid-attribute, /specversion",
        "type, timesheet.approve, unknown-type, /type",
        "time, yesterday, invalid-attribute, /time",
        "time, 2027-11-23T10:00:00Z, implausible-time, /time",
        "time, 1970-01-01T00:00:00Z, implausible-time, /time",
        "subject, 4711, invalid-attribute, /subject",
        "source, 'not a uri', invalid-attribute, /source",
        "datacontenttype, text/plain, invalid-attribute, /datacontenttype"
    })
    void aMalformedAttributeIsRefusedPrecisely(String attribute, String value, String reason, String pointer) throws Exception {
        Candidate candidate = read(e -> e.put(attribute, value));
        assertThat(candidate.rejection().reason()).isEqualTo(reason);
        assertThat(candidate.rejection().pointer()).isEqualTo(pointer);
        assertThat(candidate.id()).isEqualTo("attribute".equals(attribute) ? null : candidate.id());
    }

    @Test
    void aNumberWhereTextIsExpectedIsRefused() throws Exception {
        assertThat(read(e -> e.put("id", 42)).rejection().pointer()).isEqualTo("/id");
    }

    @Test
    void hoursMustBeANumber() throws Exception {
        Candidate candidate = read(e -> ((ObjectNode) e.get("data")).put("hours", "seven"));
        assertThat(candidate.rejection().pointer()).isEqualTo("/data/hours");
    }

    @Test
    void negativeHoursAreRefused() throws Exception {
        assertThat(read(e -> ((ObjectNode) e.get("data")).put("hours", -1)).rejection().pointer()).isEqualTo("/data/hours");
    }

    @Test
    void middlewareEventsNeedACorrelationId() throws Exception {
        Candidate candidate = read(e -> {
            e.put("type", "middleware.message.received");
            e.remove("correlationid");
        });
        assertThat(candidate.rejection().pointer()).isEqualTo("/correlationid");
    }

    @Test
    void middlewareEventsBelongToTheirCorrelationFlow() throws Exception {
        BusinessEvent event = read(e -> {
            e.put("type", "middleware.message.delivered");
            e.remove("subject");
            ((ObjectNode) e.get("data")).put("record", "account.move/7718");
        }).event();
        assertThat(event.flowKey()).isEqualTo("TS-4711");
        assertThat(event.facts().link().key()).isEqualTo("account.move/7718");
    }

    @Test
    void anInvoicedLineNeedsItsInvoice() throws Exception {
        Candidate without = read(e -> e.put("type", "timesheet.invoiced"));
        assertThat(without.rejection().pointer()).isEqualTo("/data/invoice");
        Candidate with = read(e -> {
            e.put("type", "timesheet.invoiced");
            ((ObjectNode) e.get("data")).put("invoice", 7718);
        });
        assertThat(with.event().facts().link().key()).isEqualTo("account.move/7718");
    }

    @Test
    void aPointerIsPrefixedWithTheEventsPlaceInTheBatch() throws Exception {
        ObjectNode event = approved();
        event.remove("time");
        assertThat(reader.read(event, "t", NOW, "/3").rejection().pointer()).isEqualTo("/3/time");
    }

    @Test
    void aNonObjectIsRefused() throws Exception {
        assertThat(reader.read(JSON.readTree("[1]"), "t", NOW).rejection().reason()).isEqualTo("invalid-event");
    }
}
