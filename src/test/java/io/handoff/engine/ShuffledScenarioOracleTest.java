package io.handoff.engine;

import static io.handoff.testing.Events.approved;
import static io.handoff.testing.Events.at;
import static io.handoff.testing.Events.invoice;
import static io.handoff.testing.Events.invoiced;
import static io.handoff.testing.Events.uninvoiced;
import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.event.BusinessEvent;
import io.handoff.event.EventType;
import io.handoff.sla.BusinessCalendar;
import io.handoff.sla.ClockState;
import io.handoff.sla.Join;
import io.handoff.sla.Maintenance;
import io.handoff.sla.MaintenanceMode;
import io.handoff.sla.MaintenanceWindow;
import io.handoff.sla.Outcome;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaClock;
import io.handoff.sla.SlaDefinition;
import io.handoff.store.spill.DiskFlowSpill;
import io.handoff.testing.MinuteClock;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every clock of a scenario with a cancelled invoice, re-invoicing, an unlinked line and a re-posted invoice,
 * across the end of summer time in Berlin (Sunday 25 October 2026, 03:00 CEST becomes 02:00 CET), in working
 * time of two calendars, against an oracle written here: start, stop, due, at-risk point, elapsed and state per
 * clock, whatever the arrival order. The oracle knows the business rules and counts working time minute by
 * minute on the wall clock; it shares no code with the engine or {@link BusinessCalendar}.
 */
class ShuffledScenarioOracleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant NOW = at("2026-11-02T12:00:00Z");

    /** Office hours Monday to Friday 09:00-17:00, Friday 30 October a firm holiday: two working days. */
    private static final BusinessCalendar OFFICE = new BusinessCalendar(
            "office",
            BERLIN,
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
            LocalTime.of(9, 0),
            LocalTime.of(17, 0),
            Set.of(LocalDate.parse("2026-10-30")));
    /** A support desk every day 00:00-23:00: the night of the change to winter time has an hour more of it. */
    private static final BusinessCalendar DESK = new BusinessCalendar(
            "desk", BERLIN, EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.of(23, 0), Set.of());

    private static final SlaDefinition BY_OFFICE = new SlaDefinition(
            "approved-to-invoice",
            "",
            EventType.TIMESHEET_APPROVED,
            EventType.INVOICE_POSTED,
            new Join(Join.Kind.LINK, "invoice"),
            EventType.INVOICE_CANCELLED,
            Duration.ofHours(16),
            OFFICE,
            0.95,
            0.8);
    private static final SlaDefinition BY_DESK = new SlaDefinition(
            "approved-to-invoice-desk",
            "",
            EventType.TIMESHEET_APPROVED,
            EventType.INVOICE_POSTED,
            new Join(Join.Kind.LINK, "invoice"),
            EventType.INVOICE_CANCELLED,
            Duration.ofHours(60),
            DESK,
            0.95,
            0.8);

    private static final List<BusinessEvent> SCENARIO = List.of(
            // line 1: on A, A posted then cancelled, re-invoiced on B, B posted
            approved("1", "2026-10-22T14:00:00Z"),
            approved("1", "2026-10-23T08:00:00Z"), // a later snapshot still approved: the clock starts at the first
            invoiced("1", "A", "2026-10-26T08:00:00Z"),
            invoice(EventType.INVOICE_POSTED, "A", "2026-10-26T10:00:00Z"),
            invoice(EventType.INVOICE_CANCELLED, "A", "2026-10-27T09:00:00Z"),
            invoiced("1", "B", "2026-10-27T12:00:00Z"),
            invoice(EventType.INVOICE_POSTED, "B", "2026-10-28T10:30:00Z"),
            // line 2: left on the cancelled A: open again
            approved("2", "2026-10-23T13:15:00Z"),
            invoiced("2", "A", "2026-10-26T08:00:00Z"),
            // line 3: invoiced the same afternoon
            approved("3", "2026-10-23T07:00:00Z"),
            invoiced("3", "C", "2026-10-23T14:00:00Z"),
            invoice(EventType.INVOICE_POSTED, "C", "2026-10-23T14:30:00Z"),
            // line 4: on D, taken off before D is posted, invoiced on E
            approved("4", "2026-10-26T09:00:00Z"),
            invoiced("4", "D", "2026-10-27T08:00:00Z"),
            uninvoiced("4", "2026-10-27T08:30:00Z"),
            invoice(EventType.INVOICE_POSTED, "D", "2026-10-27T09:00:00Z"),
            invoiced("4", "E", "2026-10-28T08:00:00Z"),
            invoice(EventType.INVOICE_POSTED, "E", "2026-10-29T15:00:00Z"),
            // line 5: approved on a Saturday, on B with line 1
            approved("5", "2026-10-24T10:00:00Z"),
            invoiced("5", "B", "2026-10-27T12:00:00Z"),
            // line 6: F posted, cancelled within the hour, posted again days later
            approved("6", "2026-10-22T08:00:00Z"),
            invoiced("6", "F", "2026-10-23T09:00:00Z"),
            invoice(EventType.INVOICE_POSTED, "F", "2026-10-23T10:00:00Z"),
            invoice(EventType.INVOICE_CANCELLED, "F", "2026-10-23T11:00:00Z"),
            invoice(EventType.INVOICE_POSTED, "F", "2026-10-29T09:00:00Z"),
            // line 7: approved, never invoiced
            approved("7", "2026-10-29T12:00:00Z"));

    private static final List<String> LINES = List.of("1", "2", "3", "4", "5", "6", "7");

    @Test
    void everyClockMatchesTheOracleInAnyArrivalOrder() {
        Map<String, Oracle.Clock> expected = Oracle.clocks(SCENARIO, List.of(BY_OFFICE, BY_DESK), NOW);
        assertThat(expected).hasSize(14);
        // The scenario is worth testing: both outcomes, open clocks, and clocks that run over the change of time.
        assertThat(expected.values())
                .extracting(Oracle.Clock::state)
                .contains(ClockState.MET, ClockState.BREACHED, ClockState.ON_TRACK);
        assertThat(expected.values())
                .anyMatch(c -> c.start().isBefore(at("2026-10-25T01:00:00Z"))
                        && c.due().isAfter(at("2026-10-25T01:00:00Z")));

        Random random = new Random(20261025);
        for (int round = 0; round < 100; round++) {
            List<BusinessEvent> shuffled = new ArrayList<>(SCENARIO);
            Collections.shuffle(shuffled, random);
            for (int d = 0; d < round % 4; d++) {
                shuffled.add(
                        random.nextInt(shuffled.size() + 1),
                        shuffled.get(random.nextInt(shuffled.size()))); // duplicates, anywhere
            }
            FlowEngine engine = new FlowEngine(
                    new SlaCatalog(List.of(BY_OFFICE, BY_DESK)), EngineListener.NONE, new GroupLabels(10), 1000);
            shuffled.forEach(e -> engine.apply(e, NOW));

            assertThat(linesClocks(engine))
                    .as(
                            "round %d, arrival order %s",
                            round, shuffled.stream().map(BusinessEvent::id).toList())
                    .isEqualTo(expected);
        }
    }

    /** Every clock of the scenario's lines as the engine tells it, keyed like the oracle's. */
    private static Map<String, Oracle.Clock> linesClocks(FlowEngine engine) {
        Map<String, Oracle.Clock> clocks = new TreeMap<>();
        for (String line : LINES) {
            for (SlaClock c : engine.find("account.analytic.line/" + line, NOW)
                    .orElseThrow()
                    .clocks()) {
                clocks.put(
                        line + " " + c.sla(),
                        new Oracle.Clock(c.start(), c.stop(), c.atRiskAt(), c.due(), c.elapsed(), c.state()));
            }
        }
        return clocks;
    }

    /** The same with room for two flows in memory and the rest on disk: every clock as the oracle says. */
    @Test
    void everyClockMatchesTheOracleWithAlmostEveryFlowOnDisk(@TempDir Path disk) {
        Map<String, Oracle.Clock> expected = Oracle.clocks(SCENARIO, List.of(BY_OFFICE, BY_DESK), NOW);
        Random random = new Random(20261201);
        for (int round = 0; round < 30; round++) {
            List<BusinessEvent> shuffled = new ArrayList<>(SCENARIO);
            Collections.shuffle(shuffled, random);
            try (DiskFlowSpill spill = new DiskFlowSpill(disk)) {
                FlowEngine engine = new FlowEngine(
                                new SlaCatalog(List.of(BY_OFFICE, BY_DESK)),
                                EngineListener.NONE,
                                new GroupLabels(10),
                                2)
                        .spilling(spill);
                shuffled.forEach(e -> engine.apply(e, NOW));
                assertThat(spill.spilled()).isGreaterThan(10);
                assertThat(linesClocks(engine))
                        .as(
                                "round %d, arrival order %s",
                                round, shuffled.stream().map(BusinessEvent::id).toList())
                        .isEqualTo(expected);
            }
        }
    }

    /**
     * The latency distribution counts each stop in force once: observations minus those taken back when their stop
     * was voided equal the oracle's stopped clocks, whatever the order (a posting seen before its cancellation is
     * observed then taken back; seen after it, never observed).
     */
    @Test
    void latencyObservationsNetOfVoidedOnesAndDecisionsFollowTheStopsInForce() {
        Map<String, List<Duration>> expected = new TreeMap<>();
        Map<String, String> expectedDecisions = new TreeMap<>();
        Oracle.clocks(SCENARIO, List.of(BY_OFFICE, BY_DESK), NOW).forEach((clock, c) -> {
            if (c.stop() != null) {
                expected.put(clock, List.of(c.elapsed()));
            }
            // What a compliance window counts: met at the stop, breached when it fell due (stopped late or not).
            if (c.state() == ClockState.MET) {
                expectedDecisions.put(clock, "MET at " + c.stop());
            } else if (c.state() == ClockState.BREACHED) {
                expectedDecisions.put(clock, "BREACHED at " + c.due());
            }
        });
        assertThat(expected).hasSizeBetween(4, 13);

        Random random = new Random(20261102);
        int voidedSeen = 0;
        for (int round = 0; round < 100; round++) {
            List<BusinessEvent> shuffled = new ArrayList<>(SCENARIO);
            Collections.shuffle(shuffled, random);
            Map<String, List<Duration>> observed = new TreeMap<>();
            Map<String, String> decisions = new TreeMap<>();
            int[] voided = {0};
            EngineListener latencies = new EngineListener() {
                @Override
                public void stopped(SlaDefinition sla, String group, SlaClock clock, io.handoff.correlate.Flow flow) {
                    observed.computeIfAbsent(line(flow) + " " + sla.id(), k -> new ArrayList<>())
                            .add(clock.elapsed());
                }

                @Override
                public void stopVoided(
                        SlaDefinition sla, String group, Duration elapsed, io.handoff.correlate.Flow flow) {
                    List<Duration> kept = observed.get(line(flow) + " " + sla.id());
                    assertThat(kept).as("a voided stop was observed before").contains(elapsed);
                    kept.remove(elapsed);
                    voided[0]++;
                }

                @Override
                public void decided(
                        SlaDefinition sla,
                        String group,
                        io.handoff.sla.Outcome outcome,
                        Instant at,
                        io.handoff.correlate.Flow flow) {
                    String clock = line(flow) + " " + sla.id();
                    if (outcome == io.handoff.sla.Outcome.OPEN) {
                        decisions.remove(clock);
                    } else {
                        decisions.put(clock, outcome + " at " + at);
                    }
                }
            };
            FlowEngine engine =
                    new FlowEngine(new SlaCatalog(List.of(BY_OFFICE, BY_DESK)), latencies, new GroupLabels(10), 1000);
            shuffled.forEach(e -> engine.apply(e, NOW));
            observed.values().removeIf(List::isEmpty);

            assertThat(observed)
                    .as(
                            "round %d, arrival order %s",
                            round, shuffled.stream().map(BusinessEvent::id).toList())
                    .isEqualTo(expected);
            assertThat(decisions)
                    .as(
                            "round %d, arrival order %s",
                            round, shuffled.stream().map(BusinessEvent::id).toList())
                    .isEqualTo(expectedDecisions);
            voidedSeen += voided[0];
        }
        assertThat(voidedSeen)
                .as("some orders observe a stop that is voided later")
                .isPositive();
    }

    /** An Odoo upgrade from Monday 26 October 12:00 to Tuesday 11:30 in Berlin, over every SLA. */
    private static final MaintenanceWindow UPGRADE =
            window("upgrade", "2026-10-26T11:00:00Z", "2026-10-27T10:30:00Z", Set.of(), null);
    /** A middleware release: its source scope matches none of these Odoo lines, so it changes nothing. */
    private static final MaintenanceWindow ESB_RELEASE =
            window("esb-release", "2026-10-23T09:00:00Z", "2026-10-28T12:00:00Z", Set.of(), "esb:");
    /** The support desk's own night of work, on its SLA only. */
    private static final MaintenanceWindow DESK_NIGHT = window(
            "desk-night", "2026-10-29T20:00:00Z", "2026-10-30T06:00:00Z", Set.of("approved-to-invoice-desk"), "odoo/");

    /** A week of Odoo migration over approved-to-invoice: an open line breached without it is on track with it. */
    private static final MaintenanceWindow MIGRATION =
            window("migration", "2026-10-26T00:00:00Z", "2026-11-02T00:00:00Z", Set.of("approved-to-invoice"), null);

    private static MaintenanceWindow window(String id, String start, String end, Set<String> slas, String source) {
        return new MaintenanceWindow(id, at(start), at(end), slas, source, "test", "tester", at(start));
    }

    /**
     * The same workload without and with maintenance windows, on SLAs that pause and on SLAs that exclude: every
     * clock (due times moved by the pause, elapsed time net of it, outcomes excluded, the window named) and the
     * books' counts equal the oracle's, whatever the order of the events and whenever the windows are declared,
     * before the events, among them or after them, and after a wrong set of windows was declared and withdrawn.
     */
    @Test
    void maintenanceWindowsPauseOrExcludeClocksAsTheOracleSays() {
        List<List<MaintenanceWindow>> windowSets =
                List.of(List.of(), List.of(UPGRADE, ESB_RELEASE, DESK_NIGHT), List.of(UPGRADE), List.of(MIGRATION));
        for (MaintenanceMode mode : MaintenanceMode.values()) {
            List<SlaDefinition> slas = List.of(withMode(BY_OFFICE, mode), withMode(BY_DESK, mode));
            Map<String, Map<String, Oracle.Judged>> expectedBySet = new TreeMap<>();
            for (List<MaintenanceWindow> windows : windowSets) {
                Map<String, Oracle.Judged> expected = Oracle.clocks(SCENARIO, slas, NOW, windows);
                expectedBySet.put(windows.toString(), expected);
                Random random = new Random(20261026L + mode.ordinal() * 7L + windowSets.indexOf(windows) * 31L);
                for (int round = 0; round < 60; round++) {
                    List<BusinessEvent> shuffled = new ArrayList<>(SCENARIO);
                    Collections.shuffle(shuffled, random);
                    // every fifth round after all the events: declared after the fact
                    int declareAt = round % 5 == 0 ? shuffled.size() : random.nextInt(shuffled.size() + 1);
                    int wrongAt = random.nextInt(declareAt + 1);
                    Map<String, Integer> decided = new TreeMap<>();
                    EngineListener decisions = new EngineListener() {
                        @Override
                        public void decided(
                                SlaDefinition sla,
                                String group,
                                Outcome outcome,
                                Instant at,
                                io.handoff.correlate.Flow flow) {
                            decided.put(line(flow) + " " + sla.id(), outcome.ordinal());
                        }
                    };
                    FlowEngine engine = new FlowEngine(new SlaCatalog(slas), decisions, new GroupLabels(10), 1000);
                    for (int i = 0; i <= shuffled.size(); i++) {
                        if (i == wrongAt && round % 2 == 1) {
                            engine.maintenance(
                                    new Maintenance(List.of(window(
                                            "wrong", "2026-10-22T00:00:00Z", "2026-10-31T00:00:00Z", Set.of(), null))),
                                    NOW);
                        }
                        if (i == declareAt) {
                            engine.maintenance(new Maintenance(windows), NOW);
                        }
                        if (i < shuffled.size()) {
                            engine.apply(shuffled.get(i), NOW);
                        }
                    }
                    Map<String, Oracle.Judged> actual = new TreeMap<>();
                    for (String line : LINES) {
                        for (SlaClock c : engine.find("account.analytic.line/" + line, NOW)
                                .orElseThrow()
                                .clocks()) {
                            actual.put(
                                    line + " " + c.sla(),
                                    new Oracle.Judged(
                                            new Oracle.Clock(
                                                    c.start(), c.stop(), c.atRiskAt(), c.due(), c.elapsed(), c.state()),
                                            c.maintenance()));
                        }
                    }
                    String context = mode + " "
                            + windows.stream().map(MaintenanceWindow::id).toList() + " round " + round
                            + ", declared at " + declareAt + ", order "
                            + shuffled.stream().map(BusinessEvent::id).toList();
                    assertThat(actual).as(context).isEqualTo(expected);
                    for (SlaDefinition sla : slas) {
                        var tally = engine.tallies().stream()
                                .filter(t -> t.sla().id().equals(sla.id()))
                                .findFirst()
                                .orElseThrow();
                        assertThat(new long[] {tally.met(), tally.breached(), tally.excluded()})
                                .as(context + " " + sla.id())
                                .containsExactly(
                                        count(expected, sla, ClockState.MET),
                                        count(expected, sla, ClockState.BREACHED),
                                        count(expected, sla, ClockState.EXCLUDED));
                    }
                    Map<String, Integer> expectedDecided = new TreeMap<>();
                    expected.forEach((clock, j) -> {
                        Outcome outcome = switch (j.clock().state()) {
                            case MET -> Outcome.MET;
                            case BREACHED -> Outcome.BREACHED;
                            case EXCLUDED -> Outcome.EXCLUDED;
                            default -> null;
                        };
                        if (outcome != null) {
                            expectedDecided.put(clock, outcome.ordinal());
                        }
                    });
                    decided.values().removeIf(o -> o == Outcome.OPEN.ordinal());
                    assertThat(decided).as(context).isEqualTo(expectedDecided);
                }
            }
            // The windows matter: each set gives other clocks than none, in both modes; the scoped ones add something.
            assertThat(expectedBySet.values()).doesNotHaveDuplicates();
            assertThat(expectedBySet
                            .get(List.of(UPGRADE, ESB_RELEASE, DESK_NIGHT).toString())
                            .values())
                    .anyMatch(j -> "desk-night".equals(j.window()))
                    .noneMatch(j -> "esb-release".equals(j.window()));
            if (mode == MaintenanceMode.PAUSE) {
                assertThat(expectedBySet
                                .get(List.of().toString())
                                .get("2 approved-to-invoice")
                                .clock()
                                .state())
                        .isEqualTo(ClockState.BREACHED);
                assertThat(expectedBySet
                                .get(List.of(MIGRATION).toString())
                                .get("2 approved-to-invoice")
                                .clock()
                                .state())
                        .as("declared after the breach, the migration week takes it back")
                        .isEqualTo(ClockState.ON_TRACK);
            }
            if (mode == MaintenanceMode.EXCLUDE) {
                assertThat(expectedBySet.get(List.of(UPGRADE).toString()).values())
                        .anyMatch(j -> j.clock().state() == ClockState.EXCLUDED)
                        .anyMatch(j -> j.clock().state() == ClockState.MET);
            } else {
                assertThat(expectedBySet.get(List.of(UPGRADE).toString()).values())
                        .anyMatch(j -> j.window() != null && j.clock().state() == ClockState.MET);
            }
        }
    }

    private static long count(Map<String, Oracle.Judged> clocks, SlaDefinition sla, ClockState state) {
        return clocks.entrySet().stream()
                .filter(e -> e.getKey().endsWith(" " + sla.id())
                        && e.getValue().clock().state() == state)
                .count();
    }

    private static SlaDefinition withMode(SlaDefinition sla, MaintenanceMode mode) {
        return new SlaDefinition(
                sla.id(),
                sla.description(),
                sla.startsOn(),
                sla.stopsOn(),
                sla.join(),
                sla.voidedBy(),
                sla.target(),
                sla.workingTime(),
                sla.objective(),
                sla.atRiskRatio(),
                sla.minDecided(),
                sla.windows(),
                mode);
    }

    private static final SlaDefinition TO_PAYMENT = new SlaDefinition(
            "invoice-to-payment",
            "",
            EventType.INVOICE_POSTED,
            EventType.INVOICE_PAID,
            io.handoff.sla.Join.SAME,
            null,
            Duration.ofDays(30),
            io.handoff.sla.WorkingTime.CALENDAR,
            0.9,
            0.8);

    /** The scenario with payments: B paid twice (the first counts), C and E paid, F never. */
    private static final List<BusinessEvent> WITH_PAYMENTS = java.util.stream.Stream.concat(
                    SCENARIO.stream(),
                    java.util.stream.Stream.of(
                            invoice(EventType.INVOICE_PAID, "B", "2026-10-30T16:00:00Z"),
                            invoice(EventType.INVOICE_PAID, "B", "2026-10-31T09:00:00Z"),
                            invoice(EventType.INVOICE_PAID, "C", "2026-10-24T08:00:00Z"),
                            invoice(EventType.INVOICE_PAID, "E", "2026-11-01T10:15:00Z")))
            .toList();

    /**
     * A chain (approved → on a posted invoice → paid) per line, against an oracle written here: each stage on the
     * flow it runs on, from the stop before it to its own stop in force (cancelled postings voided, re-invoicing
     * followed), in any arrival order; and the aggregate over the lines: completed and open, mean end to end, each
     * stage's share.
     */
    @Test
    void chainsFollowTheStopsInForceAcrossFlowsInAnyArrivalOrder() {
        io.handoff.sla.Chain chain = new io.handoff.sla.Chain("project-to-cash", "", List.of(BY_OFFICE, TO_PAYMENT));
        SlaCatalog catalog = new SlaCatalog(List.of(BY_OFFICE, TO_PAYMENT), List.of(chain));
        Map<String, io.handoff.sla.ChainClock> expected = new TreeMap<>();
        for (String line : LINES) {
            expected.put(line, chainOracle(line));
        }
        assertThat(expected.values()).anyMatch(io.handoff.sla.ChainClock::complete);
        assertThat(expected.values()).anyMatch(c -> !c.complete() && c.stages().size() == 2);
        assertThat(expected.values()).anyMatch(c -> c.stages().size() == 1);
        long completed = expected.values().stream()
                .filter(io.handoff.sla.ChainClock::complete)
                .count();
        double meanSeconds = expected.values().stream()
                .filter(io.handoff.sla.ChainClock::complete)
                .mapToDouble(c -> Duration.between(c.start(), c.stop()).toSeconds())
                .average()
                .orElseThrow();
        double firstShare = expected.values().stream()
                        .filter(io.handoff.sla.ChainClock::complete)
                        .mapToDouble(c -> Duration.between(
                                        c.start(), c.stages().get(0).stop())
                                .toSeconds())
                        .sum()
                / (meanSeconds * completed);

        Random random = new Random(20261130);
        for (int round = 0; round < 100; round++) {
            List<BusinessEvent> shuffled = new ArrayList<>(WITH_PAYMENTS);
            Collections.shuffle(shuffled, random);
            FlowEngine engine = new FlowEngine(catalog, EngineListener.NONE, new GroupLabels(10), 1000);
            shuffled.forEach(e -> engine.apply(e, NOW));
            Map<String, io.handoff.sla.ChainClock> actual = new TreeMap<>();
            for (String line : LINES) {
                actual.put(
                        line,
                        engine.find("account.analytic.line/" + line, NOW)
                                .orElseThrow()
                                .chains()
                                .get(0));
            }
            String context = "round " + round + ", order "
                    + shuffled.stream().map(BusinessEvent::id).toList();
            assertThat(actual).as(context).isEqualTo(expected);
            // the invoices start no chain of their own
            assertThat(engine.find("account.move/B", NOW).orElseThrow().chains())
                    .isEmpty();
            io.handoff.sla.ChainReport report = engine.chainReports(NOW).get(0);
            assertThat(report.completed()).as(context).isEqualTo(completed);
            assertThat(report.open()).as(context).isEqualTo(LINES.size() - completed);
            assertThat(report.meanSeconds())
                    .as(context)
                    .isCloseTo(meanSeconds, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(report.stages().get(0).share())
                    .as(context)
                    .isCloseTo(firstShare, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    /** One line's chain from the business rules: the invoice in force, its posting in force, its first payment. */
    private static io.handoff.sla.ChainClock chainOracle(String line) {
        Map<String, Oracle.Clock> clocks = Oracle.clocks(WITH_PAYMENTS, List.of(BY_OFFICE), NOW);
        Oracle.Clock first = clocks.get(line + " " + BY_OFFICE.id());
        String subject = "account.analytic.line/" + line;
        if (first.stop() == null) {
            return new io.handoff.sla.ChainClock(
                    "project-to-cash",
                    first.start(),
                    null,
                    List.of(new io.handoff.sla.ChainClock.Stage(BY_OFFICE.id(), subject, first.start(), null)));
        }
        // the invoice the line is on (the posting in force was found on it)
        String invoice = WITH_PAYMENTS.stream()
                .filter(e -> subject.equals(String.valueOf(e.subject()))
                        && (e.type() == EventType.TIMESHEET_INVOICED || e.type() == EventType.TIMESHEET_UNINVOICED))
                .max((a, b) -> a.time().compareTo(b.time()))
                .map(e -> e.facts().link().key())
                .orElseThrow();
        Instant paid = WITH_PAYMENTS.stream()
                .filter(e -> e.type() == EventType.INVOICE_PAID && invoice.equals(String.valueOf(e.subject())))
                .map(BusinessEvent::time)
                .min(Instant::compareTo)
                .orElse(null);
        return new io.handoff.sla.ChainClock(
                "project-to-cash",
                first.start(),
                paid,
                List.of(
                        new io.handoff.sla.ChainClock.Stage(BY_OFFICE.id(), subject, first.start(), first.stop()),
                        new io.handoff.sla.ChainClock.Stage(TO_PAYMENT.id(), invoice, first.stop(), paid)));
    }

    private static String line(io.handoff.correlate.Flow flow) {
        return flow.key().substring(flow.key().indexOf('/') + 1);
    }

    /** What the clocks must be, from the business rules and a wall clock. */
    static final class Oracle {
        record Clock(Instant start, Instant stop, Instant atRiskAt, Instant due, Duration elapsed, ClockState state) {}

        static Map<String, Clock> clocks(List<BusinessEvent> events, List<SlaDefinition> slas, Instant now) {
            Map<String, Clock> clocks = new TreeMap<>();
            clocks(events, slas, now, List.of()).forEach((k, c) -> clocks.put(k, c.clock()));
            return clocks;
        }

        /** A clock and the maintenance window that paused or excluded it (null when none). */
        record Judged(Clock clock, String window) {}

        /**
         * The clocks under maintenance windows: an SLA that pauses counts no minute inside a window covering it; one
         * that excludes keeps its clock, but a clock decided (stopped, or past due) that a covering window overlapped
         * before its decision is EXCLUDED. A window covers a line's clock when it names the SLA (or none) and, if it
         * names a source prefix, some event of the line came from such a source.
         */
        static Map<String, Judged> clocks(
                List<BusinessEvent> events, List<SlaDefinition> slas, Instant now, List<MaintenanceWindow> windows) {
            Map<String, Judged> clocks = new TreeMap<>();
            for (String line : LINES) {
                String subject = "account.analytic.line/" + line;
                // Starts at the line's first approval.
                Instant start = events.stream()
                        .filter(e ->
                                e.type() == EventType.TIMESHEET_APPROVED && subject.equals(String.valueOf(e.subject())))
                        .map(BusinessEvent::time)
                        .min(Instant::compareTo)
                        .orElseThrow();
                // The line is on the invoice its latest invoiced/uninvoiced event names (none after an uninvoiced).
                String invoice = events.stream()
                        .filter(e -> subject.equals(String.valueOf(e.subject()))
                                && (e.type() == EventType.TIMESHEET_INVOICED
                                        || e.type() == EventType.TIMESHEET_UNINVOICED))
                        .max((a, b) -> a.time().compareTo(b.time()))
                        .map(e -> e.type() == EventType.TIMESHEET_INVOICED
                                ? e.facts().link().key()
                                : null)
                        .orElse(null);
                // Stopped by that invoice's first posting after its last cancellation (a cancellation voids the
                // postings before it).
                Instant cancelled = events.stream()
                        .filter(e -> e.type() == EventType.INVOICE_CANCELLED
                                && String.valueOf(e.subject()).equals(invoice))
                        .map(BusinessEvent::time)
                        .max(Instant::compareTo)
                        .orElse(Instant.MIN);
                Instant stop = events.stream()
                        .filter(e -> e.type() == EventType.INVOICE_POSTED
                                && String.valueOf(e.subject()).equals(invoice))
                        .map(BusinessEvent::time)
                        .filter(t -> t.isAfter(cancelled))
                        .min(Instant::compareTo)
                        .orElse(null);
                List<String> sources = events.stream()
                        .filter(e -> subject.equals(String.valueOf(e.subject())))
                        .map(BusinessEvent::source)
                        .toList();
                for (SlaDefinition sla : slas) {
                    BusinessCalendar calendar = (BusinessCalendar) sla.workingTime();
                    // a window that ended before the clock started, or began after it stopped, does not touch it
                    List<MaintenanceWindow> covering = windows.stream()
                            .filter(w -> (w.slas().isEmpty() || w.slas().contains(sla.id()))
                                    && (w.source() == null || sources.stream().anyMatch(x -> x.startsWith(w.source())))
                                    && w.end().isAfter(start)
                                    && (stop == null || w.start().isBefore(stop)))
                            .toList();
                    boolean pauses = sla.maintenance() == MaintenanceMode.PAUSE;
                    java.util.function.Predicate<Instant> counts = t -> MinuteClock.working(calendar, t)
                            && !(pauses
                                    && covering.stream().anyMatch(w -> !t.isBefore(w.start()) && t.isBefore(w.end())));
                    Duration target = sla.target();
                    Duration atRisk = Duration.ofMillis((long) (target.toMillis() * sla.atRiskRatio()));
                    Duration elapsed = MinuteClock.workingTime(counts, start, stop != null ? stop : now);
                    assertThat(elapsed)
                            .as("the scenario keeps off the boundaries")
                            .isNotEqualTo(target)
                            .isNotEqualTo(atRisk);
                    ClockState state = elapsed.compareTo(target) > 0
                            ? ClockState.BREACHED
                            : stop != null
                                    ? ClockState.MET
                                    : elapsed.compareTo(atRisk) > 0 ? ClockState.AT_RISK : ClockState.ON_TRACK;
                    Instant due = MinuteClock.reached(counts, start, target);
                    String window = null;
                    Instant decided = stop != null && stop.isBefore(due) ? stop : due;
                    Instant judgedUntil = pauses ? (stop != null ? stop : due) : decided;
                    boolean isDecided = stop != null || !now.isBefore(due);
                    for (MaintenanceWindow w : covering) {
                        if (window == null
                                && w.start().isBefore(judgedUntil)
                                && w.end().isAfter(start)) {
                            window = pauses || isDecided ? w.id() : null;
                        }
                    }
                    if (!pauses && window != null) {
                        state = ClockState.EXCLUDED;
                    }
                    clocks.put(
                            line + " " + sla.id(),
                            new Judged(
                                    new Clock(
                                            start,
                                            stop,
                                            MinuteClock.reached(counts, start, atRisk),
                                            due,
                                            elapsed,
                                            state),
                                    window));
                }
            }
            return clocks;
        }
    }
}
