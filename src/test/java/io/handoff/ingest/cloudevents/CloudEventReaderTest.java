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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        assertThat(reader.read(withOwn, "timetracker", NOW, "", header).event().traceparent())
                .isEqualTo(own);
        assertThat(reader.read(approved(), "timetracker", NOW, "", header)
                        .event()
                        .traceparent())
                .isEqualTo(header);
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
    @CsvSource({
        "specversion, /specversion",
        "id, /id",
        "source, /source",
        "type, /type",
        "time, /time",
        "subject, /subject"
    })
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
        "subject, 'account.analytic.line/a b', invalid-attribute, /subject",
        "correlationid, '  ', invalid-attribute, /correlationid"
    })
    void aMalformedAttributeIsRefusedPrecisely(String attribute, String value, String reason, String pointer)
            throws Exception {
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
        assertThat(read(e -> ((ObjectNode) e.get("data")).put("hours", -1))
                        .rejection()
                        .pointer())
                .isEqualTo("/data/hours");
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
                })
                .event();
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
        assertThat(reader.read(JSON.readTree("[1]"), "t", NOW).rejection().reason())
                .isEqualTo("invalid-event");
    }

    @Test
    void dataOfAnotherMediaTypeIsKeptWithoutFacts() throws Exception {
        Candidate candidate = read(e -> e.put("datacontenttype", "text/plain").put("data", "7.5 hours for ACME"));
        assertThat(candidate.rejection()).isNull();
        assertThat(candidate.event().facts().hours()).isNull();
    }

    @ParameterizedTest(name = "{0} over its byte limit is refused at {1}")
    @CsvSource({"id, /id, 256", "source, /source, 512", "correlationid, /correlationid, 256"})
    void textIsLimitedInUtf8BytesNotCharacters(String attribute, String pointer, int limit) throws Exception {
        String fits = "x".repeat(limit);
        assertThat(read(e -> e.put(attribute, fits)).rejection()).isNull();
        // A third as many characters, each three bytes in UTF-8: over the limit in bytes, under it in characters.
        String cjk = "界".repeat(limit / 3 + 1);
        Candidate candidate = read(e -> e.put(attribute, cjk));
        assertThat(candidate.rejection().pointer()).isEqualTo(pointer);
        assertThat(candidate.rejection().detail()).contains("bytes");
        assertThat(candidate.id())
                .as("an unusable id is not repeated back")
                .isEqualTo(attribute.equals("id") ? null : "ts-4711-approved");
    }

    @ParameterizedTest(name = "a control or half character in {0} is refused")
    @CsvSource({"id", "source", "correlationid", "subject"})
    void controlCharactersAndHalfSurrogatesAreRefused(String attribute) throws Exception {
        for (String bad : new String[] {"a\nb", "a\u0000b", "a\u202Eb", "a\uD800b"}) {
            String value = attribute.equals("subject") ? "account.analytic.line/" + bad : bad;
            assertThat(read(e -> e.put(attribute, value)).rejection())
                    .as(attribute + " = " + value)
                    .isNotNull();
        }
        assertThat(read(e -> e.put("id", "emoji-😀-ok")).rejection())
                .as("a whole surrogate pair is fine")
                .isNull();
    }

    @Test
    void aSubjectOfAHundredThousandDotsIsRefusedWithoutOverflowingTheStack() throws Exception {
        Candidate candidate = read(e -> e.put("subject", "a" + ".a".repeat(100_000) + "/1"));
        assertThat(candidate.rejection().pointer()).isEqualTo("/subject");
    }

    @Test
    void anInvoiceIdThatIsNoIdIsRefusedAtItsMember() throws Exception {
        for (String invoice : new String[] {"9".repeat(150), "-4", "0", "\"a b\"", "[{}]", "true"}) {
            Candidate candidate = read(e -> {
                e.put("type", "timesheet.invoiced");
                try {
                    ((ObjectNode) e.get("data")).set("invoice", JSON.readTree(invoice));
                } catch (Exception x) {
                    throw new IllegalStateException(x);
                }
            });
            assertThat(candidate.rejection()).as(invoice).isNotNull();
            assertThat(candidate.rejection().pointer()).as(invoice).isEqualTo("/data/invoice");
        }
    }

    @Test
    void nonFiniteAndHugeNumbersAreRefused() throws Exception {
        for (String hours : new String[] {"1e400", "-1", "10001", "9".repeat(150)}) {
            Candidate candidate = read(e -> {
                try {
                    ((ObjectNode) e.get("data")).set("hours", JSON.readTree(hours));
                } catch (Exception x) {
                    throw new IllegalStateException(x);
                }
            });
            assertThat(candidate.rejection().pointer()).as(hours).isEqualTo("/data/hours");
        }
    }

    @Test
    void aCorrelationIdThatReadsAsAnObjectIsKeyedApartFromThatObject() throws Exception {
        ObjectNode message = JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", "m-1")
                .put("source", "esb://x")
                .put("type", "middleware.message.received")
                .put("time", "2026-11-23T09:00:00Z")
                .put("correlationid", "account.analytic.line/4711");
        BusinessEvent event = reader.read(message, "esb", NOW).event();
        assertThat(event.flowKey())
                .isEqualTo("~account.analytic.line/4711")
                .isNotEqualTo(reader.read(approved(), "t", NOW).event().flowKey());
        assertThat(BusinessEvent.correlationFlowKey("~x")).as("one-to-one").isEqualTo("~~x");
        assertThat(BusinessEvent.correlationFlowKey("MSG-1"))
                .as("ordinary ids are their own key")
                .isEqualTo("MSG-1");
    }
}
