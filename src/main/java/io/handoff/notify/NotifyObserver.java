package io.handoff.notify;

import io.handoff.reconcile.ExceptionRecord;

/** Knows how to account for notices. Thread-safe, quick. */
public interface NotifyObserver {
    /** A notice {@code sent}, {@code escalated} (sent again to the escalation list, unacknowledged), {@code failed} (an attempt; it is retried), {@code held} (quiet hours), {@code duplicate} (already sent once), {@code dropped} (too many pending). */
    void notice(String result);

    /**
     * A notice about {@code exception} went out to {@code to}; {@code kind} is {@code notified}, {@code escalated}
     * or {@code reminded} (a snoozed exception back, still open). For the exception's history.
     */
    default void delivered(ExceptionRecord exception, String kind, String group, java.util.List<String> to) {}

    /** Notices waiting to be sent. */
    void pending(int notices);

    NotifyObserver NONE = new NotifyObserver() {
        public void notice(String result) {}

        public void pending(int notices) {}
    };
}
