package io.handoff.ingest;

/**
 * The events were not stored within the acknowledgement timeout. They may still be stored later; a
 * retry is safe because storing is idempotent.
 */
public class StorageUnavailableException extends RuntimeException {
    private final int retryAfterSeconds;

    public StorageUnavailableException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
