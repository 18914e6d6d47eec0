package io.handoff.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chain's figures in a form that adds up: what {@link ChainReport} is computed from. Instances that each own part
 * of the flows add their tallies, and the report of the sum is the report one instance holding every flow gives:
 * counts and millisecond sums add, and the completed chains' end-to-end times are kept (sorted) so the 90th
 * percentile of the whole is exact.
 *
 * @param stages the chain's stages, in order (the SLA ids)
 * @param stageMillis per stage, its wall-clock time summed over the completed chains
 * @param completedMillis the completed chains' end-to-end times, ascending
 */
public record ChainTally(
        String chain, String description, long open, List<String> stages, long[] stageMillis, long[] completedMillis) {

    public ChainTally {
        stages = List.copyOf(stages);
        stageMillis = stageMillis.clone();
        completedMillis = completedMillis.clone();
        if (stageMillis.length != stages.size()) {
            throw new IllegalArgumentException(
                    "chain " + chain + ": " + stageMillis.length + " stage sums for " + stages.size() + " stages");
        }
    }

    /** The tally of {@code chain} over the chains of the flows given. */
    public static ChainTally of(Chain chain, List<ChainClock> clocks, Instant now) {
        int stageCount = chain.stages().size();
        long[] stageMillis = new long[stageCount];
        long[] completed = new long[clocks.size()];
        int n = 0;
        long open = 0;
        for (ChainClock clock : clocks) {
            ChainPart part = ChainPart.of(clock, now); // what a flow kept on disk adds, too: one arithmetic for both
            if (!part.complete()) {
                open++;
                continue;
            }
            completed[n++] = part.millis();
            long[] stages = part.stageMillis();
            for (int i = 0; i < stageCount; i++) {
                stageMillis[i] += stages[i];
            }
        }
        long[] sorted = Arrays.copyOf(completed, n);
        Arrays.sort(sorted);
        List<String> stages = chain.stages().stream().map(SlaDefinition::id).toList();
        return new ChainTally(chain.id(), chain.description(), open, stages, stageMillis, sorted);
    }

    @Override
    public long[] stageMillis() {
        return stageMillis.clone();
    }

    @Override
    public long[] completedMillis() {
        return completedMillis.clone();
    }

    /** This tally and {@code other}'s, of the same chain, added up. */
    public ChainTally plus(ChainTally other) {
        if (!addsUpWith(other)) {
            throw new IllegalArgumentException("chain " + chain + " " + stages + " cannot be added to chain "
                    + other.chain + " " + other.stages + ": the instances' configurations differ");
        }
        long[] sums = stageMillis.clone();
        for (int i = 0; i < sums.length; i++) {
            sums[i] += other.stageMillis[i];
        }
        return new ChainTally(
                chain, description, open + other.open, stages, sums, merged(completedMillis, other.completedMillis));
    }

    /** Whether {@code other} is a tally of the same chain, declared alike (its stages), so the two add up. */
    public boolean addsUpWith(ChainTally other) {
        return chain.equals(other.chain) && stages.equals(other.stages);
    }

    /**
     * Each chain's tallies of every instance added up, in the order of {@code here}. A tally of a chain declared
     * differently elsewhere (a configuration rolled out to some instances only) is left out and given to
     * {@code leftOut}: a sum of different chains would mean nothing.
     */
    public static List<ChainTally> together(
            List<ChainTally> here, List<List<ChainTally>> elsewhere, java.util.function.Consumer<ChainTally> leftOut) {
        Map<String, ChainTally> sums = new LinkedHashMap<>();
        here.forEach(t -> sums.putIfAbsent(t.chain(), t));
        for (List<ChainTally> answer : elsewhere) {
            for (ChainTally t : answer) {
                ChainTally sum = sums.get(t.chain());
                if (sum == null) {
                    sums.put(t.chain(), t);
                } else if (sum.addsUpWith(t)) {
                    sums.put(t.chain(), sum.plus(t));
                } else {
                    leftOut.accept(t);
                }
            }
        }
        return List.copyOf(sums.values());
    }

    /** The report: counts, mean and 90th percentile (nearest rank) end to end, and per stage its mean and share. */
    public ChainReport report() {
        int n = completedMillis.length;
        long total = 0;
        for (long millis : completedMillis) {
            total += millis;
        }
        List<ChainReport.StageShare> shares = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            shares.add(new ChainReport.StageShare(
                    stages.get(i),
                    n == 0 ? null : seconds(stageMillis[i]) / n,
                    n == 0 || total == 0 ? null : (double) stageMillis[i] / total));
        }
        return new ChainReport(
                chain,
                description,
                n,
                open,
                n == 0 ? null : seconds(total) / n,
                n == 0 ? null : seconds(completedMillis[(int) Math.ceil(0.9 * n) - 1]),
                shares);
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }

    private static long[] merged(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length && j < b.length) {
            out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
        }
        while (i < a.length) {
            out[k++] = a[i++];
        }
        while (j < b.length) {
            out[k++] = b[j++];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainTally t
                && chain.equals(t.chain)
                && java.util.Objects.equals(description, t.description)
                && open == t.open
                && stages.equals(t.stages)
                && Arrays.equals(stageMillis, t.stageMillis)
                && Arrays.equals(completedMillis, t.completedMillis);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(
                chain, open, stages, Arrays.hashCode(stageMillis), Arrays.hashCode(completedMillis));
    }

    @Override
    public String toString() {
        return "ChainTally[" + chain + ", open=" + open + ", stages=" + stages + ", stageMillis="
                + Arrays.toString(stageMillis) + ", completedMillis=" + Arrays.toString(completedMillis) + "]";
    }
}
