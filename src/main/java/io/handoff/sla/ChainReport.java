package io.handoff.sla;

import java.time.Instant;
import java.util.List;

/**
 * A chain in aggregate: how many flows went through it and are still in it, how long the completed ones took end to
 * end, and which stage consumed how much of that time (mean wall-clock time per stage and its share of the whole).
 * Computed from a {@link ChainTally}, which adds up across instances.
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
        return ChainTally.of(chain, clocks, now).report();
    }
}
