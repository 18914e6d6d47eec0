package io.handoff.reconcile;

/** Knows how to account for daily reconciliation runs. Called on the run's thread; quick. */
public interface ReconcileObserver {
    /** Lines scanned so far of this run's total. */
    void progress(long scanned, long total);

    /** A run ended: {@code ok} or {@code failed}. */
    void finished(DailyReconciliation.Run run);

    ReconcileObserver NONE = new ReconcileObserver() {
        public void progress(long scanned, long total) {}

        public void finished(DailyReconciliation.Run run) {}
    };
}
