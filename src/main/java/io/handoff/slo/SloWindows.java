package io.handoff.slo;

import io.handoff.sla.ComplianceWindow;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Attainment and error budget per SLA and compliance window, from the decisions kept. */
@ApplicationScoped
public class SloWindows {
    private final SlaCatalog catalog;
    private final DecisionStore store;

    public SloWindows(SlaCatalog catalog, DecisionStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /**
     * One SLA in one window.
     *
     * @param label the calendar period ({@code 2026-11}) or the rolling window's name
     * @param attainment met / decided; null when nothing was decided
     * @param budget clocks allowed to breach: (1 − objective) × decided
     * @param budgetLeft budget − breached; negative when overspent
     * @param budgetLeftRatio budgetLeft / budget; 1 before anything was decided
     * @param complete whether the window has ended (a past period)
     */
    public record Report(
            String sla,
            String window,
            String label,
            Instant from,
            Instant to,
            double objective,
            long decided,
            long met,
            long breached,
            Double attainment,
            double budget,
            double budgetLeft,
            double budgetLeftRatio,
            double hoursDecided,
            double hoursBreached,
            double amountDecided,
            double amountBreached,
            boolean complete) {}

    /** Every window of the SLA in force at {@code now}. */
    public List<Report> current(SlaDefinition sla, Instant now) {
        List<Report> reports = new ArrayList<>();
        for (ComplianceWindow window : sla.windows()) {
            reports.add(report(sla, window, window.at(now), now));
        }
        return reports;
    }

    /** The SLA's calendar windows for the period with this label ({@code 2026-11}, {@code 2026-Q4}, …); empty when none has it. */
    public List<Report> period(SlaDefinition sla, String label, Instant now) {
        List<Report> reports = new ArrayList<>();
        for (ComplianceWindow window : sla.windows()) {
            window.period(label).ifPresent(span -> reports.add(report(sla, window, span, now)));
        }
        return reports;
    }

    /** Who used the budget of one window: the breached clocks added up by client, project, group or flow. */
    public record Contributors(
            String sla, String window, String label, Instant from, Instant to, String by, List<Contributor> top) {}

    /**
     * One of the SLA's windows: the one named {@code windowName}, in force now or (with a label) its calendar period.
     *
     * @throws BadParameter when the window is not the SLA's or the period not one of the window's
     */
    public Window window(SlaDefinition sla, String windowName, String period, Instant now) {
        ComplianceWindow window = sla.windows().stream()
                .filter(w -> w.name().equals(windowName))
                .findFirst()
                .orElseThrow(() -> new BadParameter(
                        "window",
                        sla.id() + " is judged over "
                                + sla.windows().stream()
                                        .map(ComplianceWindow::name)
                                        .toList() + ", not '" + windowName + "'"));
        ComplianceWindow.Span span = period == null
                ? window.at(now)
                : window.period(period)
                        .orElseThrow(() -> new BadParameter(
                                "period",
                                "'" + period + "' is not a period of the " + window.name()
                                        + " window (e.g. 2026-11, 2026-Q4, 2026-W48 for month, quarter, week)"));
        return new Window(window, span);
    }

    /** A window of an SLA and the span of it asked about. */
    public record Window(ComplianceWindow window, ComplianceWindow.Span span) {}

    /** The top contributors to the SLA's budget burn in one of its windows (see {@link #window}). */
    public Contributors contributors(SlaDefinition sla, Window window, Contributor.By by, int size) {
        ComplianceWindow.Span span = window.span();
        return new Contributors(
                sla.id(),
                window.window().name(),
                span.label(),
                span.from(),
                span.to(),
                by.label(),
                store.contributors(sla.id(), span.from(), span.to(), by, size));
    }

    /** A request parameter that does not fit the SLA, named for the caller's error. */
    public static final class BadParameter extends IllegalArgumentException {
        private final String parameter;

        BadParameter(String parameter, String message) {
            super(parameter + ": " + message);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    public Optional<SlaDefinition> sla(String id) {
        return catalog.find(id);
    }

    public SlaCatalog catalog() {
        return catalog;
    }

    private Report report(SlaDefinition sla, ComplianceWindow window, ComplianceWindow.Span span, Instant now) {
        WindowTally t = store.tally(sla.id(), span.from(), span.to());
        long decided = t.met() + t.breached();
        double budget = (1 - sla.objective()) * decided;
        double left = budget - t.breached();
        return new Report(
                sla.id(),
                window.name(),
                span.label(),
                span.from(),
                span.to(),
                sla.objective(),
                decided,
                t.met(),
                t.breached(),
                decided == 0 ? null : (double) t.met() / decided,
                budget,
                left,
                budget == 0 ? 1 : left / budget,
                t.hoursDecided(),
                t.hoursBreached(),
                t.amountDecided(),
                t.amountBreached(),
                !span.to().isAfter(now));
    }
}
