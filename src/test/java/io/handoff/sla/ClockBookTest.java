package io.handoff.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The clock books alone, fed start and stop instants by hand. */
class ClockBookTest {
    private static final SlaDefinition FIVE_DAYS = approvedToInvoice("approved-to-invoice", Duration.ofDays(5));
    private static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

    private static SlaDefinition approvedToInvoice(String id, Duration target) {
        return new SlaDefinition(
                id,
                "",
                io.handoff.event.EventType.TIMESHEET_APPROVED,
                io.handoff.event.EventType.INVOICE_POSTED,
                Join.SAME,
                io.handoff.event.EventType.INVOICE_CANCELLED,
                target,
                WorkingTime.CALENDAR,
                0.95,
                0.8);
    }

    private final ClockBook books = new ClockBook(new SlaCatalog(List.of(FIVE_DAYS)));
    private final Told told = new Told();

    /** Inputs that can be changed between evaluations. */
    private static final class Given implements ClockBook.Inputs {
        Instant start = START;
        Instant stop;

        @Override
        public Instant start(SlaDefinition sla) {
            return start;
        }

        @Override
        public Instant stop(SlaDefinition sla) {
            return stop;
        }
    }

    private static final class Told implements ClockBook.Reports {
        final List<String> lines = new ArrayList<>();
        final List<String> decisions = new ArrayList<>();

        @Override
        public void openClockMoved(
                SlaDefinition sla, String fromGroup, ClockState from, String toGroup, ClockState to) {
            lines.add("open " + from + "->" + to);
        }

        @Override
        public void outcome(SlaDefinition sla, String group, Outcome outcome, SlaClock clock) {
            lines.add("outcome " + outcome);
        }

        @Override
        public void outcomeRevised(SlaDefinition sla, String group, Outcome from, Outcome to) {
            lines.add("revised " + from + "->" + to);
        }

        @Override
        public void stopped(SlaDefinition sla, String group, SlaClock clock) {
            lines.add("stopped " + clock.elapsed());
        }

        @Override
        public void stopVoided(SlaDefinition sla, String group, Duration elapsed) {
            lines.add("voided " + elapsed + " in " + group);
        }

        @Override
        public void decided(SlaDefinition sla, String group, Outcome outcome, Instant at) {
            decisions.add(outcome + (at == null ? "" : " at " + at));
        }
    }

    private Map<ClockState, Long> open() {
        return books.tallies().get(0).open();
    }

    @Test
    void eachThingIsToldOnceAndAVoidedStopReopensTheOutcome() {
        FlowClocks clocks = books.newClocks();
        Given given = new Given();

        assertThat(books.evaluate("f", clocks, given, "g", START, told)).isTrue();
        assertThat(books.evaluate("f", clocks, given, "g", START.plusSeconds(60), told))
                .as("nothing moved")
                .isFalse();
        given.stop = START.plus(Duration.ofDays(1));
        books.evaluate("f", clocks, given, "g", START.plus(Duration.ofDays(2)), told);
        books.evaluate("f", clocks, given, "g", START.plus(Duration.ofDays(2)), told);
        given.stop = null; // the invoice was cancelled
        books.evaluate("f", clocks, given, "g", START.plus(Duration.ofDays(6)), told);

        assertThat(told.lines)
                .containsExactly(
                        "open null->ON_TRACK",
                        "open ON_TRACK->null",
                        "outcome MET",
                        "stopped PT24H",
                        "open null->BREACHED",
                        "revised MET->OPEN",
                        "outcome BREACHED",
                        "voided PT24H in g");
        assertThat(told.decisions)
                .as("met at the stop, then (voided after the due time) breached at the due time")
                .containsExactly("MET at 2026-11-03T09:00:00Z", "BREACHED at 2026-11-07T09:00:00Z");
        SlaTally tally = books.tallies().get(0);
        assertThat(tally.met()).isZero();
        assertThat(tally.breached()).isEqualTo(1);
        assertThat(tally.revisions()).isEqualTo(1);
        assertThat(open()).containsEntry(ClockState.BREACHED, 1L);
    }

    @Test
    void anEarlierStopArrivingLateReplacesTheObservedLatency() {
        FlowClocks clocks = books.newClocks();
        Given given = new Given();
        given.stop = START.plus(Duration.ofDays(2));
        books.evaluate("f", clocks, given, "g", START.plus(Duration.ofDays(3)), told);
        given.stop = START.plus(Duration.ofDays(1));
        books.evaluate("f", clocks, given, "h", START.plus(Duration.ofDays(3)), told);
        books.evaluate("f", clocks, given, "h", START.plus(Duration.ofDays(4)), told);

        assertThat(told.lines)
                .containsExactly("outcome MET", "stopped PT48H", "voided PT48H in g", "stopped PT24H")
                .as("one outcome: still met");
        assertThat(told.decisions).containsExactly("MET at 2026-11-04T09:00:00Z", "MET at 2026-11-03T09:00:00Z");
    }

    @Test
    void aStopVoidedBeforeTheDueTimeWithdrawsTheDecision() {
        FlowClocks clocks = books.newClocks();
        Given given = new Given();
        given.stop = START.plus(Duration.ofDays(1));
        books.evaluate("f", clocks, given, "g", START.plus(Duration.ofDays(2)), told);
        given.stop = null;
        books.evaluate("f", clocks, given, "g", START.plus(Duration.ofDays(2)), told);
        given.stop = START.plus(Duration.ofDays(3));
        books.evaluate("f", clocks, given, "g", START.plus(Duration.ofDays(3)), told);

        assertThat(told.decisions)
                .containsExactly("MET at 2026-11-03T09:00:00Z", "OPEN", "MET at 2026-11-05T09:00:00Z");
    }

    @Test
    void theNextLookIsScheduledForTheAtRiskPointThenTheDueTime() {
        FlowClocks clocks = books.newClocks();
        books.evaluate("f", clocks, new Given(), "g", START, told);

        Instant atRisk = START.plus(Duration.ofDays(4)); // 80 % of five days
        assertThat(books.nextDue()).contains(atRisk);
        assertThat(books.takeDue(atRisk.minusMillis(1))).isEmpty();
        assertThat(books.takeDue(atRisk)).containsExactly("f");
        books.evaluate("f", clocks, new Given(), "g", atRisk, told);
        assertThat(books.nextDue()).contains(START.plus(Duration.ofDays(5)));
        assertThat(open()).containsEntry(ClockState.AT_RISK, 1L);
    }

    @Test
    void releasedClocksLeaveTheOpenCounts() {
        FlowClocks clocks = books.newClocks();
        books.evaluate("f", clocks, new Given(), "g", START, told);
        assertThat(clocks.hasOpenClock()).isTrue();

        books.release(clocks, told);

        assertThat(clocks.hasOpenClock()).isFalse();
        assertThat(open()).containsEntry(ClockState.ON_TRACK, 0L);
    }

    @Test
    void marksCarryAClockToOtherBooksWithoutTellingItsOutcomeTwice() {
        FlowClocks clocks = books.newClocks();
        Given given = new Given();
        books.evaluate("f", clocks, given, "g", START.plus(Duration.ofDays(6)), told);
        List<ClockMark> marks = books.marks(clocks);

        ClockBook elsewhere = new ClockBook(new SlaCatalog(List.of(FIVE_DAYS)));
        Told toldThere = new Told();
        FlowClocks adopted = elsewhere.newClocks();
        elsewhere.adopt(adopted, marks, toldThere);
        elsewhere.evaluate("f", adopted, given, "g", START.plus(Duration.ofDays(6)), toldThere);
        assertThat(toldThere.lines).containsExactly("open null->BREACHED");
        assertThat(elsewhere.tallies().get(0).open()).containsEntry(ClockState.BREACHED, 1L);

        given.stop = START.plus(Duration.ofDays(7));
        elsewhere.evaluate("f", adopted, given, "g", START.plus(Duration.ofDays(7)), toldThere);
        assertThat(toldThere.lines).containsExactly("open null->BREACHED", "open BREACHED->null", "stopped PT168H");
        assertThat(elsewhere.marks(adopted))
                .singleElement()
                .satisfies(mark -> assertThat(mark.outcome()).isEqualTo(Outcome.BREACHED));
    }

    @Test
    void aFlowsOneClockIsKeptUnderItsOwnSlaAndASecondJoinsIt() {
        SlaDefinition tenDays = approvedToInvoice("approved-to-invoice-10d", Duration.ofDays(10));
        ClockBook two = new ClockBook(new SlaCatalog(List.of(FIVE_DAYS, tenDays)));
        ClockBook.Inputs onlySecond = new ClockBook.Inputs() {
            @Override
            public Instant start(SlaDefinition sla) {
                return sla == tenDays ? START : null;
            }

            @Override
            public Instant stop(SlaDefinition sla) {
                return null;
            }
        };
        FlowClocks clocks = two.newClocks();
        Instant now = START.plus(Duration.ofDays(6)); // past five days, within ten
        two.evaluate("f", clocks, onlySecond, "g", now, told);
        assertThat(two.marks(clocks)).singleElement().satisfies(mark -> {
            assertThat(mark.sla()).isEqualTo(tenDays.id());
            assertThat(mark.openState()).isEqualTo(ClockState.ON_TRACK);
        });
        assertThat(two.clocks(clocks, now)).extracting(SlaClock::sla).containsExactly(tenDays.id());
        assertThat(two.tallies().get(0).open()).containsEntry(ClockState.ON_TRACK, 0L);
        assertThat(two.tallies().get(1).open()).containsEntry(ClockState.ON_TRACK, 1L);

        two.evaluate("f", clocks, new Given(), "g", now, told); // the first SLA's clock starts too: breached
        assertThat(two.marks(clocks)).extracting(ClockMark::sla).containsExactly(FIVE_DAYS.id(), tenDays.id());
        assertThat(two.tallies().get(0).open()).containsEntry(ClockState.BREACHED, 1L);

        two.release(clocks, told);
        assertThat(two.marks(clocks)).isEmpty();
        assertThat(two.tallies().get(0).open()).containsEntry(ClockState.BREACHED, 0L);
        assertThat(two.tallies().get(1).open()).containsEntry(ClockState.ON_TRACK, 0L);
    }

    @Test
    void marksOfAnSlaNoLongerDeclaredAreDropped() {
        FlowClocks clocks = books.newClocks();
        books.evaluate("f", clocks, new Given(), "g", START, told);

        ClockBook without = new ClockBook(new SlaCatalog(List.of()));
        FlowClocks adopted = without.newClocks();
        without.adopt(adopted, books.marks(clocks), told);

        assertThat(adopted.hasOpenClock()).isFalse();
        assertThat(without.marks(adopted)).isEmpty();
    }
}
