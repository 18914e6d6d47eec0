package io.handoff.sla;

/**
 * The clocks of one flow as far as they were reported: a record per SLA of the catalog whose clock started. Held beside the flow; only a {@link ClockBook} reads or changes it. Not final: a holder may extend
 * it rather than point to it, which saves an object per flow (a million open flows is a sizing case).
 */
public class FlowClocks {
    /*
     * Null (no clock started), the one record of a flow with one clock (its SLA in ClockRecord.sla), or one slot per
     * SLA of the catalog. Most flows run one clock: a slot per SLA is an array of 40 bytes or more around it. Read
     * once per access (a local), so each access sees one form.
     */
    private Object records;

    protected FlowClocks() {}

    /** Whether any clock is counted as open (on track, at risk or breached and not stopped). */
    public boolean hasOpenClock() {
        Object held = records;
        if (held instanceof ClockRecord one) {
            return one.openState != null;
        }
        if (held instanceof ClockRecord[] all) {
            for (ClockRecord record : all) {
                if (record != null && record.openState != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The record of the catalog's SLA at {@code sla}, or null. */
    ClockRecord get(int sla) {
        Object held = records;
        if (held instanceof ClockRecord one) {
            return one.sla == sla ? one : null;
        }
        return held == null ? null : ((ClockRecord[]) held)[sla];
    }

    /**
     * Holds {@code record} as the clock of the SLA at {@code sla} in a catalog of {@code slaCount}: a new record, never
     * one held for another SLA (its index is overwritten).
     */
    void put(int sla, ClockRecord record, int slaCount) {
        record.sla = sla;
        Object held = records;
        if (held == null || held instanceof ClockRecord one && one.sla == sla) {
            records = record;
            return;
        }
        ClockRecord[] all;
        if (held instanceof ClockRecord one) {
            all = new ClockRecord[slaCount];
            all[one.sla] = one;
            records = all;
        } else {
            all = (ClockRecord[]) held;
        }
        all[sla] = record;
    }

    void clear() {
        records = null;
    }
}
