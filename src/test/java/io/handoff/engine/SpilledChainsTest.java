package io.handoff.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.sla.Chain;
import io.handoff.sla.ChainPart;
import io.handoff.sla.ChainTally;
import io.handoff.testing.Slas;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpilledChainsTest {
    private static final Chain CHAIN = new Chain(
            "project-to-cash", "approved to paid", List.of(Slas.APPROVED_TO_INVOICE, Slas.INVOICE_TO_PAYMENT));
    private static final ChainPart OPEN = new ChainPart("project-to-cash", false, 0, new long[0]);
    private static final ChainPart FAST = new ChainPart("project-to-cash", true, 3_000, new long[] {1_000, 2_000});
    private static final ChainPart SLOW = new ChainPart("project-to-cash", true, 9_000, new long[] {4_000, 5_000});

    private final SpilledChains spilled = new SpilledChains();

    @Test
    void partsAddUpAndComeOutAsTheyWentIn() {
        spilled.add(List.of(OPEN));
        spilled.add(List.of(FAST));
        spilled.add(List.of(SLOW));
        spilled.add(List.of(FAST));

        assertThat(figures(spilled.tally(CHAIN))).isEqualTo("open=1 stages=[6000, 9000] times=[3000, 3000, 9000]");

        spilled.remove(List.of(FAST));
        spilled.remove(List.of(OPEN));
        assertThat(figures(spilled.tally(CHAIN))).isEqualTo("open=0 stages=[5000, 7000] times=[3000, 9000]");
    }

    /** A flow that failed to come back from disk whole must not take the figures below zero (nor break them). */
    @Test
    void aPartNeverAddedTakesNothingOut() {
        spilled.add(List.of(FAST));
        spilled.remove(List.of(SLOW, OPEN, new ChainPart("other", true, 1, new long[] {1, 0})));

        assertThat(figures(spilled.tally(CHAIN))).isEqualTo("open=0 stages=[1000, 2000] times=[3000]");
    }

    @Test
    void aChainNoFlowOnDiskStartsTalliesNothing() {
        assertThat(figures(spilled.tally(CHAIN))).isEqualTo("open=0 stages=[0, 0] times=[]");
    }

    private static String figures(ChainTally tally) {
        return "open=" + tally.open() + " stages=" + Arrays.toString(tally.stageMillis()) + " times="
                + Arrays.toString(tally.completedMillis());
    }
}
