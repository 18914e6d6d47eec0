package io.handoff.reconcile;

import static io.handoff.testing.Events.RECEIVED;
import static io.handoff.testing.Events.approved;
import static io.handoff.testing.Events.at;
import static io.handoff.testing.Events.delivered;
import static io.handoff.testing.Events.invoice;
import static io.handoff.testing.Events.invoiced;
import static io.handoff.testing.Events.middleware;
import static io.handoff.testing.Events.subject;
import static io.handoff.testing.Events.uninvoiced;
import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.engine.EngineListener;
import io.handoff.engine.FlowEngine;
import io.handoff.engine.GroupLabels;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import io.handoff.store.memory.MemoryStore;
import io.handoff.testing.Slas;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The detectors on a real engine, through the ledger into a store: what opens, what resolves, what must stay silent. */
class ExceptionDetectorsTest {
    private final MemoryStore store = new MemoryStore(1000);
    private final ExceptionLedger ledger =
            new ExceptionLedger(store, 10, List.of(), InstantSource.fixed(at("2026-12-01T00:00:00Z")));
    private final ExceptionDetectors detectors = new ExceptionDetectors(ledger, new ReconcileConfig() {
        public Duration confirmWithin() {
            return Duration.ofMinutes(15);
        }

        public Duration snoozeCheckEvery() {
            return Duration.ofSeconds(30);
        }

        public int maxInvoices() {
            return 1000;
        }

        public Duration referenceGrace() {
            return Duration.ofHours(24);
        }

        public double hoursTolerance() {
            return 0.01;
        }

        public Daily daily() {
            throw new UnsupportedOperationException("the detectors do not run the daily reconciliation");
        }
    });
    private final FlowEngine engine = new FlowEngine(
            Slas.catalog(), EngineListener.of(List.of(), List.of(detectors), List.of()), new GroupLabels(10), 1000);

    private void apply(BusinessEvent... events) {
        for (BusinessEvent e : events) {
            engine.apply(e, e.time().plusSeconds(1));
        }
    }

    private Map<String, ExceptionStatus> statuses() {
        return store.searchExceptions(ExceptionQuery.all(100)).items().stream()
                .collect(Collectors.toMap(ExceptionRecord::id, ExceptionRecord::status));
    }

    private Optional<ExceptionRecord> exception(String id) {
        return store.exception(id);
    }

    @Test
    void aLineOnASecondInvoiceWhileTheFirstStandsIsDuplicateInvoicingUntilTheFirstIsCancelled() {
        apply(
                approved("1", "2026-11-23T09:00:00Z"),
                invoice(EventType.INVOICE_POSTED, "77", "2026-11-24T10:00:00Z"),
                invoiced("1", "77", "2026-11-24T10:00:00Z"),
                invoice(EventType.INVOICE_POSTED, "78", "2026-11-25T10:00:00Z"),
                invoiced("1", "78", "2026-11-25T10:00:00Z"));

        ExceptionRecord duplicate =
                exception("duplicate-invoicing:account.analytic.line/1").orElseThrow();
        assertThat(duplicate.status()).isEqualTo(ExceptionStatus.OPEN);
        assertThat(duplicate.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(duplicate.hours()).isEqualTo(7.5);
        assertThat(duplicate.amount()).isEqualTo(900.0);
        assertThat(duplicate.client()).isEqualTo("acme");
        assertThat(duplicate.group()).isEqualTo("consulting");
        assertThat(duplicate.openedAt()).isEqualTo(at("2026-11-25T10:00:00Z"));
        assertThat(duplicate.summary()).contains("account.move/77", "account.move/78");
        // The evidence: the line's events, then the events of the invoice it points at now.
        assertThat(duplicate.evidence())
                .extracting(e -> e.flow() + " " + e.type())
                .containsExactly(
                        "account.analytic.line/1 timesheet.approved",
                        "account.analytic.line/1 timesheet.invoiced",
                        "account.analytic.line/1 timesheet.invoiced",
                        "account.move/78 invoice.posted");
        assertThat(duplicate.evidence().get(2).time()).isEqualTo(at("2026-11-25T10:00:00Z"));

        apply(invoice(EventType.INVOICE_CANCELLED, "77", "2026-11-26T10:00:00Z"));

        assertThat(exception("duplicate-invoicing:account.analytic.line/1")
                        .orElseThrow()
                        .status())
                .isEqualTo(ExceptionStatus.RESOLVED);
        assertThat(exception("duplicate-invoicing:account.analytic.line/1")
                        .orElseThrow()
                        .openedAt())
                .isEqualTo(at("2026-11-25T10:00:00Z"));
    }

    @Test
    void reInvoicingAfterACancellationPartialInvoicingAndADraftReplacedAreNotDuplicates() {
        apply(
                approved("1", "2026-11-23T09:00:00Z"),
                approved("2", "2026-11-23T09:00:00Z"),
                // line 1: invoiced, the invoice cancelled (credit note), invoiced again
                invoice(EventType.INVOICE_POSTED, "77", "2026-11-24T10:00:00Z"),
                invoiced("1", "77", "2026-11-24T10:00:00Z"),
                invoice(EventType.INVOICE_CANCELLED, "77", "2026-11-24T12:00:00Z"),
                uninvoiced("1", "2026-11-24T12:00:00Z"),
                invoice(EventType.INVOICE_POSTED, "79", "2026-11-25T10:00:00Z"),
                invoiced("1", "79", "2026-11-25T10:00:00Z"),
                // line 2: on a draft that was never posted, then on a posted invoice; another line of the project not
                // invoiced at all
                invoiced("2", "80", "2026-11-24T10:00:00Z"),
                invoice(EventType.INVOICE_POSTED, "81", "2026-11-25T10:00:00Z"),
                invoiced("2", "81", "2026-11-25T10:00:00Z"),
                approved("3", "2026-11-23T09:00:00Z"));

        assertThat(statuses())
                .doesNotContainKeys(
                        "duplicate-invoicing:account.analytic.line/1",
                        "duplicate-invoicing:account.analytic.line/2",
                        "duplicate-invoicing:account.analytic.line/3",
                        "uninvoiced-after-cancellation:account.analytic.line/2");
        // Line 1 was back to un-invoiced for a day between the cancellation and the new invoice: raised, then resolved.
        assertThat(statuses())
                .containsEntry("uninvoiced-after-cancellation:account.analytic.line/1", ExceptionStatus.RESOLVED);
    }

    @Test
    void aLineReInvoicedAfterACreditNoteReversedItsInvoiceIsNoDuplicate() {
        // Odoo 17/18: the credit note leaves the line linked to the reversed invoice until the next invoice takes it;
        // the reversed invoice stays posted and shows payment_state=reversed, which Handoff reads as a cancellation.
        apply(
                approved("1", "2026-11-23T09:00:00Z"),
                invoice(EventType.INVOICE_POSTED, "77", "2026-11-24T10:00:00Z"),
                invoiced("1", "77", "2026-11-24T10:00:00Z"),
                invoice(EventType.INVOICE_POSTED, "90", "2026-11-25T09:00:00Z"), // the credit note, a move of its own
                invoice(EventType.INVOICE_CANCELLED, "77", "2026-11-25T09:00:00Z"),
                invoice(EventType.INVOICE_POSTED, "78", "2026-11-26T10:00:00Z"),
                invoiced("1", "78", "2026-11-26T10:00:00Z"));

        assertThat(statuses())
                .doesNotContainKey("duplicate-invoicing:account.analytic.line/1")
                .containsEntry("uninvoiced-after-cancellation:account.analytic.line/1", ExceptionStatus.RESOLVED);
    }

    @Test
    void aCancelledInvoiceLeavesItsLinesUninvoicedUntilTheyAreInvoicedAgain() {
        apply(
                approved("1", "2026-11-23T09:00:00Z"),
                invoice(EventType.INVOICE_POSTED, "77", "2026-11-24T10:00:00Z"),
                invoiced("1", "77", "2026-11-24T10:00:00Z"),
                uninvoiced("1", "2026-11-26T09:59:00Z"),
                invoice(EventType.INVOICE_CANCELLED, "77", "2026-11-26T10:00:00Z"));

        ExceptionRecord back = exception("uninvoiced-after-cancellation:account.analytic.line/1")
                .orElseThrow();
        assertThat(back.status()).isEqualTo(ExceptionStatus.OPEN);
        assertThat(back.hours()).isEqualTo(7.5);
        assertThat(back.openedAt()).isEqualTo(at("2026-11-26T10:00:00Z"));

        apply(
                invoice(EventType.INVOICE_POSTED, "90", "2026-11-27T10:00:00Z"),
                invoiced("1", "90", "2026-11-27T10:00:00Z"));

        assertThat(exception("uninvoiced-after-cancellation:account.analytic.line/1")
                        .orElseThrow()
                        .status())
                .isEqualTo(ExceptionStatus.RESOLVED);
    }

    @Test
    void aDeadLetteredMessageIsAnExceptionUntilAReplayDeliversIt() {
        apply(
                middleware(EventType.MIDDLEWARE_RECEIVED, "msg-1", "2026-11-23T09:00:00Z"),
                middleware(EventType.MIDDLEWARE_FAILED, "msg-1", "2026-11-23T09:00:10Z"),
                middleware(EventType.MIDDLEWARE_DEAD_LETTERED, "msg-1", "2026-11-23T09:05:00Z"),
                // failed and retried, then delivered: never dead-lettered, no exception
                middleware(EventType.MIDDLEWARE_RECEIVED, "msg-2", "2026-11-23T09:00:00Z"),
                middleware(EventType.MIDDLEWARE_FAILED, "msg-2", "2026-11-23T09:00:10Z"),
                middleware(EventType.MIDDLEWARE_RETRIED, "msg-2", "2026-11-23T09:01:00Z"));

        assertThat(statuses())
                .containsEntry("message-dead-lettered:msg-1", ExceptionStatus.OPEN)
                .doesNotContainKey("message-dead-lettered:msg-2");
        assertThat(exception("message-dead-lettered:msg-1").orElseThrow().severity())
                .isEqualTo(Severity.CRITICAL);

        apply(delivered("msg-1", "account.move/5", "2026-11-23T10:00:00Z"));

        assertThat(statuses()).containsEntry("message-dead-lettered:msg-1", ExceptionStatus.RESOLVED);
    }

    @Test
    void aDeliveryOdooNeverConfirmsOpensAfterTheWindowAndResolvesWhenTheRecordShowsUp() {
        apply(
                middleware(EventType.MIDDLEWARE_RECEIVED, "msg-1", "2026-11-23T09:00:00Z"),
                delivered("msg-1", "account.move/5", "2026-11-23T09:00:30Z"),
                // confirmed: the invoice posted in Odoo a minute later
                middleware(EventType.MIDDLEWARE_RECEIVED, "msg-2", "2026-11-23T09:00:00Z"),
                delivered("msg-2", "account.move/6", "2026-11-23T09:00:30Z"),
                invoice(EventType.INVOICE_POSTED, "6", "2026-11-23T09:01:30Z"));

        engine.advance(at("2026-11-23T09:10:00Z"));
        assertThat(statuses()).doesNotContainKey("delivery-unconfirmed:msg-1"); // still within 15 minutes

        engine.advance(at("2026-11-23T09:16:00Z"));
        assertThat(statuses())
                .containsEntry("delivery-unconfirmed:msg-1", ExceptionStatus.OPEN)
                .doesNotContainKey("delivery-unconfirmed:msg-2");

        apply(invoice(EventType.INVOICE_POSTED, "5", "2026-11-23T09:30:00Z"));
        assertThat(statuses()).containsEntry("delivery-unconfirmed:msg-1", ExceptionStatus.RESOLVED);
    }

    @Test
    void anExceptionIsRaisedOnceWhateverArrivesAfterIt() {
        apply(
                approved("1", "2026-11-23T09:00:00Z"),
                invoice(EventType.INVOICE_POSTED, "77", "2026-11-24T10:00:00Z"),
                invoiced("1", "77", "2026-11-24T10:00:00Z"),
                invoice(EventType.INVOICE_POSTED, "78", "2026-11-25T10:00:00Z"),
                invoiced("1", "78", "2026-11-25T10:00:00Z"));
        long version = exception("duplicate-invoicing:account.analytic.line/1")
                .orElseThrow()
                .version();

        apply(
                subject(
                        EventType.TIMESHEET_APPROVED,
                        "account.analytic.line/1",
                        "2026-11-25T11:00:00Z",
                        new EventFacts("acme", "212", "consulting", 7.5, 900.0, null)),
                invoice(EventType.INVOICE_PAID, "78", "2026-11-26T10:00:00Z"));

        assertThat(exception("duplicate-invoicing:account.analytic.line/1")
                        .orElseThrow()
                        .version())
                .isEqualTo(version);
    }

    private static BusinessEvent fromTimeTool(String line, double hours, String time) {
        return new BusinessEvent(
                "timetracker://acme",
                "approval-" + line + "-" + time,
                EventType.TIMESHEET_APPROVED,
                at(time),
                ObjectRef.parse("account.analytic.line/" + line).orElseThrow(),
                null,
                new EventFacts("acme", "212", "consulting", hours, hours * 120, null),
                "timetracker",
                RECEIVED);
    }

    private static BusinessEvent odooSnapshot(String line, double hours, String invoice, String time) {
        return subject(
                EventType.TIMESHEET_INVOICED,
                "account.analytic.line/" + line,
                time,
                new EventFacts(null, "212", null, hours, null, new ObjectRef("account.move", invoice)));
    }

    @Test
    void hoursThatDifferBetweenTheTimeToolAndOdooAreAMismatchUntilCorrected() {
        apply(
                invoice(EventType.INVOICE_POSTED, "77", "2026-11-23T11:00:00Z"),
                fromTimeTool("1", 7.5, "2026-11-23T09:00:00Z"),
                odooSnapshot("1", 6.0, "77", "2026-11-23T10:00:00Z"));

        ExceptionRecord mismatch =
                exception("hours-mismatch:account.analytic.line/1").orElseThrow();
        assertThat(mismatch.status()).isEqualTo(ExceptionStatus.OPEN);
        assertThat(mismatch.hours()).isEqualTo(1.5);
        assertThat(mismatch.amount()).isEqualTo(180.0); // 1.5 h at the line's 120 an hour
        assertThat(mismatch.openedAt()).isEqualTo(at("2026-11-23T10:00:00Z"));
        assertThat(mismatch.summary()).contains("7.5 h in timetracker://acme but 6 h in Odoo (odoo/test)");

        apply(odooSnapshot("1", 7.5, "77", "2026-11-23T12:00:00Z")); // corrected in Odoo
        assertThat(statuses()).containsEntry("hours-mismatch:account.analytic.line/1", ExceptionStatus.RESOLVED);
    }

    @Test
    void hoursSaidByOneSideOnlyOrEqualWithinRoundingOrChangedInOdooAloneAreNoMismatch() {
        apply(
                invoice(EventType.INVOICE_POSTED, "77", "2026-11-23T11:00:00Z"),
                fromTimeTool("1", 7.5, "2026-11-23T09:00:00Z"), // Odoo has not spoken yet
                fromTimeTool("2", 7.5, "2026-11-23T09:00:00Z"),
                odooSnapshot("2", 7.505, "77", "2026-11-23T10:00:00Z"), // rounding
                odooSnapshot("3", 8.0, "77", "2026-11-23T10:00:00Z"),
                odooSnapshot("3", 6.0, "77", "2026-11-23T10:30:00Z"), // edited in Odoo only
                fromTimeTool("4", 5.0, "2026-11-23T09:00:00Z"),
                fromTimeTool("4", 4.0, "2026-11-23T09:30:00Z"),
                odooSnapshot("4", 4.0, "77", "2026-11-23T10:00:00Z")); // the tool's correction is what Odoo has

        assertThat(statuses().keySet()).noneMatch(id -> id.startsWith("hours-mismatch:"));
    }

    @Test
    void aLineReferringToAnInvoiceNoEventWasEverAboutIsAnUnknownReferenceAfterTheGrace() {
        apply(approved("1", "2026-11-23T09:00:00Z"), invoiced("1", "404", "2026-11-23T10:00:00Z"));
        // The references arrived at RECEIVED; the grace of 24 hours runs from there.
        engine.advance(RECEIVED.plus(Duration.ofHours(24)).minusSeconds(1));
        assertThat(statuses()).doesNotContainKey("unknown-reference:account.analytic.line/1");

        engine.advance(RECEIVED.plus(Duration.ofHours(24)));
        ExceptionRecord unknown =
                exception("unknown-reference:account.analytic.line/1").orElseThrow();
        assertThat(unknown.status()).isEqualTo(ExceptionStatus.OPEN);
        assertThat(unknown.summary()).contains("refers to account.move/404 (invoice)", "within PT24H");
        assertThat(unknown.hours()).isEqualTo(7.5);

        apply(invoice(EventType.INVOICE_POSTED, "404", "2026-11-25T10:00:00Z"));
        assertThat(statuses()).containsEntry("unknown-reference:account.analytic.line/1", ExceptionStatus.RESOLVED);
    }

    @Test
    void referencesToKnownObjectsClearedReferencesAndDeliveriesAreNoUnknownReference() {
        apply(
                invoice(EventType.INVOICE_POSTED, "77", "2026-11-23T08:00:00Z"),
                approved("1", "2026-11-23T09:00:00Z"),
                invoiced("1", "77", "2026-11-23T10:00:00Z"),
                invoiced("2", "404", "2026-11-23T10:00:00Z"),
                uninvoiced("2", "2026-11-23T11:00:00Z"),
                delivered("msg-1", "account.move/405", "2026-11-23T10:00:00Z"));
        engine.advance(RECEIVED.plus(Duration.ofDays(3)));

        assertThat(statuses().keySet()).noneMatch(id -> id.startsWith("unknown-reference:"));
    }
}
