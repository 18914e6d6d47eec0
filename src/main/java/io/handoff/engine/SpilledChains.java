package io.handoff.engine;

import io.handoff.sla.Chain;
import io.handoff.sla.ChainTally;
import io.handoff.sla.SlaDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chains started by owned flows on disk, added up as they leave memory and taken out as they come back: what
 * {@link FlowEngine#chainTallies} adds to the flows it walks in memory. A flow on disk keeps the part it added (see
 * {@link ChainPart}); the engine brings it back before anything its chain passes through changes, so the part never
 * goes stale. Costs a count per chain, a sum per stage, and one entry per distinct completed time (for an exact
 * percentile); engine thread only.
 */
final class SpilledChains {
    private final Map<String, Sums> byChain = new HashMap<>();

    void add(List<ChainPart> parts) {
        for (ChainPart part : parts) {
            byChain.computeIfAbsent(part.chain(), k -> new Sums()).add(part, 1);
        }
    }

    void remove(List<ChainPart> parts) {
        for (ChainPart part : parts) {
            Sums sums = byChain.get(part.chain());
            if (sums != null) {
                sums.add(part, -1);
            }
        }
    }

    /** The chain's tally over the parts held; empty for a chain no flow on disk starts. */
    ChainTally tally(Chain chain) {
        List<String> stages = chain.stages().stream().map(SlaDefinition::id).toList();
        Sums sums = byChain.get(chain.id());
        if (sums == null) {
            return new ChainTally(chain.id(), chain.description(), 0, stages, new long[stages.size()], new long[0]);
        }
        long[] completed = new long[sums.completedCount()];
        int i = 0;
        for (var entry : sums.completed.entrySet()) {
            for (int n = 0; n < entry.getValue(); n++) {
                completed[i++] = entry.getKey();
            }
        }
        return new ChainTally(
                chain.id(),
                chain.description(),
                sums.open,
                stages,
                java.util.Arrays.copyOf(sums.stageMillis, stages.size()),
                completed);
    }

    private static final class Sums {
        long open;
        long[] stageMillis = new long[0];
        final TreeMap<Long, Integer> completed = new TreeMap<>();

        void add(ChainPart part, int sign) {
            if (!part.complete()) {
                open += sign;
                return;
            }
            long[] stages = part.stageMillis();
            if (stageMillis.length < stages.length) {
                stageMillis = java.util.Arrays.copyOf(stageMillis, stages.length);
            }
            for (int i = 0; i < stages.length; i++) {
                stageMillis[i] += sign * stages[i];
            }
            completed.merge(part.millis(), sign, (a, b) -> a + b == 0 ? null : a + b);
        }

        int completedCount() {
            int n = 0;
            for (int count : completed.values()) {
                n += count;
            }
            return n;
        }
    }
}
