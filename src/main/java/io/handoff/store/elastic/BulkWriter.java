package io.handoff.store.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.handoff.store.StoreObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Writes documents to Elasticsearch in bulk requests, asynchronously.
 *
 * <p>A request leaves when it holds {@code maxActions} operations or {@code maxBytes} of documents, or
 * {@code flushInterval} after its oldest operation was queued. The buffer is bounded (events and
 * derived documents separately, in-flight operations included); an operation is only released when
 * written. Whole-request failures and per-item 429/5xx are retried with exponential backoff and full
 * jitter, for as long as it takes: nothing handed over is ever dropped. A 409 means the document is
 * already there (create) or a newer version is (external versioning): done. Any other per-item error
 * (a mapping error, say) is final for that document: it goes to the dead-letter index with the reason,
 * and the rest of the request is unaffected.
 */
final class BulkWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BulkWriter.class);
    private static final long BASE_BACKOFF_MILLIS = 100;

    /** One document to write; {@code externalVersion} null means create-if-absent. */
    record Operation(String kind, String index, String id, Long externalVersion, byte[] json, Waiter waiter) {}

    /** Completes once every operation of one hand-over is written. */
    static final class Waiter {
        private final AtomicInteger remaining;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Waiter(int operations) {
            remaining = new AtomicInteger(operations);
        }

        void one() {
            if (remaining.decrementAndGet() == 0) {
                done.complete(null);
            }
        }

        void fail(Exception e) {
            done.completeExceptionally(e);
        }
    }

    /** The fields of a bulk answer the client requires and the writer reads; ok items carry no {@code error}. */
    static final String RESPONSE_FIELDS = "took,errors,items.*._index,items.*.status,items.*.error";

    private final ElasticsearchClient client;
    private final DeadLetters deadLetters;
    private final StoreObserver observer;
    private final int maxActions;
    private final int maxBytes;
    private final long flushNanos;
    private final long maxBackoffMillis;
    private final int eventCapacity;
    private final int documentCapacity;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final ArrayDeque<Operation> queue = new ArrayDeque<>();
    private final ArrayDeque<Long> queuedAt = new ArrayDeque<>();
    private long queuedBytes;
    /** Events and documents handed over and not yet written, in flight included. Guarded by lock. */
    private int events;

    private int documents;
    private int inFlight;
    private volatile boolean running = true;
    /** Set while requests fail, so an outage is logged when it starts and when it ends, not per request. */
    private volatile boolean failing;

    private final List<Thread> threads = new ArrayList<>();

    BulkWriter(
            ElasticsearchClient client,
            DeadLetters deadLetters,
            StoreObserver observer,
            int maxActions,
            int maxBytes,
            Duration flushInterval,
            Duration maxBackoff,
            int eventCapacity,
            int documentCapacity,
            int concurrentRequests) {
        // Only what the writer reads of each item: Elasticsearch serialises, and the client parses, a fifth of the
        // answer.
        this.client = client.withTransportOptions(o -> o.setParameter("filter_path", RESPONSE_FIELDS));
        this.deadLetters = deadLetters;
        this.observer = observer;
        this.maxActions = maxActions;
        this.maxBytes = maxBytes;
        this.flushNanos = flushInterval.toNanos();
        this.maxBackoffMillis = maxBackoff.toMillis();
        this.eventCapacity = eventCapacity;
        this.documentCapacity = documentCapacity;
        for (int i = 0; i < concurrentRequests; i++) {
            Thread thread = new Thread(this::run, "handoff-es-writer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Queues event operations if all fit; false (nothing queued) when they do not. */
    boolean offerEvents(List<Operation> operations) {
        return offer(operations, true);
    }

    /** Queues derived documents; the caller asked {@link #documentRoom()} first, so they fit. */
    void offerDocuments(List<Operation> operations) {
        offer(operations, false);
    }

    int documentRoom() {
        lock.lock();
        try {
            return Math.max(0, documentCapacity - documents);
        } finally {
            lock.unlock();
        }
    }

    private boolean offer(List<Operation> operations, boolean areEvents) {
        if (operations.isEmpty()) {
            return true;
        }
        lock.lock();
        try {
            if (areEvents) {
                if (events + operations.size() > eventCapacity) {
                    return false;
                }
                events += operations.size();
            } else {
                documents += operations.size();
            }
            long now = System.nanoTime();
            for (Operation op : operations) {
                queue.addLast(op);
                queuedAt.addLast(now);
                queuedBytes += op.json().length;
            }
            observer.backlog(events + documents);
            queued.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Operations handed over and not yet written. */
    int backlog() {
        lock.lock();
        try {
            return events + documents;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every operation handed over so far is written; false on timeout. */
    boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            lock.lock();
            try {
                if (events + documents == 0 && inFlight == 0) {
                    return true;
                }
            } finally {
                lock.unlock();
            }
            Thread.sleep(10);
        }
        return false;
    }

    private void run() {
        while (running) {
            try {
                List<Operation> batch = nextBatch();
                if (!batch.isEmpty()) {
                    try {
                        write(batch);
                    } finally {
                        lock.lock();
                        try {
                            inFlight -= batch.size();
                        } finally {
                            lock.unlock();
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("bulk writer failed; continuing", e);
            }
        }
    }

    /** Waits for a full request or for the oldest operation to have waited long enough. */
    private List<Operation> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (running) {
                if (queue.isEmpty()) {
                    queued.await(flushNanos, TimeUnit.NANOSECONDS);
                    continue;
                }
                long waited = System.nanoTime() - queuedAt.peekFirst();
                if (queue.size() >= maxActions || queuedBytes >= maxBytes || waited >= flushNanos) {
                    List<Operation> batch = new ArrayList<>(Math.min(queue.size(), maxActions));
                    long bytes = 0;
                    while (!queue.isEmpty()
                            && batch.size() < maxActions
                            && (batch.isEmpty() || bytes + queue.peekFirst().json().length <= maxBytes)) {
                        Operation op = queue.pollFirst();
                        queuedAt.pollFirst();
                        bytes += op.json().length;
                        batch.add(op);
                    }
                    queuedBytes -= bytes;
                    inFlight += batch.size();
                    if (!queue.isEmpty()) {
                        queued.signal();
                    }
                    return batch;
                }
                queued.await(flushNanos - waited, TimeUnit.NANOSECONDS);
            }
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    private void write(List<Operation> batch) throws InterruptedException {
        List<Operation> pending = batch;
        int attempt = 0;
        while (!pending.isEmpty()) {
            List<Operation> retry = new ArrayList<>();
            long started = System.nanoTime();
            try {
                List<BulkOperation> ops = new ArrayList<>(pending.size());
                for (Operation op : pending) {
                    ops.add(toBulk(op));
                }
                BulkResponse response = client.bulk(b -> b.operations(ops));
                List<BulkResponseItem> items = response.items();
                for (int i = 0; i < items.size(); i++) {
                    BulkResponseItem item = items.get(i);
                    Operation op = pending.get(i);
                    int status = item.status();
                    if (item.error() == null || status == 409) {
                        done(op);
                    } else if (status == 429 || status >= 500) {
                        retry.add(op);
                    } else {
                        deadLetter(op, status, item.error());
                    }
                }
                observer.bulk(retry.isEmpty() ? "ok" : "partial", pending.size(), System.nanoTime() - started);
                if (failing) {
                    failing = false;
                    LOG.info("Elasticsearch accepts bulk requests again; catching up on " + backlog()
                            + " queued operations");
                }
            } catch (ElasticsearchException e) {
                observer.bulk("failed", pending.size(), System.nanoTime() - started);
                if (e.status() == 429 || e.status() >= 500) {
                    retry = pending;
                } else {
                    LOG.error(
                            "bulk request refused with " + e.status() + "; dead-lettering its " + pending.size()
                                    + " documents",
                            e);
                    for (Operation op : pending) {
                        deadLetter(op, e.status(), e.error());
                    }
                }
            } catch (Exception e) {
                observer.bulk("failed", pending.size(), System.nanoTime() - started);
                retry = pending;
                if (!failing) {
                    failing = true;
                    LOG.warn("Elasticsearch bulk requests fail (" + e + "); retrying with backoff, nothing is dropped; "
                            + "ingestion answers 503 once the buffer is full or acknowledgements time out");
                }
            }
            pending = retry;
            if (!pending.isEmpty()) {
                if (!running) {
                    fail(pending, new IllegalStateException("the store is closing"));
                    return;
                }
                Thread.sleep(backoffMillis(attempt++));
            }
        }
    }

    /** Full jitter: a random pause up to an exponentially growing cap. */
    private long backoffMillis(int attempt) {
        long cap = Math.min(maxBackoffMillis, BASE_BACKOFF_MILLIS << Math.min(attempt, 20));
        return ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    }

    private static BulkOperation toBulk(Operation op) {
        BinaryData document = BinaryData.of(op.json(), ContentType.APPLICATION_JSON);
        if (op.externalVersion() == null) {
            return BulkOperation.of(
                    o -> o.create(c -> c.index(op.index()).id(op.id()).document(document)));
        }
        return BulkOperation.of(o -> o.index(c -> c.index(op.index())
                .id(op.id())
                .version(op.externalVersion())
                .versionType(VersionType.External)
                .document(document)));
    }

    private void deadLetter(Operation op, int status, ErrorCause error) {
        String reason = error == null ? "status " + status : error.type() + ": " + error.reason();
        try {
            deadLetters.keep(op, status, reason);
            observer.deadLettered(op.kind(), error == null ? String.valueOf(status) : error.type());
            LOG.warn("Elasticsearch refused " + op.kind() + " " + op.id() + " for good (" + reason
                    + "); kept as a dead letter");
            done(op);
        } catch (Exception e) {
            LOG.error("could not keep dead letter for " + op.kind() + " " + op.id() + " (" + reason + ")", e);
            fail(List.of(op), new IllegalStateException(reason, e));
        }
    }

    private void done(Operation op) {
        release(op);
        observer.written(op.kind(), 1);
        if (op.waiter() != null) {
            op.waiter().one();
        }
    }

    private void fail(List<Operation> ops, Exception cause) {
        for (Operation op : ops) {
            release(op);
            if (op.waiter() != null) {
                op.waiter().fail(cause);
            }
        }
    }

    private void release(Operation op) {
        lock.lock();
        try {
            if (ElasticStore.EVENT.equals(op.kind())) {
                events--;
            } else {
                documents--;
            }
            observer.backlog(events + documents);
        } finally {
            lock.unlock();
        }
    }

    /** Stops after writing what is queued, waiting at most {@code grace}. */
    void close(Duration grace) {
        try {
            if (!awaitEmpty(grace)) {
                LOG.warn(backlog() + " operations were not written before shutdown; their events are not acknowledged");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
        threads.forEach(Thread::interrupt);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
