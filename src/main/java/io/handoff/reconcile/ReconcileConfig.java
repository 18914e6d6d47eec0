package io.handoff.reconcile;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The exception detectors: {@code handoff.reconcile.*}. */
@ConfigMapping(prefix = "handoff.reconcile")
public interface ReconcileConfig {
    /** How long Odoo may take to show an event about a record the middleware delivered into. */
    /** How often snoozed exceptions are checked for their end (those still open come back with a reminder). */
    @WithDefault("30s")
    java.time.Duration snoozeCheckEvery();

    /**
     * How long Odoo may take to show an event about a record the middleware reported delivering into it; after
     * that, the delivery is an exception ({@code delivery-unconfirmed}).
     */
    @WithDefault("15m")
    Duration confirmWithin();

    /** Invoices whose lines are remembered for re-checking them when the invoice changes (bounded memory). */
    @WithDefault("100000")
    int maxInvoices();

    /** How long after a reference (a line's invoice) arrived an event about the referenced object may take. */
    @WithDefault("24h")
    Duration referenceGrace();

    /** Hours by which the time tool and Odoo may differ on one line (rounding) before it is a mismatch. */
    @WithDefault("0.01")
    double hoursTolerance();

    /** The daily batch reconciliation of hours per project and day: {@code handoff.reconcile.daily.*}. */
    Daily daily();

    interface Daily {
        /** When it runs (Quartz cron, in {@code zone}); {@code off} to run it only on demand. */
        @WithDefault("0 30 5 * * ?")
        String cron();

        /** Time zone of the days (and of the cron). */
        @WithDefault("UTC")
        String zone();

        /** How many days back it compares (complete days only; today is never compared). */
        @WithDefault("35")
        int days();

        /** Age in days after which approved hours should be invoiced: younger days are not held to it. */
        @WithDefault("14")
        int settleAfterDays();
    }
}
