package io.handoff.reconcile;

import io.handoff.engine.FlowReads;
import io.handoff.record.Page;
import io.handoff.record.VersionClock;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The daily batch reconciliation: hours per project and day, approved in the time tool vs on Odoo
 * timesheets vs on posted invoices ({@link DailyHours}); a day that differs is a {@code daily-hours}
 * exception {@code daily-hours:<project>:<day>}, resolved by a later run that finds it settled. Reads the
 * engine's timesheet lines in chunks, so ingestion goes on meanwhile; logs and reports its progress. One
 * run at a time, on its own thread.
 */
@ApplicationScoped
public class DailyReconciliation {
    public static final String TYPE = "daily-hours";
    private static final Logger LOG = Logger.getLogger(DailyReconciliation.class);
    private static final String LINES = "account.analytic.line/";
    private static final int CHUNK = 2000;

    /** One run as operators see it; {@code finishedAt} null while it runs. */
    public record Run(
            String trigger,
            Instant startedAt,
            Instant finishedAt,
            String result,
            long linesTotal,
            long linesScanned,
            int projectDays,
            int opened,
            int updated,
            int resolved,
            String error) {}

    private final FlowReads engine;
    private final ExceptionStore store;
    private final ExceptionLedger ledger;
    private final ReconcileObserver observer;
    private final InstantSource clock;
    private final ZoneId zone;
    private final int days;
    private final int settleAfterDays;
    private final double tolerance;
    private final VersionClock versions = new VersionClock();
    private final AtomicReference<Run> current = new AtomicReference<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "handoff-reconcile");
        t.setDaemon(true);
        return t;
    });

    public DailyReconciliation(
            FlowReads engine,
            ExceptionStore store,
            ExceptionLedger ledger,
            ReconcileObserver observer,
            ReconcileConfig config,
            InstantSource clock) {
        this.engine = engine;
        this.store = store;
        this.ledger = ledger;
        this.observer = observer;
        this.clock = clock;
        this.zone = ZoneId.of(config.daily().zone());
        this.days = config.daily().days();
        this.settleAfterDays = config.daily().settleAfterDays();
        this.tolerance = config.hoursTolerance();
    }

    /** Quarkus never schedules it when the cron is {@code off}. */
    @Scheduled(cron = "${handoff.reconcile.daily.cron:0 30 5 * * ?}", timeZone = "${handoff.reconcile.daily.zone:UTC}")
    void daily() {
        start("schedule");
    }

    /** Starts a run unless one is running; returns the run that is (then) running. */
    public synchronized Run start(String trigger) {
        Run running = current.get();
        if (running != null && running.finishedAt() == null) {
            return running;
        }
        Run run = new Run(trigger, clock.instant(), null, "running", 0, 0, 0, 0, 0, 0, null);
        current.set(run);
        runner.execute(() -> runNow(run));
        return run;
    }

    /** The running or last run; empty before the first. */
    public Optional<Run> last() {
        return Optional.ofNullable(current.get());
    }

    /** Waits for the running run, at most {@code millis}; for tests and the CLI. */
    public Optional<Run> await(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            Run run = current.get();
            if (run != null && run.finishedAt() != null) {
                return Optional.of(run);
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    private void runNow(Run started) {
        Run run = started;
        try {
            run = reconcile(started);
        } catch (Exception e) {
            LOG.errorf(
                    e,
                    "daily reconciliation failed after %d of %d lines",
                    current.get().linesScanned(),
                    current.get().linesTotal());
            Run at = current.get();
            run = new Run(
                    at.trigger(),
                    at.startedAt(),
                    clock.instant(),
                    "failed",
                    at.linesTotal(),
                    at.linesScanned(),
                    at.projectDays(),
                    at.opened(),
                    at.updated(),
                    at.resolved(),
                    String.valueOf(e.getMessage()));
        }
        current.set(run);
        observer.finished(run);
    }

    private Run reconcile(Run run) throws Exception {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate first = today.minusDays(days);
        List<String> keys = engine.keysStartingWith(LINES).get(1, TimeUnit.MINUTES);
        LOG.infof(
                "daily reconciliation (%s): %d timesheet lines, days %s to %s (%s)",
                run.trigger(), keys.size(), first, today.minusDays(1), zone);
        Map<String, DailyHours.ProjectDay> byProjectDay = new TreeMap<>();
        long scanned = 0;
        int reportedTenth = 0;
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
            List<DailyHours.Line> lines = engine.eachFlow(chunk, (flow, lookup) -> DailyHours.of(flow, lookup, zone))
                    .get(1, TimeUnit.MINUTES);
            for (DailyHours.Line line : lines) {
                if (line.project() != null
                        && !line.day().isBefore(first)
                        && line.day().isBefore(today)) {
                    byProjectDay.merge(
                            line.project() + ":" + line.day(),
                            DailyHours.ProjectDay.empty(line.project(), line.day())
                                    .plus(line),
                            (sum, one) -> sum.plus(line));
                }
            }
            scanned += chunk.size();
            current.set(new Run(
                    run.trigger(),
                    run.startedAt(),
                    null,
                    "running",
                    keys.size(),
                    scanned,
                    byProjectDay.size(),
                    0,
                    0,
                    0,
                    null));
            observer.progress(scanned, keys.size());
            int tenth = (int) (scanned * 10 / keys.size());
            if (keys.size() > 10 * CHUNK && tenth > reportedTenth) {
                reportedTenth = tenth;
                LOG.infof("daily reconciliation: %d%% (%d of %d lines)", tenth * 10, scanned, keys.size());
            }
        }
        int opened = 0;
        int updated = 0;
        Set<String> differing = new HashSet<>();
        for (DailyHours.ProjectDay day : byProjectDay.values()) {
            Optional<DailyHours.Difference> difference = DailyHours.difference(day, today, settleAfterDays, tolerance);
            if (difference.isEmpty()) {
                continue;
            }
            String id = TYPE + ":" + day.project() + ":" + day.day();
            differing.add(id);
            Optional<ExceptionRecord> existing =
                    store.exception(id).filter(e -> e.status() != ExceptionStatus.RESOLVED);
            DailyHours.Difference d = difference.get();
            Double amount = day.rate() == null ? null : day.rate() * d.hours();
            if (existing.isEmpty()) {
                ledger.save(new ExceptionRecord(
                        id,
                        TYPE,
                        Severity.WARNING,
                        ExceptionStatus.OPEN,
                        null,
                        null,
                        day.client(),
                        day.project(),
                        day.group(),
                        d.hours(),
                        amount,
                        day.day().plusDays(1).atStartOfDay(zone).toInstant(),
                        null,
                        now,
                        d.summary(),
                        versions.next(now)));
                opened++;
            } else if (!Objects.equals(existing.get().summary(), d.summary())) {
                ExceptionRecord e = existing.get();
                ledger.save(new ExceptionRecord(
                        id,
                        TYPE,
                        e.severity(),
                        e.status(),
                        null,
                        null,
                        day.client(),
                        day.project(),
                        day.group(),
                        d.hours(),
                        amount,
                        e.openedAt(),
                        null,
                        now,
                        d.summary(),
                        versions.next(now),
                        e.acknowledgement()));
                updated++;
            }
        }
        int resolved = 0;
        for (ExceptionRecord e : unresolved()) {
            if (!differing.contains(e.id())) {
                ledger.save(new ExceptionRecord(
                        e.id(),
                        TYPE,
                        e.severity(),
                        ExceptionStatus.RESOLVED,
                        null,
                        null,
                        e.client(),
                        e.project(),
                        e.group(),
                        e.hours(),
                        e.amount(),
                        e.openedAt(),
                        now,
                        now,
                        e.summary() + " — settled: the totals agree now",
                        versions.next(now),
                        e.acknowledgement()));
                resolved++;
            }
        }
        Run done = new Run(
                run.trigger(),
                run.startedAt(),
                clock.instant(),
                "ok",
                keys.size(),
                scanned,
                byProjectDay.size(),
                opened,
                updated,
                resolved,
                null);
        LOG.infof(
                "daily reconciliation done: %d lines, %d project days compared, %d differences opened, %d updated, %d settled",
                keys.size(), byProjectDay.size(), opened, updated, resolved);
        return done;
    }

    private List<ExceptionRecord> unresolved() {
        List<ExceptionRecord> out = new ArrayList<>();
        for (ExceptionStatus status : List.of(ExceptionStatus.OPEN, ExceptionStatus.ACKNOWLEDGED)) {
            String after = null;
            do {
                Page<ExceptionRecord> page =
                        store.searchExceptions(new ExceptionQuery(TYPE, status, null, null, null, 500, after));
                out.addAll(page.items());
                after = page.next();
            } while (after != null);
        }
        return out;
    }
}
