package io.handoff.ingest;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Admission control in front of the engine. At most {@code permits} requests are parsed and
 * admitted at once: with more, request threads compete with the engine thread for the cores. And
 * a request is admitted only while the engine's backlog is at most {@code backlogLimit} events,
 * so that what is accepted is applied quickly (the accepted-to-applied delay stays bounded by
 * the backlog, not by the whole buffer). Waiting here costs no CPU and accepts nothing; a request
 * that cannot get in within {@code maxWaitMillis} is refused like a full buffer (503). Thread-safe.
 */
public final class IngestGate {
    private final Semaphore permits;
    private final IntSupplier backlog;
    private final int backlogLimit;
    private final long maxWaitMillis;
    private final int retryAfterSeconds;

    public IngestGate(int permits, IntSupplier backlog, int backlogLimit, long maxWaitMillis, int retryAfterSeconds) {
        this.permits = new Semaphore(permits, true);
        this.backlog = backlog;
        this.backlogLimit = backlogLimit;
        this.maxWaitMillis = maxWaitMillis;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The configured number, or one less than the cores (at least 1) for 0. */
    public static int permits(int configured) {
        return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    public <T> T through(Supplier<T> work) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        try {
            if (!permits.tryAcquire(maxWaitMillis, TimeUnit.MILLISECONDS)) {
                throw new BufferFullException(retryAfterSeconds);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BufferFullException(retryAfterSeconds);
        }
        try {
            while (backlog.getAsInt() > backlogLimit) {
                if (System.nanoTime() > deadline) {
                    throw new BufferFullException(retryAfterSeconds);
                }
                LockSupport.parkNanos(200_000);
            }
            return work.get();
        } finally {
            permits.release();
        }
    }
}
