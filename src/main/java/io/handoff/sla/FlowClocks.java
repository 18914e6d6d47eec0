package io.handoff.sla;

/**
 * The clocks of one flow as far as they were reported: one record per SLA of the catalog, filled when the SLA's
 * clock starts. Held beside the flow; only a {@link ClockBook} reads or changes it. Not final: a holder may extend
 * it rather than point to it, which saves an object per flow (a million open flows is a sizing case).
 */
public class FlowClocks {
    final ClockRecord[] records;

    protected FlowClocks(int slaCount) {
        this.records = new ClockRecord[slaCount];
    }

    /** Whether any clock is counted as open (on track, at risk or breached and not stopped). */
    public boolean hasOpenClock() {
        for (ClockRecord record : records) {
            if (record != null && record.openState != null) {
                return true;
            }
        }
        return false;
    }
}
