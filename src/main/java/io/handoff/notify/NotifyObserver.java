package io.handoff.notify;

/** Knows how to account for notices. Thread-safe, quick. */
public interface NotifyObserver {
    /** A notice {@code sent}, {@code escalated} (sent again to the escalation list, unacknowledged), {@code failed} (an attempt; it is retried), {@code held} (quiet hours), {@code duplicate} (already sent once), {@code dropped} (too many pending). */
    void notice(String result);

    /** Notices waiting to be sent. */
    void pending(int notices);

    NotifyObserver NONE = new NotifyObserver() {
        public void notice(String result) {}

        public void pending(int notices) {}
    };
}
