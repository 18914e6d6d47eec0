package io.handoff.engine;

import io.handoff.sla.Chain;
import io.handoff.sla.ChainPart;
import io.handoff.sla.ChainTally;
import io.handoff.sla.SlaDefinition;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The chains started by owned flows on disk, added up as they leave memory and taken out as they come back: what
 * {@link FlowEngine#chainTallies} adds to the flows it walks in memory. A flow on disk keeps the part it added (see
 * {@link ChainPart}); the engine brings it back before anything its chain passes through changes, so the part never
 * goes stale. Costs a count per chain, a sum per stage, and one entry per distinct completed time (for an exact
 * percentile); engine thread only.
 */
final class SpilledChains {
    private static final Logger LOG = Logger.getLogger(SpilledChains.class);
    private final Map<String, Sums> byChain = new HashMap<>();

    void add(List<ChainPart> parts) {
        for (ChainPart part : parts) {
            byChain.computeIfAbsent(part.chain(), k -> new Sums()).add(part);
        }
    }

    /** Takes out what {@link #add} took in; a part never added (a defect) is logged and changes nothing. */
    void remove(List<ChainPart> parts) {
        for (ChainPart part : parts) {
            Sums sums = byChain.get(part.chain());
            if (sums == null || !sums.remove(part)) {
                LOG.warnf(
                        "chain %s: a flow back from disk took out a part it never added; the figures ignore it",
                        part.chain());
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
                Arrays.copyOf(sums.stageMillis, stages.size()),
                completed);
    }

    private static final class Sums {
        long open;
        long[] stageMillis = new long[0];
        final TreeMap<Long, Integer> completed = new TreeMap<>();

        void add(ChainPart part) {
            if (!part.complete()) {
                open++;
                return;
            }
            addStages(part.stageMillis(), 1);
            completed.merge(part.millis(), 1, Integer::sum);
        }

        /** False when the part is not among those added: nothing changes then, so no count goes below zero. */
        boolean remove(ChainPart part) {
            if (!part.complete()) {
                if (open == 0) {
                    return false;
                }
                open--;
                return true;
            }
            if (!completed.containsKey(part.millis())) {
                return false;
            }
            completed.computeIfPresent(part.millis(), (millis, count) -> count == 1 ? null : count - 1);
            addStages(part.stageMillis(), -1);
            return true;
        }

        private void addStages(long[] stages, int sign) {
            if (stageMillis.length < stages.length) {
                stageMillis = Arrays.copyOf(stageMillis, stages.length);
            }
            for (int i = 0; i < stages.length; i++) {
                stageMillis[i] += sign * stages[i];
            }
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
