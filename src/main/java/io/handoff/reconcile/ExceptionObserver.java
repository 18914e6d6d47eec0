package io.handoff.reconcile;

/** Knows how to account for exceptions opening and resolving. Thread-safe, quick. */
public interface ExceptionObserver {
    /** An exception newly opened (not a repeat of one already open). */
    void opened(String type, String severity);

    /** An open exception resolved. */
    void resolved(String type);

    /** The totals of open exceptions changed; {@code open} is the ledger, to read from. */
    void totalsChanged(OpenExceptions open);

    ExceptionObserver NONE = new ExceptionObserver() {
        public void opened(String type, String severity) {}

        public void resolved(String type) {}

        public void totalsChanged(OpenExceptions open) {}
    };
}
