package io.handoff.ingest;

/** The engine's buffer has no room for a batch: nothing of it was accepted; retry later. */
public class BufferFullException extends RuntimeException {
    private final int retryAfterSeconds;

    public BufferFullException(int retryAfterSeconds) {
        this("the event buffer is full; nothing of this request was accepted", retryAfterSeconds);
    }

    public BufferFullException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
