package io.handoff.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A chain in aggregate: how many flows went through it and are still in it, how long the completed ones took end to
 * end, and which stage consumed how much of that time (mean wall-clock time per stage and its share of the whole).
 *
 * @param meanSeconds mean end-to-end time of the completed chains; null before the first
 * @param p90Seconds 90th percentile of the same (nearest rank); null before the first
 */
public record ChainReport(
        String chain,
        String description,
        long completed,
        long open,
        Double meanSeconds,
        Double p90Seconds,
        List<StageShare> stages) {

    /** One stage over the completed chains: its mean time and the share of the end-to-end time it took. */
    public record StageShare(String sla, Double meanSeconds, Double share) {}

    public ChainReport {
        stages = List.copyOf(stages);
    }

    /** The report of {@code chain} over the chains of the flows given. */
    public static ChainReport of(Chain chain, List<ChainClock> clocks, Instant now) {
        int stageCount = chain.stages().size();
        double[] stageSums = new double[stageCount];
        List<Double> totals = new ArrayList<>();
        long open = 0;
        for (ChainClock clock : clocks) {
            if (!clock.complete()) {
                open++;
                continue;
            }
            totals.add(seconds(clock.elapsed(now)));
            for (int i = 0; i < stageCount; i++) {
                stageSums[i] += seconds(clock.stages().get(i).elapsed(now));
            }
        }
        int n = totals.size();
        double total = totals.stream().mapToDouble(Double::doubleValue).sum();
        List<StageShare> stages = new ArrayList<>();
        for (int i = 0; i < stageCount; i++) {
            stages.add(new StageShare(
                    chain.stages().get(i).id(),
                    n == 0 ? null : stageSums[i] / n,
                    n == 0 || total == 0 ? null : stageSums[i] / total));
        }
        Double p90 = null;
        if (n > 0) {
            double[] sorted = totals.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(sorted);
            p90 = sorted[(int) Math.ceil(0.9 * n) - 1];
        }
        return new ChainReport(chain.id(), chain.description(), n, open, n == 0 ? null : total / n, p90, stages);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
