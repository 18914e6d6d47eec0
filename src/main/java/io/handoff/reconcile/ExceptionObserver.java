package io.handoff.reconcile;

/** Knows how to account for exceptions opening and resolving. Thread-safe, quick. */
public interface ExceptionObserver {
    /** An exception newly opened (not a repeat of one already open). Called on the engine thread: only queue work. */
    void opened(ExceptionRecord exception);

    /** An open exception resolved. */
    void resolved(ExceptionRecord exception);

    /** A snoozed exception came back still unresolved: it deserves a reminder. */
    default void woke(ExceptionRecord exception) {}

    /** The totals of open exceptions changed; {@code open} is the ledger, to read from. */
    void totalsChanged(OpenExceptions open);

    ExceptionObserver NONE = new ExceptionObserver() {
        public void opened(ExceptionRecord exception) {}

        public void resolved(ExceptionRecord exception) {}

        public void totalsChanged(OpenExceptions open) {}
    };
}
