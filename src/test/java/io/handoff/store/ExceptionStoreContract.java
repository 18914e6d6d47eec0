package io.handoff.store;

import static io.handoff.store.StoreFixtures.exception;
import static io.handoff.testing.Events.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.reconcile.ExceptionQuery;
import io.handoff.reconcile.ExceptionRecord;
import io.handoff.reconcile.ExceptionStatus;
import io.handoff.reconcile.Severity;
import io.handoff.record.Page;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every store must do with exceptions ({@link io.handoff.reconcile.ExceptionStore}). Run against every adapter through {@link StoreContract}: the
 * store is fresh and empty in each test, and {@code flush()} makes what was handed over visible.
 */
public interface ExceptionStoreContract {
    Store store();

    @Test
    default void eachOpenExceptionVisitsTheOpenOnesUntilTold() {
        store().saveExceptions(List.of(
                exception("e1", ExceptionStatus.OPEN, "acme", "2026-11-23T09:00:00Z", 1),
                exception("e2", ExceptionStatus.OPEN, "globex", "2026-11-23T10:00:00Z", 1),
                exception("e3", ExceptionStatus.RESOLVED, "acme", "2026-11-23T11:00:00Z", 1)));
        store().flush();

        List<String> all = new ArrayList<>();
        store().eachOpenException(e -> all.add(e.id()));
        List<String> first = new ArrayList<>();
        store().eachOpenException(e -> !first.add(e.id()));

        assertThat(all).containsExactlyInAnyOrder("e1", "e2");
        assertThat(first).hasSize(1);
    }

    @Test
    default void eachUnresolvedExceptionVisitsTheOpenAndTheAcknowledgedUntilTold() {
        store().saveExceptions(List.of(
                exception("e1", ExceptionStatus.OPEN, "acme", "2026-11-23T09:00:00Z", 1),
                exception("e2", ExceptionStatus.ACKNOWLEDGED, "globex", "2026-11-23T10:00:00Z", 1),
                exception("e3", ExceptionStatus.RESOLVED, "acme", "2026-11-23T11:00:00Z", 1)));
        store().flush();

        List<String> all = new ArrayList<>();
        store().eachUnresolvedException(e -> all.add(e.id()));
        List<String> first = new ArrayList<>();
        store().eachUnresolvedException(e -> !first.add(e.id()));

        assertThat(all).containsExactly("e1", "e2");
        assertThat(first).containsExactly("e1");
    }

    @Test
    default void exceptionsKeepTheNewestVersionAndFilterByStatusAndOwner() {
        store().saveExceptions(List.of(
                exception("sla-breach:a:1", ExceptionStatus.OPEN, "acme", "2026-11-20T00:00:00Z", 1),
                exception("sla-breach:a:2", ExceptionStatus.OPEN, "globex", "2026-11-21T00:00:00Z", 1),
                exception("sla-breach:a:3", ExceptionStatus.OPEN, "acme", "2026-11-22T00:00:00Z", 1)));
        store().saveExceptions(List.of(
                exception("sla-breach:a:3", ExceptionStatus.RESOLVED, "acme", "2026-11-22T00:00:00Z", 2)));
        store().saveExceptions(List.of(
                exception("sla-breach:a:1", ExceptionStatus.RESOLVED, "acme", "2026-11-20T00:00:00Z", 0)));
        store().flush();

        assertThat(store().exception("sla-breach:a:3"))
                .hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(ExceptionStatus.RESOLVED));
        assertThat(store().exception("sla-breach:a:1"))
                .hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(ExceptionStatus.OPEN));
        Page<ExceptionRecord> open =
                store().searchExceptions(new ExceptionQuery(null, ExceptionStatus.OPEN, null, null, null, 10, null));
        assertThat(open.items()).extracting(ExceptionRecord::id).containsExactly("sla-breach:a:2", "sla-breach:a:1");
        Page<ExceptionRecord> acme =
                store().searchExceptions(new ExceptionQuery("sla-breach", null, "acme", null, null, 1, null));
        assertThat(acme.items()).extracting(ExceptionRecord::id).containsExactly("sla-breach:a:3");
        assertThat(acme.total()).isEqualTo(2);
        Page<ExceptionRecord> second =
                store().searchExceptions(new ExceptionQuery("sla-breach", null, "acme", null, null, 1, acme.next()));
        assertThat(second.items()).extracting(ExceptionRecord::id).containsExactly("sla-breach:a:1");
    }

    @Test
    default void anExceptionRoundTripsWithItsAcknowledgementAndEvidence() {
        ExceptionRecord e = new ExceptionRecord(
                "duplicate-invoicing:account.analytic.line/7",
                "duplicate-invoicing",
                Severity.CRITICAL,
                ExceptionStatus.ACKNOWLEDGED,
                null,
                "account.analytic.line/7",
                "acme",
                "212",
                "consulting",
                7.5,
                900.0,
                at("2026-11-20T00:00:00Z"),
                null,
                at("2026-11-21T00:00:00Z"),
                "on two invoices",
                3,
                new ExceptionRecord.Acknowledgement("ops", at("2026-11-21T00:00:00Z"), "credit note on its way"),
                List.of(
                        new ExceptionRecord.Evidence(
                                "account.analytic.line/7",
                                "odoo/odoo-prod",
                                "account.analytic.line/7@2026-11-19 10:00:00#timesheet.invoiced",
                                "timesheet.invoiced",
                                at("2026-11-19T10:00:00.123456Z")),
                        new ExceptionRecord.Evidence(
                                "account.move/77",
                                "odoo/odoo-prod",
                                "account.move/77@2026-11-19 11:00:00#invoice.posted",
                                "invoice.posted",
                                at("2026-11-19T11:00:00Z"))),
                "Maria Keller",
                at("2026-12-03T07:00:00Z"),
                List.of(
                        new ExceptionRecord.Activity(
                                "opened",
                                ExceptionRecord.Activity.HANDOFF,
                                at("2026-11-20T00:00:00Z"),
                                "on two invoices"),
                        new ExceptionRecord.Activity(
                                "notified", ExceptionRecord.Activity.HANDOFF, at("2026-11-20T00:00:01.5Z"), "to leads"),
                        new ExceptionRecord.Activity("assigned", "ops", at("2026-11-21T00:00:00Z"), "Maria Keller"),
                        new ExceptionRecord.Activity("acknowledged", "ops", at("2026-11-21T00:00:00Z"), null)));
        store().saveExceptions(List.of(e));
        store().flush();

        assertThat(store().exception(e.id())).hasValue(e);
    }
}
