package io.handoff.bench;

import java.util.List;
import java.util.Locale;

/** The benchmarks' summary line over their alternating rounds, one shape for all so runs compare. */
public final class Ratios {
    private Ratios() {}

    /** Prints {@code ratio <what>: median m (min a, max b over n rounds)}. */
    public static void printMedian(String what, List<Double> ratios) {
        List<Double> sorted = ratios.stream().sorted().toList();
        System.out.printf(
                Locale.ROOT,
                "ratio %s: median %.2f (min %.2f, max %.2f over %d rounds)%n",
                what,
                sorted.get(sorted.size() / 2),
                sorted.get(0),
                sorted.get(sorted.size() - 1),
                sorted.size());
    }
}
