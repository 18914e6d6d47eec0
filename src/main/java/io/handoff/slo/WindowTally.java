package io.handoff.slo;

/** The decisions of one SLA in one window, added up. */
public record WindowTally(
        long met,
        long breached,
        double hoursDecided,
        double hoursBreached,
        double amountDecided,
        double amountBreached) {
    public static final WindowTally NONE = new WindowTally(0, 0, 0, 0, 0, 0);

    /** This tally with one more decision. */
    public WindowTally plus(ClockDecision d) {
        boolean late = d.outcome() == io.handoff.sla.Outcome.BREACHED;
        double hours = d.hours() == null ? 0 : d.hours();
        double amount = d.amount() == null ? 0 : d.amount();
        return new WindowTally(
                met + (late ? 0 : 1),
                breached + (late ? 1 : 0),
                hoursDecided + hours,
                hoursBreached + (late ? hours : 0),
                amountDecided + amount,
                amountBreached + (late ? amount : 0));
    }
}
