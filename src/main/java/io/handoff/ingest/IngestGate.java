package io.handoff.ingest;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A bulkhead for request parsing: at most {@code permits} requests are parsed and admitted at
 * once. With more, request threads compete with the engine thread for the cores and the queueing
 * delay between acceptance and effect grows; waiting here costs no CPU. A request that cannot get
 * in within {@code maxWaitMillis} is refused like a full buffer. Thread-safe.
 */
public final class IngestGate {
    private final Semaphore permits;
    private final long maxWaitMillis;
    private final int retryAfterSeconds;

    public IngestGate(int permits, long maxWaitMillis, int retryAfterSeconds) {
        this.permits = new Semaphore(permits, true);
        this.maxWaitMillis = maxWaitMillis;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The configured number, or one less than the cores (at least 1) for 0. */
    public static int permits(int configured) {
        return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    public <T> T through(Supplier<T> work) {
        try {
            if (!permits.tryAcquire(maxWaitMillis, TimeUnit.MILLISECONDS)) {
                throw new BufferFullException(retryAfterSeconds);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BufferFullException(retryAfterSeconds);
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }
}
