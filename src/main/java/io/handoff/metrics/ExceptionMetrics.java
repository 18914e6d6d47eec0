package io.handoff.metrics;

import io.handoff.reconcile.ExceptionObserver;
import io.handoff.reconcile.ExceptionRecord;
import io.handoff.reconcile.OpenExceptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Reconciliation exceptions: open now by type, severity and group, with the hours and amount at stake;
 * opened and resolved counters. A label set once seen keeps its series (at zero when nothing is open).
 */
@Singleton
public class ExceptionMetrics implements ExceptionObserver {
    private final MeterRegistry registry;
    private final MeterCache<Counter> opened;
    private final MeterCache<Counter> resolved;
    private final Set<OpenExceptions.Labels> gauged = ConcurrentHashMap.newKeySet();

    public ExceptionMetrics(MeterRegistry registry) {
        this.registry = registry;
        opened = new MeterCache<>(l -> Counter.builder("handoff.exceptions.opened")
                .description("Reconciliation exceptions opened, by type and severity (each exception once)")
                .tags("type", l[0], "severity", l[1])
                .register(registry));
        resolved = new MeterCache<>(l -> Counter.builder("handoff.exceptions.resolved")
                .description(
                        "Reconciliation exceptions resolved (the condition cleared or someone resolved it), by type")
                .tags("type", l[0])
                .register(registry));
    }

    @Override
    public void opened(ExceptionRecord exception) {
        opened.get(exception.type(), exception.severity().label()).increment();
    }

    @Override
    public void resolved(ExceptionRecord exception) {
        resolved.get(exception.type()).increment();
    }

    @Override
    public void totalsChanged(OpenExceptions open) {
        for (OpenExceptions.Labels labels : open.totals().keySet()) {
            if (gauged.add(labels)) {
                gauge("handoff.exceptions.open", "Reconciliation exceptions open now", open, labels, t -> t.count());
                gauge(
                        "handoff.exceptions.hours.at.stake",
                        "Hours on the open exceptions (e.g. approved, not invoiced)",
                        open,
                        labels,
                        t -> t.hours());
                gauge(
                        "handoff.exceptions.amount.at.stake",
                        "Amount on the open exceptions, in the firm's currency",
                        open,
                        labels,
                        t -> t.amount());
            }
        }
    }

    private void gauge(
            String name,
            String description,
            OpenExceptions open,
            OpenExceptions.Labels labels,
            ToDoubleFunction<OpenExceptions.Totals> value) {
        Gauge.builder(name, open, o -> value.applyAsDouble(o.totals(labels)))
                .description(description)
                .tags("type", labels.type(), "severity", labels.severity(), "group", labels.group())
                .register(registry);
    }
}
