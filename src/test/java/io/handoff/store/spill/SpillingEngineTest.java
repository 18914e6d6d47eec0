package io.handoff.store.spill;

import static io.handoff.testing.Events.approved;
import static io.handoff.testing.Events.delivered;
import static io.handoff.testing.Events.invoice;
import static io.handoff.testing.Events.invoiced;
import static io.handoff.testing.Events.middleware;
import static io.handoff.testing.Events.uninvoiced;
import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.engine.FlowEngine;
import io.handoff.engine.FlowSpill;
import io.handoff.engine.FlowView;
import io.handoff.engine.GroupLabels;
import io.handoff.engine.Ownership;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventType;
import io.handoff.sla.Chain;
import io.handoff.sla.Join;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaDefinition;
import io.handoff.sla.WorkingTime;
import io.handoff.testing.RecordingListener;
import io.handoff.testing.Slas;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine holding a few flows in memory and the rest on disk tells exactly what an engine holding everything tells:
 * the same outcomes, revisions and stops, the same open counts, the same clocks for every flow — on a workload of
 * lines invoiced, taken off and re-invoiced, invoices posted, cancelled and paid, and deliveries linking to them,
 * arriving late and out of order while time passes. Without the disk, the same bound gets it wrong.
 */
class SpillingEngineTest {
    private static final Instant START = Instant.parse("2026-10-01T08:00:00Z");
    private static final int BOUND = 16;
    private static final SlaCatalog WITHOUT_LINKED_FROM =
            new SlaCatalog(List.of(Slas.APPROVED_TO_INVOICE, Slas.INVOICE_TO_PAYMENT, Slas.MIDDLEWARE_DELIVERY));
    /** A message received until the line it delivered is approved: the first stage of a chain across two links. */
    private static final SlaDefinition RECEIVED_TO_APPROVED = new SlaDefinition(
            "received-to-approved",
            "",
            EventType.MIDDLEWARE_RECEIVED,
            EventType.TIMESHEET_APPROVED,
            new Join(Join.Kind.LINK, "record"),
            null,
            Duration.ofDays(2),
            WorkingTime.CALENDAR,
            0.9,
            0.8);
    /**
     * Approved to paid, across the line and its invoice, and from a message through the line it delivered to the
     * invoice: walked across flows in memory, on disk, or both.
     */
    private static final List<Chain> CHAINS = List.of(
            new Chain(
                    "project-to-cash", "approved to paid", List.of(Slas.APPROVED_TO_INVOICE, Slas.INVOICE_TO_PAYMENT)),
            new Chain(
                    "message-to-cash",
                    "received to paid",
                    List.of(RECEIVED_TO_APPROVED, Slas.APPROVED_TO_INVOICE, Slas.INVOICE_TO_PAYMENT)));
    /** The shipped SLAs and the chains: a line's change brings the messages linking to it back (it reads them). */
    private static final SlaCatalog WITH_CHAINS = withChains(Slas.catalog());
    /** Without the SLA reading linkers: only the chains bring a message back when its invoice changes. */
    private static final SlaCatalog WITH_CHAINS_ONLY = withChains(WITHOUT_LINKED_FROM);

    private static SlaCatalog withChains(SlaCatalog slas) {
        List<SlaDefinition> definitions = new ArrayList<>(slas.definitions());
        definitions.add(RECEIVED_TO_APPROVED);
        return new SlaCatalog(definitions, CHAINS);
    }

    @TempDir
    Path disk;

    @Test
    void aBoundedEngineWithItsFlowsOnDiskTellsWhatAnUnboundedOneTells() {
        for (long seed : new long[] {1, 2, 3, 4, 5}) {
            // The shipped SLAs (a clock stopping on a flow linking to it among them), then without that kind, then
            // with chains over them (one across two links).
            SlaCatalog catalog = switch ((int) seed) {
                case 3 -> WITHOUT_LINKED_FROM;
                case 4 -> WITH_CHAINS;
                case 5 -> WITH_CHAINS_ONLY;
                default -> Slas.catalog();
            };
            List<Arrival> workload = workload(new Random(seed));
            Run all = run(catalog, workload, Integer.MAX_VALUE, FlowSpill.NONE);
            try (DiskFlowSpill spill = new DiskFlowSpill(disk)) {
                Run bounded = run(catalog, workload, BOUND, spill);

                assertThat(spill.spilled())
                        .as("seed %d: flows put on disk", seed)
                        .isGreaterThan(1000);
                assertThat(spill.broughtBack())
                        .as("seed %d: flows brought back", seed)
                        .isGreaterThan(500);
                assertThat(all.heard.outcomes)
                        .as("seed %d: the workload decides clocks", seed)
                        .hasSizeGreaterThan(200);
                assertThat(all.heard.revisions)
                        .as("seed %d: and revises some", seed)
                        .isNotEmpty();
                assertThat(sorted(bounded.heard.outcomes))
                        .as("seed %d outcomes", seed)
                        .isEqualTo(sorted(all.heard.outcomes));
                assertThat(sorted(bounded.heard.revisions))
                        .as("seed %d revisions", seed)
                        .isEqualTo(sorted(all.heard.revisions));
                assertThat(sorted(bounded.heard.stops))
                        .as("seed %d stops", seed)
                        .isEqualTo(sorted(all.heard.stops));
                assertThat(bounded.tallies).as("seed %d tallies", seed).isEqualTo(all.tallies);
                assertThat(bounded.chains).as("seed %d chains", seed).isEqualTo(all.chains);
                if (!catalog.chains().isEmpty()) {
                    for (String chain : List.of("project-to-cash ", "message-to-cash ")) {
                        assertThat(all.chains)
                                .as("seed %d: %s open and completed along the way", seed, chain)
                                .anyMatch(c -> c.startsWith(chain) && !c.contains("open=0 "))
                                .anyMatch(c -> c.startsWith(chain) && !c.contains("completed=0 "));
                    }
                }
                assertThat(bounded.listed).as("seed %d flows listed", seed).isEqualTo(all.listed);
                assertThat(bounded.read)
                        .as("seed %d flows read by a query", seed)
                        .isEqualTo(all.read);
                assertThat(bounded.flows)
                        .as("seed %d every flow's picture", seed)
                        .isEqualTo(all.flows);
                assertThat(differences(all.journaled, all.stopped))
                        .as(
                                "seed %d, all in memory: each flow's clocks as last handed to the journal (the store's"
                                        + " record) and as the engine has them",
                                seed)
                        .isEmpty();
                assertThat(differences(bounded.journaled, bounded.stopped))
                        .as(
                                "seed %d, on disk: each flow's clocks as last handed to the journal and as the engine has"
                                        + " them",
                                seed)
                        .isEmpty();
            }
        }
    }

    /**
     * An instance gives up half its flows (a rebalance) and later takes them back: the chains of the flows on disk
     * leave and rejoin the figures as those in memory do.
     */
    @Test
    void chainsOnDiskFollowOwnershipAsChainsInMemoryDo() {
        List<Arrival> workload = workload(new Random(6));
        Ownership half = key -> Math.floorMod(key.hashCode(), 2) == 0;
        try (DiskFlowSpill spill = new DiskFlowSpill(disk)) {
            FlowEngine all =
                    new FlowEngine(WITH_CHAINS, new RecordingListener(), new GroupLabels(10), Integer.MAX_VALUE);
            FlowEngine bounded =
                    new FlowEngine(WITH_CHAINS, new RecordingListener(), new GroupLabels(10), BOUND).spilling(spill);
            int third = workload.size() / 3;
            List<String> owningAll = List.of();
            List<String> owningHalf = List.of();
            for (int i = 0; i < workload.size(); i++) {
                Arrival arrival = workload.get(i);
                if (i == third) {
                    owningAll = chains(all, arrival.at());
                }
                for (FlowEngine engine : List.of(all, bounded)) {
                    if (i == third) {
                        engine.own(half, arrival.at());
                    } else if (i == 2 * third) {
                        engine.own(Ownership.ALL, arrival.at());
                    }
                    engine.advance(arrival.at());
                    engine.apply(arrival.event(), arrival.at());
                }
                if (i % 53 == 0 || i == third || i == 2 * third) {
                    List<String> expected = chains(all, arrival.at());
                    assertThat(chains(bounded, arrival.at())).as("event %d", i).isEqualTo(expected);
                    if (i == third) {
                        owningHalf = expected;
                    }
                }
            }
            assertThat(spill.spilled()).as("flows put on disk").isGreaterThan(1000);
            assertThat(owningHalf)
                    .as("owning half, other chains than owning all")
                    .isNotEqualTo(owningAll);
        }
    }

    @Test
    void aSubjectFlowOnDiskIsFoundByItsCorrelationId() {
        BusinessEvent tagged = new BusinessEvent(
                "odoo/test",
                "posted-77",
                EventType.INVOICE_POSTED,
                START,
                io.handoff.event.ObjectRef.parse("account.move/77").orElseThrow(),
                "esb-msg-77",
                io.handoff.event.EventFacts.NONE,
                "odoo-test",
                START);
        List<Arrival> workload = new ArrayList<>();
        workload.add(new Arrival(START, tagged));
        workload.addAll(workload(new Random(5)));
        try (DiskFlowSpill spill = new DiskFlowSpill(disk)) {
            RecordingListener heard = new RecordingListener();
            FlowEngine engine = new FlowEngine(Slas.catalog(), heard, new GroupLabels(10), BOUND).spilling(spill);
            workload.forEach(a -> engine.apply(a.event(), a.at()));
            assertThat(engine.lookup().flow("account.move/77")).isPresent();
            assertThat(spill.peek("account.move/77")).as("on disk").isPresent();
            assertThat(engine.find("esb-msg-77", START).map(FlowView::key)).contains("account.move/77");
        }
    }

    @Test
    void theSameBoundWithoutTheDiskGetsItWrong() {
        List<Arrival> workload = workload(new Random(1));
        Run all = run(Slas.catalog(), workload, Integer.MAX_VALUE, FlowSpill.NONE);
        Run dropping = run(Slas.catalog(), workload, BOUND, FlowSpill.NONE);
        assertThat(dropping.tallies).isNotEqualTo(all.tallies);
        assertThat(dropping.flows).isNotEqualTo(all.flows);
    }

    /**
     * Read beside the engine in slices of 2,000: every open clock on disk once, none of a flow brought back, as it
     * stood (its start, due time and state).
     */
    @Test
    void theOpenClocksOnDiskAreReadEachOnceAcrossSlices() {
        try (DiskFlowSpill spill = new DiskFlowSpill(disk)) {
            RecordingListener heard = new RecordingListener();
            FlowEngine engine = new FlowEngine(Slas.catalog(), heard, new GroupLabels(10), BOUND).spilling(spill);
            for (int i = 0; i < 4_500; i++) {
                Instant received = START.plusSeconds(i);
                engine.apply(middleware(EventType.MIDDLEWARE_RECEIVED, "slice-" + i, received.toString()), received);
            }
            engine.apply(
                    delivered(
                            "slice-7",
                            "account.move/7",
                            START.plusSeconds(4_501).toString()),
                    START);
            List<io.handoff.engine.SpilledClock> read = new ArrayList<>();
            engine.openClocksOnDisk(read::add);

            List<String> openOnDisk = spill.keys(key -> key.startsWith("slice-")); // all open but slice-7, in memory
            assertThat(openOnDisk).hasSizeGreaterThan(2 * 2_000).doesNotContain("slice-7");
            assertThat(read)
                    .extracting(io.handoff.engine.SpilledClock::flowKey)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(openOnDisk);
            assertThat(read).noneMatch(c -> c.flowKey().equals("slice-7"));
            io.handoff.engine.SpilledClock first = read.stream()
                    .filter(c -> c.flowKey().equals("slice-0"))
                    .findFirst()
                    .orElseThrow();
            assertThat(first.sla()).isEqualTo("middleware-delivery");
            assertThat(first.start()).isEqualTo(START);
            assertThat(first.due()).isEqualTo(START.plus(Slas.MIDDLEWARE_DELIVERY.target()));
            assertThat(first.state()).isEqualTo(io.handoff.sla.ClockState.ON_TRACK);
        }
    }

    @Test
    void theDiskIsOnlyOpenedWhenTheBoundIsReachedAndRemovedOnClose() throws Exception {
        DiskFlowSpill spill = new DiskFlowSpill(disk.resolve("spill"));
        run(Slas.catalog(), workload(new Random(4)).subList(0, 5), BOUND, spill);
        assertThat(disk.resolve("spill")).doesNotExist();
        run(Slas.catalog(), workload(new Random(4)), BOUND, spill);
        assertThat(disk.resolve("spill")).isNotEmptyDirectory();
        spill.close();
        assertThat(disk.resolve("spill")).isEmptyDirectory();
        assertThat(spill.keep(new io.handoff.engine.FlowState("x/1", EventType.Anchor.SUBJECT, List.of(), List.of())))
                .as("closed: nothing more is kept")
                .isFalse();
    }

    private record Arrival(Instant at, BusinessEvent event) {}

    private record Run(
            RecordingListener heard,
            List<Object> tallies,
            List<String> chains,
            List<String> listed,
            List<Object> read,
            List<Optional<FlowView>> flows,
            Map<String, List<String>> journaled,
            Map<String, List<String>> stopped) {}

    /** The flows whose clocks differ between two sets of pictures: each with both sides. */
    private static Map<String, String> differences(Map<String, List<String>> a, Map<String, List<String>> b) {
        Map<String, String> differ = new TreeMap<>();
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String key : keys) {
            if (!java.util.Objects.equals(a.get(key), b.get(key))) {
                differ.put(key, a.get(key) + " / " + b.get(key));
            }
        }
        return differ;
    }

    /** A flow's clocks that have stopped, and when: what a record must show once the flow has been written. */
    private static List<String> stops(FlowView view) {
        return view.clocks().stream()
                .map(c ->
                        c.sla() + " " + (c.stop() == null ? "running" : c.stop().toString()))
                .toList();
    }

    private static Run run(SlaCatalog catalog, List<Arrival> workload, int maxFlows, FlowSpill spill) {
        RecordingListener heard = new RecordingListener();
        FlowEngine engine = new FlowEngine(catalog, heard, new GroupLabels(10), maxFlows).spilling(spill);
        TreeSet<String> keys = new TreeSet<>();
        Map<String, List<String>> journaled = new TreeMap<>();
        List<String> chains = new ArrayList<>();
        Instant last = START;
        int applied = 0;
        for (Arrival arrival : workload) {
            engine.advance(arrival.at());
            engine.apply(arrival.event(), arrival.at());
            if (++applied % 97 == 0) { // what the console and the gauges read along the way
                chains.addAll(chains(engine, arrival.at()));
            }
            // The journal takes the pictures of the flows changed since it last looked (the loop: every second).
            engine.drainChanged(arrival.at(), Integer.MAX_VALUE).forEach(v -> journaled.put(v.key(), stops(v)));
            keys.add(arrival.event().flowKey());
            last = arrival.at();
        }
        Instant end = last.plus(Duration.ofDays(40));
        engine.advance(end);
        engine.drainChanged(end, Integer.MAX_VALUE).forEach(v -> journaled.put(v.key(), stops(v)));
        // Read as a query reads them (the daily reconciliation): listed and read where they are, not brought back.
        List<String> listed = engine.keysStartingWith("").stream().sorted().toList();
        List<Object> read = new ArrayList<>();
        for (String key : listed) {
            var flow = engine.lookup().flow(key).orElseThrow();
            read.add(List.of(flow.entries(), new TreeSet<>(engine.lookup().linkedFrom(key))));
        }
        List<Optional<FlowView>> flows = new ArrayList<>();
        Map<String, List<String>> stopped = new TreeMap<>();
        for (String key : keys) {
            Optional<FlowView> flow = engine.find(key, end);
            flows.add(flow);
            flow.ifPresent(v -> stopped.put(key, stops(v)));
        }
        List<Object> tallies = new ArrayList<>();
        engine.tallies().forEach(t -> tallies.add(List.of(t.sla().id(), t.met(), t.breached(), t.open())));
        chains.addAll(chains(engine, end));
        return new Run(heard, tallies, chains, listed, read, flows, journaled, stopped);
    }

    /** Each chain's figures as of {@code now}: open, completed, per-stage sums, the completed chains' times. */
    private static List<String> chains(FlowEngine engine, Instant now) {
        return engine.chainTallies(now).stream()
                .map(t -> t.chain() + " open=" + t.open() + " completed=" + t.completedMillis().length + " stages="
                        + Arrays.toString(t.stageMillis()) + " times="
                        + Arrays.toString(t.completedMillis()))
                .toList();
    }

    /**
     * Lines approved over two months, invoiced in batches; some invoices cancelled (their lines re-invoiced or taken
     * off), most posted and paid, deliveries of most invoices through middleware. Each event arrives between minutes
     * and two days after it happened.
     */
    private static List<Arrival> workload(Random random) {
        List<Arrival> arrivals = new ArrayList<>();
        int invoices = 0;
        for (int batch = 0; batch < 40; batch++) {
            Instant day = START.plus(Duration.ofHours(36L * batch));
            String inv = "INV" + (++invoices);
            List<String> lines = new ArrayList<>();
            for (int l = 0; l < 3 + random.nextInt(8); l++) {
                String line = batch + "-" + l;
                lines.add(line);
                Instant approvedAt = day.plus(Duration.ofMinutes(random.nextInt(600)));
                add(arrivals, random, approved(line, iso(approvedAt)));
                if (random.nextInt(3) == 0) { // the time tool's message that brought the line
                    String message = "msg-line-" + line;
                    Instant received = approvedAt.minus(Duration.ofHours(1 + random.nextInt(20)));
                    add(arrivals, random, middleware(EventType.MIDDLEWARE_RECEIVED, message, iso(received)));
                    add(
                            arrivals,
                            random,
                            delivered(message, "account.analytic.line/" + line, iso(received.plusSeconds(30))));
                }
            }
            Instant invoicedAt = day.plus(Duration.ofHours(24 + random.nextInt(140)));
            for (String line : lines) {
                if (random.nextInt(10) > 0) {
                    add(arrivals, random, invoiced(line, inv, iso(invoicedAt)));
                }
            }
            Instant postedAt = invoicedAt.plus(Duration.ofHours(random.nextInt(30)));
            add(arrivals, random, invoice(EventType.INVOICE_POSTED, inv, iso(postedAt)));
            if (random.nextInt(5) == 0) {
                Instant cancelledAt = postedAt.plus(Duration.ofHours(1 + random.nextInt(48)));
                add(arrivals, random, invoice(EventType.INVOICE_CANCELLED, inv, iso(cancelledAt)));
                String again = "INV" + (++invoices);
                Instant reinvoicedAt = cancelledAt.plus(Duration.ofHours(1 + random.nextInt(30)));
                for (String line : lines) {
                    add(
                            arrivals,
                            random,
                            random.nextInt(4) == 0
                                    ? uninvoiced(line, iso(reinvoicedAt))
                                    : invoiced(line, again, iso(reinvoicedAt)));
                }
                postedAt = reinvoicedAt.plus(Duration.ofHours(random.nextInt(50)));
                inv = again;
                add(arrivals, random, invoice(EventType.INVOICE_POSTED, inv, iso(postedAt)));
            }
            if (random.nextInt(4) > 0) {
                String message = "msg-" + inv;
                Instant received = postedAt.plus(Duration.ofMinutes(random.nextInt(30)));
                add(arrivals, random, middleware(EventType.MIDDLEWARE_RECEIVED, message, iso(received)));
                if (random.nextInt(6) > 0) {
                    add(
                            arrivals,
                            random,
                            delivered(
                                    message,
                                    "account.move/" + inv,
                                    iso(received.plus(Duration.ofSeconds(random.nextInt(300))))));
                }
            }
            if (random.nextInt(3) > 0) {
                add(
                        arrivals,
                        random,
                        invoice(
                                EventType.INVOICE_PAID,
                                inv,
                                iso(postedAt.plus(Duration.ofDays(5 + random.nextInt(40))))));
            }
        }
        arrivals.sort(Comparator.comparing(Arrival::at));
        return arrivals;
    }

    private static void add(List<Arrival> arrivals, Random random, BusinessEvent event) {
        Duration late = random.nextInt(5) == 0
                ? Duration.ofMinutes(random.nextInt(2 * 24 * 60))
                : Duration.ofSeconds(1 + random.nextInt(600));
        arrivals.add(new Arrival(event.time().plus(late), event));
    }

    private static String iso(Instant at) {
        return at.toString();
    }

    private static List<String> sorted(List<String> heard) {
        return heard.stream().sorted().toList();
    }
}
