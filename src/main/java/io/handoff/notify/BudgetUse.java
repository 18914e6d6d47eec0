package io.handoff.notify;

import io.handoff.slo.Contributor;
import java.time.Instant;
import java.util.List;

/**
 * Who used an SLA's error budget in its current compliance window, for the daily digest.
 *
 * @param window the window's name ({@code month}, {@code 28d})
 * @param label the period ({@code 2026-11}) or the window's name
 * @param breached clocks breached in the window
 * @param budgetLeftRatio the budget left, 1 untouched, 0 spent, below 0 overspent
 * @param clients the clients with the most breached clocks, most first
 */
public record BudgetUse(
        String sla, String window, String label, long breached, double budgetLeftRatio, List<Contributor> clients) {

    /** The budgets in force at a time. */
    @FunctionalInterface
    public interface Source {
        Source NONE = now -> List.of();

        List<BudgetUse> current(Instant now);
    }
}
