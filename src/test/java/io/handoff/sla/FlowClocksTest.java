package io.handoff.sla;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlowClocksTest {
    private static final int SLAS = 6;

    @Test
    void oneClockIsHeldWithoutSlotsAndASecondSpreadsBothIntoThem() {
        FlowClocks clocks = new FlowClocks();
        for (int sla = 0; sla < SLAS; sla++) {
            assertThat(clocks.get(sla)).isNull();
        }

        ClockRecord third = new ClockRecord();
        clocks.put(3, third, SLAS);
        assertThat(clocks.get(3)).isSameAs(third);
        assertThat(clocks.get(0)).isNull(); // the one record answers for its own SLA only
        assertThat(clocks.get(5)).isNull();

        ClockRecord replaced = new ClockRecord();
        clocks.put(3, replaced, SLAS);
        assertThat(clocks.get(3)).isSameAs(replaced);

        ClockRecord first = new ClockRecord();
        clocks.put(0, first, SLAS);
        assertThat(clocks.get(0)).isSameAs(first);
        assertThat(clocks.get(3)).isSameAs(replaced);
        assertThat(clocks.get(1)).isNull();

        ClockRecord last = new ClockRecord();
        clocks.put(SLAS - 1, last, SLAS);
        assertThat(clocks.get(SLAS - 1)).isSameAs(last);
        assertThat(clocks.get(0)).isSameAs(first);

        clocks.clear();
        for (int sla = 0; sla < SLAS; sla++) {
            assertThat(clocks.get(sla)).isNull();
        }
        ClockRecord again = new ClockRecord();
        clocks.put(2, again, SLAS);
        assertThat(clocks.get(2)).isSameAs(again);
        assertThat(clocks.get(0)).isNull();
    }

    @Test
    void anOpenClockIsSeenInEitherForm() {
        FlowClocks clocks = new FlowClocks();
        assertThat(clocks.hasOpenClock()).isFalse();

        ClockRecord closed = new ClockRecord();
        clocks.put(4, closed, SLAS);
        assertThat(clocks.hasOpenClock()).isFalse();
        closed.openState = ClockState.ON_TRACK;
        assertThat(clocks.hasOpenClock()).isTrue();

        closed.openState = null;
        ClockRecord open = new ClockRecord();
        open.openState = ClockState.BREACHED;
        clocks.put(1, open, SLAS);
        assertThat(clocks.hasOpenClock()).isTrue();
        open.openState = null;
        assertThat(clocks.hasOpenClock()).isFalse();
        open.openState = ClockState.AT_RISK;
        clocks.clear();
        assertThat(clocks.hasOpenClock()).isFalse();
    }
}
