package io.handoff.ingest.odoo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.engine.EngineListener;
import io.handoff.engine.FlowEngine;
import io.handoff.engine.GroupLabels;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventType;
import io.handoff.ingest.EdgeRules;
import io.handoff.testing.Slas;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OdooSnapshotMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-20T00:00:00Z");
    private final OdooSnapshotMapper mapper = new OdooSnapshotMapper(
            OdooSnapshotMapper.defaultRules(),
            new EdgeRules(Duration.ofMinutes(5), Duration.ofDays(400), "practice", Map.of("212", "consulting")));

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = OdooSnapshotMapperTest.class.getResourceAsStream("/fixtures/odoo/" + name)) {
            return JSON.readTree(in);
        }
    }

    private List<BusinessEvent> events(String fixture) throws IOException {
        return mapper.map(fixture(fixture), "odoo-prod", NOW).events();
    }

    @ParameterizedTest(name = "{0} becomes {1}")
    @CsvSource({
        "webhook-timesheet-validated.json, 'timesheet.approved,timesheet.uninvoiced'",
        "webhook-timesheet-invoiced.json, 'timesheet.approved,timesheet.invoiced'",
        "webhook-invoice-posted.json, 'invoice.posted'",
        "webhook-invoice-paid.json, 'invoice.posted,invoice.paid'",
        "webhook-invoice-cancelled.json, 'invoice.cancelled'",
        "webhook-milestone-reached.json, 'milestone.reached'",
        "webhook-expense-approved.json, 'expense.approved'",
        "webhook-expense-sheet-approved.json, 'expense.approved'",
        "webhook-minimal.json, ''"
    })
    void everyOdooExampleBecomesTheRightEvents(String fixture, String types) throws IOException {
        List<String> expected = types.isEmpty() ? List.of() : List.of(types.split(","));
        assertThat(events(fixture)).extracting(e -> e.type().wireName()).containsExactlyElementsOf(expected);
    }

    @Test
    void anInvoiceReversedByACreditNoteCountsAsCancelledAndTheCreditNoteAsItsOwnPostedMove() throws IOException {
        JsonNode reversed = JSON.readTree(
                "{\"_id\": 7718, \"_model\": \"account.move\", \"id\": 7718, \"move_type\": \"out_invoice\", "
                        + "\"payment_state\": \"reversed\", \"state\": \"posted\", \"write_date\": \"2026-12-01 10:00:00\"}");
        JsonNode creditNote = JSON.readTree(
                "{\"_id\": 7730, \"_model\": \"account.move\", \"id\": 7730, \"move_type\": \"out_refund\", "
                        + "\"payment_state\": \"paid\", \"state\": \"posted\", \"write_date\": \"2026-12-01 10:00:00\"}");

        assertThat(mapper.map(reversed, "odoo-prod", NOW).events())
                .extracting(e -> e.type().wireName())
                .containsExactly("invoice.posted", "invoice.cancelled");
        assertThat(mapper.map(creditNote, "odoo-prod", NOW).events())
                .extracting(e -> e.subject().key() + " " + e.type().wireName())
                .containsExactly("account.move/7730 invoice.posted", "account.move/7730 invoice.paid");
    }

    @Test
    void writeDateWithMicrosecondsIsTheEventTimeInUtc() throws IOException {
        BusinessEvent posted = events("webhook-invoice-posted.json").get(0);
        assertThat(posted.time()).isEqualTo(Instant.parse("2026-11-23T08:06:30.412345Z"));
        assertThat(posted.subject().key()).isEqualTo("account.move/7718");
        assertThat(posted.facts().amount()).isEqualTo(3857.14);
        assertThat(posted.facts().client()).isEqualTo("1204");
        assertThat(posted.source()).isEqualTo("odoo/odoo-prod");
    }

    @Test
    void writeDateWithWholeSecondsIsReadToo() throws IOException {
        ObjectNode body = (ObjectNode) fixture("webhook-invoice-posted.json");
        body.put("write_date", "2026-11-23 08:06:30");
        assertThat(mapper.map(body, "odoo-prod", NOW).events().get(0).time())
                .isEqualTo(Instant.parse("2026-11-23T08:06:30Z"));
    }

    @Test
    void theInvoicedLineLinksToItsInvoiceAndCarriesItsHoursAndGroup() throws IOException {
        BusinessEvent invoiced = events("webhook-timesheet-invoiced.json").get(1);
        assertThat(invoiced.facts().link().key()).isEqualTo("account.move/7718");
        assertThat(invoiced.facts().hours()).isEqualTo(7.5);
        assertThat(invoiced.facts().group()).isEqualTo("consulting");
    }

    @Test
    void theSameSnapshotTwiceGivesTheSameEventIds() throws IOException {
        assertThat(events("webhook-invoice-paid.json"))
                .extracting(BusinessEvent::identity)
                .isEqualTo(events("webhook-invoice-paid.json").stream()
                        .map(BusinessEvent::identity)
                        .toList());
    }

    @Test
    void aMinimalBodyUsesTheReceiptTime() throws IOException {
        ObjectNode body = (ObjectNode) fixture("webhook-minimal.json");
        body.put("state", "posted").put("move_type", "out_invoice");
        assertThat(mapper.map(body, "odoo-prod", NOW).events().get(0).time()).isEqualTo(NOW);
    }

    @Test
    void approvalIsTheEarliestValidatedSnapshotAndTheInvoiceTheLatestWhateverTheArrivalOrder() throws IOException {
        List<BusinessEvent> all = new java.util.ArrayList<>();
        all.addAll(events("webhook-timesheet-invoiced.json"));
        all.addAll(events("webhook-invoice-posted.json"));
        all.addAll(events("webhook-timesheet-validated.json"));
        List<BusinessEvent> reversed = new java.util.ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        for (List<BusinessEvent> order : List.of(all, reversed)) {
            FlowEngine engine = new FlowEngine(Slas.catalog(), EngineListener.NONE, new GroupLabels(5), 100);
            order.forEach(e -> engine.apply(e, NOW));
            var clock = engine.find("account.analytic.line/18342", NOW)
                    .orElseThrow()
                    .clocks()
                    .get(0);
            assertThat(clock.start()).isEqualTo(Instant.parse("2026-11-20T16:42:09.318204Z"));
            assertThat(clock.stop()).isEqualTo(Instant.parse("2026-11-23T08:06:30.412345Z"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'{\"_id\": 1}', /_model, invalid-snapshot",
        "'{\"_model\": \"account.move\", \"_id\": \"x\"}', /_id, invalid-snapshot",
        "'{\"_model\": \"res.partner\", \"_id\": 1}', /_model, unmapped-model",
        "'{\"_model\": \"account.move\", \"_id\": 1, \"write_date\": \"23.11.2026\"}', /write_date, invalid-snapshot",
        "'{\"_model\": \"account.move\", \"_id\": 1, \"write_date\": \"2036-11-23 08:00:00\"}', /write_date, implausible-time"
    })
    void badBodiesAreRefusedPrecisely(String body, String pointer, String reason) throws IOException {
        OdooSnapshotMapper.Mapped mapped = mapper.map(JSON.readTree(body), "odoo-prod", NOW);
        assertThat(mapped.rejection().pointer()).isEqualTo(pointer);
        assertThat(mapped.rejection().reason()).isEqualTo(reason);
    }

    @Test
    void configuredRulesAreReadAndBadOnesNamed() {
        assertThat(FieldCondition.parseAll("state=posted, move_type in out_invoice|out_refund, !x, y, z!=1"))
                .extracting(FieldCondition::op)
                .containsExactly(
                        FieldCondition.Op.EQ,
                        FieldCondition.Op.IN,
                        FieldCondition.Op.UNSET,
                        FieldCondition.Op.SET,
                        FieldCondition.Op.NE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FieldCondition.parseAll("state ~ posted"))
                .hasMessageContaining("state ~ posted");
        assertThat(EventType.fromWireName("invoice.posted")).isPresent();
    }

    @ParameterizedTest(name = "{0} = {1} is refused at /{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "timesheet_invoice_id | \"a b\"",
                "timesheet_invoice_id | [{}]",
                "timesheet_invoice_id | -3",
                "timesheet_invoice_id | 999999999999999999999999",
                "project_id | {\"id\": 1}",
                "unit_amount | 1e400",
                "unit_amount | \"7.5\"",
                "unit_amount | -1"
            })
    void aFieldHandoffReadsThatHoldsNoIdOrNoFiniteNumberIsRefusedAtItsMember(String field, String value)
            throws IOException {
        ObjectNode body = (ObjectNode) fixture("webhook-timesheet-invoiced.json");
        body.set(field, JSON.readTree(value));
        OdooSnapshotMapper.Mapped mapped = mapper.map(body, "odoo-prod", NOW);
        assertThat(mapped.rejected()).isTrue();
        assertThat(mapped.rejection().pointer()).isEqualTo("/" + field);
        assertThat(mapped.rejection().reason()).isEqualTo("invalid-snapshot");
    }

    @Test
    void anInvoiceOfInfiniteAmountIsRefused() throws IOException {
        ObjectNode body = (ObjectNode) fixture("webhook-invoice-posted.json");
        body.set("amount_untaxed", JSON.readTree("1e400"));
        assertThat(mapper.map(body, "odoo-prod", NOW).rejection().pointer()).isEqualTo("/amount_untaxed");
    }

    @Test
    void aRecordIdThatIsNotPositiveIsRefused() throws IOException {
        ObjectNode body = (ObjectNode) fixture("webhook-invoice-posted.json");
        body.put("_id", 0);
        assertThat(mapper.map(body, "odoo-prod", NOW).rejection().pointer()).isEqualTo("/_id");
    }
}
