package io.handoff.sla;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a flow that starts a chain adds to the chain's figures: one open chain, or one completed with its end-to-end
 * and per-stage wall-clock times. {@link ChainTally} adds these up; an engine keeps them with the flows it holds on
 * disk, so its figures count those without reading them back and take out exactly what they took in.
 *
 * @param chain the chain's id
 * @param complete whether its last stage has stopped
 * @param millis start to stop of a completed chain (0 while open)
 * @param stageMillis per stage, its time (empty while open)
 */
public record ChainPart(String chain, boolean complete, long millis, long[] stageMillis) {
    public ChainPart {
        stageMillis = stageMillis == null ? new long[0] : stageMillis.clone();
    }

    /** The part of a chain clock; a completed one's times do not depend on {@code now}, an open one only counts. */
    public static ChainPart of(ChainClock clock, Instant now) {
        if (!clock.complete()) {
            return new ChainPart(clock.chain(), false, 0, new long[0]);
        }
        long[] stages = new long[clock.stages().size()];
        for (int i = 0; i < stages.length; i++) {
            stages[i] = clock.stages().get(i).elapsed(now).toMillis();
        }
        return new ChainPart(clock.chain(), true, clock.elapsed(now).toMillis(), stages);
    }

    @Override
    public long[] stageMillis() {
        return stageMillis.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChainPart that
                && chain.equals(that.chain)
                && complete == that.complete
                && millis == that.millis
                && Arrays.equals(stageMillis, that.stageMillis);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(chain, complete, millis) + Arrays.hashCode(stageMillis);
    }
}
