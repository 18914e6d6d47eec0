package io.handoff.trace;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Ships flows' spans to an exporter on a thread of its own, in batches, from a bounded queue: a
 * slow or unreachable endpoint never makes the caller wait; when the queue is full the newest flows
 * are dropped and counted.
 */
final class SpanShipper implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SpanShipper.class);

    private final SpanExporter exporter;
    private final TraceObserver observer;
    private final BlockingQueue<List<SpanData>> queue;
    private final int batchSpans;
    private final Duration timeout;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean failing;

    SpanShipper(SpanExporter exporter, TraceObserver observer, int queueFlows, int batchSpans, Duration timeout) {
        this.exporter = exporter;
        this.observer = observer;
        this.queue = new ArrayBlockingQueue<>(queueFlows);
        this.batchSpans = batchSpans;
        this.timeout = timeout;
        this.thread = new Thread(this::run, "handoff-trace-export");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Never blocks. */
    void ship(List<SpanData> flowSpans) {
        if (!queue.offer(flowSpans)) {
            observer.spans("dropped", flowSpans.size());
        }
    }

    int queued() {
        return queue.size();
    }

    private void run() {
        while (running) {
            try {
                List<SpanData> first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<SpanData> batch = new ArrayList<>(first);
                List<SpanData> next;
                while (batch.size() < batchSpans && (next = queue.poll()) != null) {
                    batch.addAll(next);
                }
                export(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("span export failed: " + e);
            }
        }
    }

    private void export(List<SpanData> batch) {
        CompletableResultCode result = exporter.export(batch).join(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (result.isSuccess()) {
            observer.spans("exported", batch.size());
            if (failing) {
                LOG.info("flow traces are reaching the OTLP endpoint again");
                failing = false;
            }
        } else {
            observer.spans("failed", batch.size());
            if (!failing) {
                LOG.warn(
                        "flow traces could not be exported (endpoint unreachable or refusing); counted in handoff_traces_spans_total{result=\"failed\"}");
                failing = true;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        exporter.shutdown().join(2, TimeUnit.SECONDS);
    }
}
