package io.handoff.engine;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowLookup;
import io.handoff.event.BusinessEvent;
import io.handoff.sla.SlaTally;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Runs a {@link FlowEngine} on one thread of its own: the engine's only writer.
 *
 * <p>Events wait in a buffer bounded by {@code capacity} events; {@link #offer} refuses a batch that
 * does not fit instead of blocking, so callers can push back. Queries jump the queue and see a
 * consistent engine. Time passes every {@code tick} even when no event comes.
 */
public final class EngineLoop implements FlowReads, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EngineLoop.class);

    /** Told how long each batch waited between acceptance and having its effects applied. */
    public interface BatchTimer {
        void applied(int events, long nanosSinceAccepted);
    }

    private final FlowEngine engine;
    private final InstantSource clock;
    private final BatchTimer timer;
    private final int capacity;
    private final long tickNanos;
    private final Semaphore room;
    private final LinkedBlockingDeque<Runnable> commands = new LinkedBlockingDeque<>();
    private final Thread thread;
    private volatile boolean running = true;
    private final FlowJournal journal;
    private final long journalNanos;
    /** Flow pictures built between two engine commands at most (see {@link #journal}). */
    static final int JOURNAL_SLICE = 500;

    /** @param journalEvery how often the pictures of changed flows are handed to the journal */
    public EngineLoop(
            FlowEngine engine,
            InstantSource clock,
            BatchTimer timer,
            int capacity,
            java.time.Duration tick,
            FlowJournal journal,
            java.time.Duration journalEvery) {
        this.journal = journal;
        this.journalNanos = journalEvery.toNanos();
        this.engine = engine;
        this.clock = clock;
        this.timer = timer;
        this.capacity = capacity;
        this.tickNanos = tick.toNanos();
        this.room = new Semaphore(capacity);
        this.thread = new Thread(this::run, "handoff-engine");
        this.thread.setDaemon(true);
    }

    public EngineLoop start() {
        thread.start();
        return this;
    }

    /**
     * Reserves room for the batch now and applies it once {@code durable} completes, so that the engine
     * only ever reflects kept events; false (and nothing reserved) when it does not fit. If
     * {@code durable} fails the room is given back and the events are not applied.
     */
    public boolean offer(List<BusinessEvent> events, long acceptedAtNanos, CompletionStage<?> durable) {
        return offer(events, acceptedAtNanos, durable, false);
    }

    /**
     * Like {@link #offer(List, long, CompletionStage)}; {@code context} events are another instance's, held
     * for the flows owned here. Any other event whose flow is not owned here when it is applied (its partition
     * moved while it was on its way) goes to the {@link #whenNotOwned} handler too, to reach the new owner.
     */
    public boolean offer(
            List<BusinessEvent> events, long acceptedAtNanos, CompletionStage<?> durable, boolean context) {
        if (events.isEmpty()) {
            return true;
        }
        if (!room.tryAcquire(events.size())) {
            return false;
        }
        enqueue(events, acceptedAtNanos, durable, context);
        return true;
    }

    /**
     * Like {@link #offer(List, long, CompletionStage, boolean)}, waiting up to {@code wait} for room: the caller wakes
     * as soon as the engine has made it, not after a guessed sleep. False when no room came in time.
     */
    public boolean offer(
            List<BusinessEvent> events,
            long acceptedAtNanos,
            CompletionStage<?> durable,
            boolean context,
            java.time.Duration wait)
            throws InterruptedException {
        if (events.isEmpty()) {
            return true;
        }
        if (!room.tryAcquire(events.size(), wait.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
            return false;
        }
        enqueue(events, acceptedAtNanos, durable, context);
        return true;
    }

    /** Queues events the caller has room for, to be applied once {@code durable} completes. */
    private void enqueue(
            List<BusinessEvent> events, long acceptedAtNanos, CompletionStage<?> durable, boolean context) {
        durable.whenComplete((ok, failure) -> {
            if (failure != null) {
                room.release(events.size());
                return;
            }
            commands.addLast(() -> {
                try {
                    List<BusinessEvent> elsewhere = null;
                    for (BusinessEvent event : events) {
                        if (!applyOne(event)) {
                            continue;
                        }
                        if (!context && !engine.ownership().owns(event.flowKey())) {
                            elsewhere = elsewhere == null ? new ArrayList<>() : elsewhere;
                            elsewhere.add(event);
                        }
                    }
                    if (elsewhere != null) {
                        notOwned.accept(elsewhere);
                    }
                } finally {
                    room.release(events.size());
                    timer.applied(events.size(), System.nanoTime() - acceptedAtNanos);
                }
            });
        });
    }

    /**
     * One event that throws must not cost the rest of its batch: it is logged (by identity, not content) and
     * counted, and the engine goes on with the next. False when it could not be applied.
     */
    private boolean applyOne(BusinessEvent event) {
        try {
            engine.apply(event, clock.instant());
            return true;
        } catch (RuntimeException | StackOverflowError e) {
            failedEvents.incrementAndGet();
            LOG.error(
                    "engine could not apply event " + event.identity() + " of type "
                            + event.type().wireName(),
                    e);
            return false;
        }
    }

    private final AtomicLong failedEvents = new AtomicLong();

    /** Events the engine could not apply since start (each logged); 0 unless there is a defect. */
    public long failedEvents() {
        return failedEvents.get();
    }

    private volatile Consumer<List<BusinessEvent>> notOwned = events -> LOG.warn(
            events.size() + " events applied to flows this instance does not own, with nobody to pass them on to");

    /** Who passes on events that reached this instance after their flow's partition moved away. */
    public void whenNotOwned(Consumer<List<BusinessEvent>> handler) {
        this.notOwned = handler;
    }

    /** Runs {@code query} on the engine thread ahead of queued events (tests; the service reads through {@link FlowReads}). */
    <T> CompletableFuture<T> query(Function<FlowEngine, T> query) {
        return run(query, true);
    }

    @Override
    public CompletableFuture<Optional<FlowView>> flow(String keyOrCorrelationId, Instant now) {
        return query(e -> e.find(keyOrCorrelationId, now));
    }

    @Override
    public CompletableFuture<List<SlaTally>> tallies() {
        return query(FlowEngine::tallies);
    }

    @Override
    public CompletableFuture<List<io.handoff.sla.ChainTally>> chains(Instant now) {
        return query(e -> e.chainTallies(now));
    }

    @Override
    public CompletableFuture<Integer> flowCount() {
        return query(FlowEngine::flowCount);
    }

    @Override
    public CompletableFuture<Integer> dueCount() {
        return query(FlowEngine::dueCount);
    }

    @Override
    public CompletableFuture<List<FlowView>> openFlows(Instant now) {
        return query(e -> e.openFlows(now));
    }

    /** Not on the engine thread: the disk is read in slices beside it (see {@link FlowSpill#openClocks}). */
    @Override
    public void openClocksOnDisk(java.util.function.Consumer<SpilledClock> each) {
        engine.openClocksOnDisk(each);
    }

    @Override
    public CompletableFuture<List<String>> keysStartingWith(String prefix) {
        return query(e -> e.keysStartingWith(prefix));
    }

    @Override
    public <T> CompletableFuture<List<T>> eachFlow(List<String> keys, BiFunction<Flow, FlowLookup, T> read) {
        return query(e -> {
            FlowLookup lookup = e.lookup();
            List<T> out = new ArrayList<>(keys.size());
            for (String key : keys) {
                lookup.flow(key).ifPresent(flow -> out.add(read.apply(flow, lookup)));
            }
            return out;
        });
    }

    /**
     * On the engine thread: lets time pass, hands the pictures of every changed flow to the journal (so
     * flows given up are stored as this instance last saw them), then changes what the engine owns. Flows
     * taken over are evaluated as of {@code reportedUntil} (null: now) without reporting outcomes: the previous
     * owner reported those; what falls due after it is reported by the next tick.
     */
    public CompletableFuture<Void> handOver(Ownership next, Instant reportedUntil) {
        return afterQueued(engine -> {
            var now = clock.instant();
            engine.advance(now);
            if (engine.changedCount() > 0) {
                journal.changed(engine.drainChanged(now, Integer.MAX_VALUE), now);
            }
            engine.own(next, reportedUntil == null || reportedUntil.isAfter(now) ? now : reportedUntil);
            return null;
        });
    }

    /**
     * On the engine thread, after the events already queued: puts these maintenance windows in force and re-evaluates
     * every clock held (see {@link FlowEngine#maintenance}).
     */
    public CompletableFuture<Void> maintenance(java.util.function.Supplier<io.handoff.sla.Maintenance> windows) {
        // read on the engine thread: of two changes made at once, the later task sees both
        return afterQueued(engine -> {
            engine.maintenance(windows.get(), clock.instant());
            return null;
        });
    }

    /**
     * On the engine thread, after the events already queued: lets time pass to now and answers that instant. Every
     * outcome falling due by then, and every outcome of the events queued before this call, has been told.
     */
    public CompletableFuture<Instant> reportedUntil() {
        return afterQueued(engine -> {
            Instant now = clock.instant();
            engine.advance(now);
            return now;
        });
    }

    /** On the engine thread: reloads flows (after a restart, or of a partition taken over), see {@link FlowEngine#restore}. */
    public CompletableFuture<Void> restore(List<BusinessEvent> events, Instant checkpoint) {
        return afterQueued(engine -> {
            engine.restore(events, checkpoint);
            return null;
        });
    }

    /** Runs {@code command} on the engine thread after the events already queued: they are applied under the old ownership. */
    private <T> CompletableFuture<T> afterQueued(Function<FlowEngine, T> command) {
        return run(command, false);
    }

    private <T> CompletableFuture<T> run(Function<FlowEngine, T> command, boolean aheadOfQueue) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                result.complete(command.apply(engine));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        if (aheadOfQueue) {
            commands.addFirst(task);
        } else {
            commands.addLast(task);
        }
        return result;
    }

    /** Events accepted and not yet applied. */
    public int backlog() {
        return capacity - room.availablePermits();
    }

    public int capacity() {
        return capacity;
    }

    /** False once the engine thread has died or been stopped: nothing accepted would be applied. */
    public boolean isRunning() {
        return running && thread.isAlive();
    }

    private void run() {
        long lastTick = 0;
        long lastJournal = 0;
        int journalLeft = 0;
        long lastReview = System.nanoTime();
        java.time.Duration reviewEvery = journal.reviewOpenEvery();
        while (running) {
            try {
                boolean journaling = journalLeft > 0; // a pass in slices: take the next command, if any, at once
                Runnable command = journaling ? commands.poll() : commands.poll(tickNanos, TimeUnit.NANOSECONDS);
                if (command != null) {
                    command.run();
                }
                long now = System.nanoTime();
                if ((command == null && !journaling) || now - lastTick >= tickNanos) {
                    engine.advance(clock.instant());
                    lastTick = now;
                }
                if (journalLeft == 0 && now - lastJournal >= journalNanos) {
                    journalLeft = Math.max(engine.changedCount(), 1); // this pass: the flows changed until now
                    lastJournal = now;
                }
                if (journalLeft > 0) {
                    int left = journalLeft;
                    journalLeft = 0; // a slice that fails ends the pass: the next interval tries again
                    journalLeft = journal(left);
                }
                if (reviewEvery != null && now - lastReview >= reviewEvery.toNanos()) {
                    var instant = clock.instant();
                    journal.reviewOpen(engine.openFlows(instant), instant);
                    lastReview = now;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | StackOverflowError e) {
                // One bad command must not stop the engine; what it was about is in the stack trace.
                LOG.error("engine command failed", e);
            }
        }
    }

    /**
     * One slice of a journal pass: the pictures of at most {@link #JOURNAL_SLICE} changed flows, so that events queued
     * meanwhile wait for one slice rather than for every flow changed in the last interval (25,000 new flows a second
     * took about 100 ms in one go, the p99 of accept-to-applied). Returns how many flows the pass has left; 0 ends it
     * (nothing left, or the journal has no room: the rest waits for the next pass).
     */
    private int journal(int left) {
        int room = journal.room();
        if (room <= 0 || engine.changedCount() == 0) {
            return 0;
        }
        var now = clock.instant();
        List<FlowView> slice = engine.drainChanged(now, Math.min(Math.min(left, room), JOURNAL_SLICE));
        journal.changed(slice, now);
        return slice.isEmpty() ? 0 : left - slice.size();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
