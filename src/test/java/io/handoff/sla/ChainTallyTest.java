package io.handoff.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChainTallyTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final SlaDefinition TO_INVOICE = sla(
            "approved-to-invoice",
            EventType.TIMESHEET_APPROVED,
            EventType.INVOICE_POSTED,
            new Join(Join.Kind.LINK, "invoice"));
    private static final SlaDefinition TO_PAYMENT =
            sla("invoice-to-payment", EventType.INVOICE_POSTED, EventType.INVOICE_PAID, Join.SAME);
    private static final Chain CHAIN =
            new Chain("project-to-cash", "approved to paid", List.of(TO_INVOICE, TO_PAYMENT));

    @Test
    void instancesOwningPartsOfTheFlowsAddUpToWhatOneInstanceHoldingEveryFlowReports() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<ChainClock> all = new ArrayList<>();
            int flows = random.nextInt(60);
            for (int i = 0; i < flows; i++) {
                all.add(clock(random));
            }
            int instances = 1 + random.nextInt(4);
            List<List<ChainClock>> owned = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                owned.add(new ArrayList<>());
            }
            all.forEach(c -> owned.get(random.nextInt(instances)).add(c));
            List<List<ChainTally>> elsewhere = new ArrayList<>();
            for (int i = 1; i < instances; i++) {
                elsewhere.add(List.of(ChainTally.of(CHAIN, owned.get(i), NOW)));
            }

            List<ChainTally> group =
                    ChainTally.together(List.of(ChainTally.of(CHAIN, owned.get(0), NOW)), elsewhere, t -> {
                        throw new AssertionError("left out: " + t);
                    });

            assertThat(group).hasSize(1);
            assertThat(group.get(0).report())
                    .as("round %d, %d instances", round, instances)
                    .isEqualTo(alone(all));
        }
    }

    @Test
    void theReportIsTheMeanTheNearestRankNinetiethPercentileAndEachStagesShare() {
        List<ChainClock> clocks = new ArrayList<>();
        // Ten completed chains of 1..10 hours, each 1/4 invoicing and 3/4 payment; two still open.
        for (int h = 1; h <= 10; h++) {
            Instant start = NOW.minus(Duration.ofDays(20));
            Instant posted = start.plus(Duration.ofMinutes(15L * h));
            Instant paid = start.plus(Duration.ofHours(h));
            clocks.add(new ChainClock(
                    CHAIN.id(),
                    start,
                    paid,
                    List.of(
                            new ChainClock.Stage(TO_INVOICE.id(), "line", start, posted),
                            new ChainClock.Stage(TO_PAYMENT.id(), "move", posted, paid))));
        }
        clocks.add(open(NOW.minus(Duration.ofHours(3))));
        clocks.add(open(NOW.minus(Duration.ofHours(1))));

        ChainReport report = ChainTally.of(CHAIN, clocks, NOW).report();

        assertThat(report.completed()).isEqualTo(10);
        assertThat(report.open()).isEqualTo(2);
        assertThat(report.meanSeconds()).isEqualTo(5.5 * 3600);
        assertThat(report.p90Seconds()).isEqualTo(9 * 3600.0);
        assertThat(report.stages())
                .containsExactly(
                        new ChainReport.StageShare(TO_INVOICE.id(), 5.5 * 900, 0.25),
                        new ChainReport.StageShare(TO_PAYMENT.id(), 5.5 * 2700, 0.75));
        assertThat(ChainTally.of(CHAIN, List.of(open(NOW)), NOW).report())
                .isEqualTo(new ChainReport(
                        CHAIN.id(),
                        CHAIN.description(),
                        0,
                        1,
                        null,
                        null,
                        List.of(
                                new ChainReport.StageShare(TO_INVOICE.id(), null, null),
                                new ChainReport.StageShare(TO_PAYMENT.id(), null, null))));
    }

    @Test
    void aTallyCrossesTheWireBetweenInstancesUnchanged() throws Exception {
        Random random = new Random(11);
        List<ChainClock> clocks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            clocks.add(clock(random));
        }
        ChainTally tally = ChainTally.of(CHAIN, clocks, NOW);
        ObjectMapper json = new ObjectMapper();

        ChainTally read = json.readValue(json.writeValueAsBytes(tally), ChainTally.class);

        assertThat(read).isEqualTo(tally);
        assertThat(read.report()).isEqualTo(tally.report());
    }

    @Test
    void chainsDeclaredDifferentlyOnTwoInstancesAreNotAddedUp() {
        Chain other = new Chain(
                CHAIN.id(),
                "",
                List.of(
                        TO_INVOICE,
                        TO_PAYMENT,
                        sla("paid-to-closed", EventType.INVOICE_PAID, EventType.INVOICE_CANCELLED, Join.SAME)));
        ChainTally here = ChainTally.of(CHAIN, List.of(), NOW);
        ChainTally there = ChainTally.of(other, List.of(), NOW);

        assertThatThrownBy(() -> here.plus(there))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("configurations differ");
        List<ChainTally> leftOut = new ArrayList<>();
        assertThat(ChainTally.together(List.of(here), List.of(List.of(there)), leftOut::add))
                .containsExactly(here);
        assertThat(leftOut).containsExactly(there);
    }

    private static ChainReport alone(List<ChainClock> all) {
        return ChainTally.of(CHAIN, all, NOW).report();
    }

    private static ChainClock clock(Random random) {
        Instant start = NOW.minus(Duration.ofSeconds(1 + random.nextInt(40 * 86_400)));
        Instant posted = start.plusMillis(random.nextInt(5 * 86_400_000));
        if (random.nextInt(4) == 0 || !posted.isBefore(NOW)) {
            return open(start);
        }
        Instant paid = posted.plusMillis(random.nextInt(10 * 86_400_000));
        if (random.nextInt(3) == 0 || !paid.isBefore(NOW)) {
            return new ChainClock(
                    CHAIN.id(),
                    start,
                    null,
                    List.of(
                            new ChainClock.Stage(TO_INVOICE.id(), "line", start, posted),
                            new ChainClock.Stage(TO_PAYMENT.id(), "move", posted, null)));
        }
        // Ties on purpose now and then: equal end-to-end times from different instances.
        if (random.nextInt(5) == 0) {
            paid = start.plus(Duration.ofHours(6));
            posted = start.plus(Duration.ofHours(2));
        }
        return new ChainClock(
                CHAIN.id(),
                start,
                paid,
                List.of(
                        new ChainClock.Stage(TO_INVOICE.id(), "line", start, posted),
                        new ChainClock.Stage(TO_PAYMENT.id(), "move", posted, paid)));
    }

    private static ChainClock open(Instant start) {
        return new ChainClock(
                CHAIN.id(), start, null, List.of(new ChainClock.Stage(TO_INVOICE.id(), "line", start, null)));
    }

    private static SlaDefinition sla(String id, EventType starts, EventType stops, Join join) {
        return new SlaDefinition(id, "", starts, stops, join, null, Duration.ofDays(3), WorkingTime.CALENDAR, 0.9, 0.8);
    }
}
