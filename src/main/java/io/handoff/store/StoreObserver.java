package io.handoff.store;

/** Knows how to account for what the store's writer does. Called on writer threads: thread-safe, quick. */
public interface StoreObserver {
    /** One bulk request answered: {@code ok}, {@code partial} (some items retried) or {@code failed} (all retried). */
    void bulk(String result, int operations, long nanos);

    /** Documents written, by kind (event, flow, exception). */
    void written(String kind, int documents);

    /** Documents Elasticsearch refused for good (e.g. a mapping error), kept as dead letters. */
    void deadLettered(String kind, String reason);

    /** Operations waiting to be written. */
    void backlog(int operations);

    StoreObserver NONE = new StoreObserver() {
        public void bulk(String result, int operations, long nanos) {}

        public void written(String kind, int documents) {}

        public void deadLettered(String kind, String reason) {}

        public void backlog(int operations) {}
    };
}
