package io.handoff.metrics;

import io.handoff.reconcile.DailyReconciliation;
import io.handoff.reconcile.ReconcileObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;

/** The daily reconciliation: runs by result, progress of the running one, when one last succeeded. */
@Singleton
public class ReconcileMetrics implements ReconcileObserver {
    private final MeterCache<Counter> runs;
    private final AtomicLong scanned = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong lastSuccess = new AtomicLong();

    public ReconcileMetrics(MeterRegistry registry) {
        runs = new MeterCache<>(l -> Counter.builder("handoff.reconcile.runs")
                .description("Daily reconciliation runs by result (ok, failed)")
                .tags("result", l[0])
                .register(registry));
        runs.get("ok");
        runs.get("failed");
        Gauge.builder("handoff.reconcile.lines.scanned", scanned, AtomicLong::get)
                .description("Timesheet lines the running (or last) reconciliation has scanned")
                .register(registry);
        Gauge.builder("handoff.reconcile.lines.total", total, AtomicLong::get)
                .description("Timesheet lines the running (or last) reconciliation scans in all")
                .register(registry);
        Gauge.builder("handoff.reconcile.last.success", lastSuccess, AtomicLong::get)
                .description("When a reconciliation run last succeeded (Unix seconds; 0: never)")
                .baseUnit("seconds")
                .register(registry);
    }

    @Override
    public void progress(long scannedLines, long totalLines) {
        scanned.set(scannedLines);
        total.set(totalLines);
    }

    @Override
    public void finished(DailyReconciliation.Run run) {
        runs.get(run.result()).increment();
        if ("ok".equals(run.result())) {
            lastSuccess.set(run.finishedAt().getEpochSecond());
        }
    }
}
