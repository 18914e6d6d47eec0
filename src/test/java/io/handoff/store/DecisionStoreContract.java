package io.handoff.store;

import static io.handoff.testing.Events.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.sla.Outcome;
import io.handoff.slo.ClockDecision;
import io.handoff.slo.Contributor;
import io.handoff.slo.WindowTally;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every store must do with clock decisions ({@link io.handoff.slo.DecisionStore}). Run against every adapter
 * through {@link StoreContract}: the store is fresh and empty in each test, and {@code flush()} makes what was handed
 * over visible.
 */
public interface DecisionStoreContract {
    Store store();

    private static ClockDecision decision(String flow, Outcome outcome, String at, Double hours, long version) {
        return new ClockDecision(
                "approved-to-invoice",
                flow,
                outcome,
                at == null ? null : at(at),
                "consulting",
                "acme",
                "212",
                hours,
                hours == null ? null : hours * 120,
                version);
    }

    @Test
    default void aWindowCountsTheDecisionsInForceFromItsStartUpToItsEnd() {
        store().saveDecisions(List.of(
                decision("line/1", Outcome.MET, "2026-11-01T00:00:00Z", 7.5, 1), // on the start: in
                decision("line/2", Outcome.BREACHED, "2026-11-15T09:00:00.000001Z", 2.0, 1),
                decision("line/3", Outcome.MET, "2026-12-01T00:00:00Z", 1.0, 1), // on the end: out
                decision("line/4", Outcome.BREACHED, "2026-10-31T23:59:59.999999Z", 1.0, 1), // before: out
                decision("line/5", Outcome.MET, "2026-11-20T00:00:00Z", null, 1))); // nothing at stake known
        store().saveDecisions(List.of(new ClockDecision(
                "invoice-to-payment",
                "move/9",
                Outcome.BREACHED,
                at("2026-11-10T00:00:00Z"),
                null,
                null,
                null,
                null,
                500.0,
                1)));
        store().flush();

        WindowTally november =
                store().tally("approved-to-invoice", at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"));

        assertThat(november).isEqualTo(new WindowTally(2, 1, 9.5, 2.0, 9.5 * 120, 240.0));
        assertThat(store().tally("invoice-to-payment", at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z")))
                .isEqualTo(new WindowTally(0, 1, 0, 0, 500, 500));
        assertThat(store().tally("nope", at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z")))
                .isEqualTo(WindowTally.NONE);
    }

    @Test
    default void theNewestDecisionOfAClockWinsAndAWithdrawnOneCountsNowhere() {
        Instant from = at("2026-11-01T00:00:00Z");
        Instant to = at("2026-12-01T00:00:00Z");
        store().saveDecisions(List.of(decision("line/1", Outcome.MET, "2026-11-03T00:00:00Z", 1.0, 2)));
        store().saveDecisions(List.of(decision("line/1", Outcome.BREACHED, "2026-11-04T00:00:00Z", 1.0, 1))); // older
        store().saveDecisions(List.of(decision("line/2", Outcome.MET, "2026-11-05T00:00:00Z", 1.0, 1)));
        store().saveDecisions(List.of(decision("line/2", Outcome.OPEN, null, 1.0, 2))); // its invoice was cancelled
        store().saveDecisions(List.of(decision("line/3", Outcome.MET, "2026-11-06T00:00:00Z", 1.0, 1)));
        store().saveDecisions(List.of(decision("line/3", Outcome.BREACHED, "2026-10-30T00:00:00Z", 1.0, 5)));
        store().flush();

        assertThat(store().tally("approved-to-invoice", from, to)).isEqualTo(new WindowTally(1, 0, 1, 0, 120, 0));
        assertThat(store().tally("approved-to-invoice", at("2026-10-01T00:00:00Z"), from))
                .as("a revision moves the clock to the window of its new decision")
                .isEqualTo(new WindowTally(0, 1, 1, 1, 120, 120));
    }

    @Test
    default void contributorsAreTheBreachedClocksAddedUpMostBreachedFirst() {
        Instant from = at("2026-11-01T00:00:00Z");
        Instant to = at("2026-12-01T00:00:00Z");
        store().saveDecisions(List.of(
                new ClockDecision(
                        "approved-to-invoice",
                        "line/1",
                        Outcome.BREACHED,
                        at("2026-11-02T00:00:00Z"),
                        "data",
                        "globex",
                        "7",
                        2.0,
                        200.0,
                        1),
                new ClockDecision(
                        "approved-to-invoice",
                        "line/2",
                        Outcome.BREACHED,
                        at("2026-11-03T00:00:00Z"),
                        "data",
                        "acme",
                        "7",
                        3.0,
                        300.0,
                        1),
                new ClockDecision(
                        "approved-to-invoice",
                        "line/3",
                        Outcome.BREACHED,
                        at("2026-11-04T00:00:00Z"),
                        "cloud",
                        "acme",
                        "8",
                        4.0,
                        null,
                        1),
                new ClockDecision(
                        "approved-to-invoice",
                        "line/4",
                        Outcome.BREACHED,
                        at("2026-11-05T00:00:00Z"),
                        "cloud",
                        null,
                        "8",
                        null,
                        null,
                        1),
                new ClockDecision(
                        "approved-to-invoice",
                        "line/5",
                        Outcome.MET,
                        at("2026-11-05T00:00:00Z"),
                        "cloud",
                        "initech",
                        "9",
                        9.0,
                        900.0,
                        1),
                new ClockDecision(
                        "approved-to-invoice",
                        "line/6",
                        Outcome.BREACHED,
                        at("2026-10-05T00:00:00Z"),
                        "cloud",
                        "initech",
                        "9",
                        9.0,
                        900.0,
                        1),
                new ClockDecision(
                        "invoice-to-payment",
                        "move/1",
                        Outcome.BREACHED,
                        at("2026-11-05T00:00:00Z"),
                        "cloud",
                        "initech",
                        "9",
                        9.0,
                        900.0,
                        1)));
        store().flush();

        assertThat(store().contributors("approved-to-invoice", from, to, Contributor.By.CLIENT, 10))
                .containsExactly(
                        new Contributor("acme", 2, 7.0, 300.0),
                        new Contributor(Contributor.NONE, 1, 0, 0),
                        new Contributor("globex", 1, 2.0, 200.0));
        assertThat(store().contributors("approved-to-invoice", from, to, Contributor.By.PROJECT, 1))
                .containsExactly(new Contributor("7", 2, 5.0, 500.0));
        assertThat(store().contributors("approved-to-invoice", from, to, Contributor.By.FLOW, 10))
                .extracting(Contributor::key)
                .containsExactly("line/1", "line/2", "line/3", "line/4");
        assertThat(store().contributors("approved-to-invoice", from, to, Contributor.By.GROUP, 10))
                .containsExactly(new Contributor("cloud", 2, 4.0, 0), new Contributor("data", 2, 5.0, 500.0));
    }
}
