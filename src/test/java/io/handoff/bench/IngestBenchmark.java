package io.handoff.bench;

import com.sun.net.httpserver.HttpServer;
import io.handoff.engine.EngineListener;
import io.handoff.engine.FlowEngine;
import io.handoff.engine.GroupLabels;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import io.handoff.sla.SlaCatalog;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load driver for HTTP batch ingest. In one run: (1) the raw baseline, the same client posting
 * the same batches to a sink that only reads and discards them; (2) Handoff; (3) heap per open
 * flow, measured in-process on the engine. Prints both rates, their ratio, the server's p99
 * accept-to-applied latency and bytes per open flow. Run it with scripts/bench-ingest.sh.
 *
 * <p>Arguments: handoff base URL, ingest key, events, batch size, client threads; {@code -Dhandoff.management}: the
 * service's management URL (metrics), default {@code http://127.0.0.1:9000}.
 */
public final class IngestBenchmark {
    public static void main(String[] args) throws Exception {
        String handoff = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        String key = args.length > 1 ? args[1] : "bench-ingest-key-0000000001";
        int events = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 4;

        if (events > 0) {
            http(handoff, key, events, batchSize, threads);
            webhook(handoff, args.length > 5 ? args[5] : "bench-odoo-token-00000000001", 2000);
        }
        int flows = 200_000;
        System.out.printf(
                Locale.ROOT,
                "heap per open flow: %.0f bytes (%d open flows with one event each, in-process engine)%n",
                heapPerOpenFlow(flows),
                flows);
        System.exit(0);
    }

    static void http(String handoff, String key, int events, int batchSize, int threads) throws Exception {
        List<byte[]> batches = batches(events, batchSize, "run-" + System.currentTimeMillis());
        List<byte[]> warmup = batches(Math.min(100_000, events / 5), batchSize, "warm-" + System.currentTimeMillis());
        long bytes = batches.stream().mapToLong(b -> b.length).sum();
        System.out.printf(
                Locale.ROOT,
                "%d events in %d batches of %d (%.1f MB), %d client threads%n",
                events,
                batches.size(),
                batchSize,
                bytes / 1e6,
                threads);

        HttpServer sink = rawSink();
        String sinkUrl = "http://127.0.0.1:" + sink.getAddress().getPort() + "/sink";
        post(sinkUrl, key, warmup, threads);
        Run raw = post(sinkUrl, key, batches, threads);
        sink.stop(0);

        post(handoff + "/api/v1/events", key, warmup, threads);
        String management = System.getProperty("handoff.management", "http://127.0.0.1:9000");
        String before = get(management + "/q/metrics");
        Run run = post(handoff + "/api/v1/events", key, batches, threads);
        String metrics = get(management + "/q/metrics");

        // A rate is only a rate of kept events: every event of the measured run must have been accepted.
        double accepted = metricSum(metrics, "handoff_ingest_events_total", "result=\"accepted\"")
                - metricSum(before, "handoff_ingest_events_total", "result=\"accepted\"");
        if (accepted != events) {
            throw new IllegalStateException(
                    "the measured run accepted " + (long) accepted + " of " + events + " events; see the server log");
        }
        double rawRate = events / raw.seconds;
        double rate = events / run.seconds;
        System.out.printf(
                Locale.ROOT,
                "raw HTTP sink : %,10.0f events/s (%.2f s, request p99 %.1f ms)%n",
                rawRate,
                raw.seconds,
                raw.p99Millis);
        System.out.printf(
                Locale.ROOT,
                "handoff ingest: %,10.0f events/s (%.2f s, request p99 %.1f ms, %d refused with 503)%n",
                rate,
                run.seconds,
                run.p99Millis,
                run.refused);
        System.out.printf(Locale.ROOT, "ratio handoff/raw: %.2f%n", rate / rawRate);
        System.out.printf(
                Locale.ROOT,
                "server p99 accept-to-applied (ingest-to-metric) over the measured run: %.1f ms (max %.1f ms)%n",
                1000 * quantileOfRun(before, metrics, "handoff_pipeline_latency_seconds", 0.99),
                1000 * metric(metrics, "handoff_pipeline_latency_seconds_max"));
        double paced = Double.parseDouble(System.getProperty("bench.rate", "0"));
        if (paced > 0) {
            // The same events again at a steady offered rate: the accept-to-applied tail of a loaded, not saturated,
            // service (new ids, so none is a duplicate).
            List<byte[]> steady = batches(events, batchSize, "paced-" + System.currentTimeMillis());
            Run steadyRun = post(handoff + "/api/v1/events", key, steady, threads, paced / batchSize);
            String after = get(management + "/q/metrics");
            System.out.printf(
                    Locale.ROOT,
                    "paced at %,.0f events/s offered: %,.0f events/s taken, request p99 %.1f ms, server p99"
                            + " accept-to-applied %.1f ms%n",
                    paced,
                    events / steadyRun.seconds,
                    steadyRun.p99Millis,
                    1000 * quantileOfRun(metrics, after, "handoff_pipeline_latency_seconds", 0.99));
        }
    }

    private static double metricSum(String metrics, String name, String label) {
        return metrics.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Answer times of Odoo webhook posts, one after the other as Odoo sends them (its timeout is 1 s). */
    static void webhook(String handoff, String token, int posts) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long[] nanos = new long[posts];
        String writeDate = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
                .withZone(java.time.ZoneOffset.UTC)
                .format(Instant.now().minusSeconds(60));
        for (int i = 0; i < posts; i++) {
            String body = "{\"_action\": \"Notify monitor - timesheet(#41)\", \"_id\": " + (5_000_000 + i)
                    + ", \"_model\": \"account.analytic.line\", \"date\": \"2026-11-16\", \"employee_id\": 57, \"id\": "
                    + (5_000_000 + i)
                    + ", \"project_id\": 212, \"so_line\": 3391, \"timesheet_invoice_id\": false, \"unit_amount\": 7.5, \"validated\": true, \"write_date\": \""
                    + writeDate + "\"}";
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(handoff + "/api/v1/odoo/webhook/bench-odoo?token=" + token))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            long sent = System.nanoTime();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            nanos[i] = System.nanoTime() - sent;
            if (response.statusCode() != 202) {
                throw new IllegalStateException("webhook answered " + response.statusCode());
            }
        }
        Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "odoo webhook answer time over %d posts: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                posts,
                nanos[posts / 2] / 1e6,
                nanos[(int) (posts * 0.99)] / 1e6,
                nanos[posts - 1] / 1e6);
    }

    /** Middleware receipts (one open flow each) and timesheet approvals, as a firm's integration would send. */
    public static List<byte[]> batches(int events, int batchSize, String run) {
        String time = Instant.now()
                .minusSeconds(30)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        List<byte[]> batches = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < events; i++) {
            batch.append(batch.length() == 0 ? "[" : ",");
            if (i % 2 == 0) {
                batch.append("{\"specversion\":\"1.0\",\"id\":\"")
                        .append(run)
                        .append('-')
                        .append(i)
                        .append(
                                "\",\"source\":\"esb://bench/routes/odoo-to-portal\",\"type\":\"middleware.message.received\",\"time\":\"")
                        .append(time)
                        .append("\",\"correlationid\":\"")
                        .append(run)
                        .append("-msg-")
                        .append(i)
                        .append("\",\"datacontenttype\":\"application/json\",\"data\":{\"route\":\"odoo-to-portal\"}}");
            } else {
                batch.append("{\"specversion\":\"1.0\",\"id\":\"")
                        .append(run)
                        .append('-')
                        .append(i)
                        .append("\",\"source\":\"timetracker://bench\",\"type\":\"timesheet.approved\",\"time\":\"")
                        .append(time)
                        .append("\",\"subject\":\"account.analytic.line/")
                        .append(run.hashCode() & 0xffff)
                        .append(i)
                        .append("\",\"data\":{\"client\":\"client-")
                        .append(i % 40)
                        .append("\",\"project\":\"")
                        .append(200 + i % 60)
                        .append("\",\"practice\":\"p")
                        .append(i % 8)
                        .append("\",\"hours\":7.5,\"amount\":900.0}}");
            }
            if ((i + 1) % batchSize == 0 || i == events - 1) {
                batches.add(batch.append(']').toString().getBytes(StandardCharsets.UTF_8));
                batch.setLength(0);
            }
        }
        return batches;
    }

    /**
     * Complete flows of two events each, as they usually come: a middleware message received then
     * delivered 20 s later, or a timesheet line approved then invoiced.
     */
    public static List<byte[]> pairedBatches(int events, int batchSize, String run) {
        Instant base = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String start = base.toString();
        String end = base.plusSeconds(20).toString();
        List<byte[]> batches = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < events; i++) {
            batch.append(batch.length() == 0 ? "[" : ",");
            int flow = i / 2;
            boolean first = i % 2 == 0;
            if (flow % 2 == 0) {
                batch.append("{\"specversion\":\"1.0\",\"id\":\"")
                        .append(run)
                        .append('-')
                        .append(i)
                        .append("\",\"source\":\"esb://bench/routes/odoo-to-portal\",\"type\":\"middleware.message.")
                        .append(first ? "received" : "delivered")
                        .append("\",\"time\":\"")
                        .append(first ? start : end)
                        .append("\",\"correlationid\":\"")
                        .append(run)
                        .append("-msg-")
                        .append(flow)
                        .append("\",\"datacontenttype\":\"application/json\",\"data\":{\"route\":\"odoo-to-portal\"}}");
            } else {
                batch.append("{\"specversion\":\"1.0\",\"id\":\"")
                        .append(run)
                        .append('-')
                        .append(i)
                        .append("\",\"source\":\"timetracker://bench\",\"type\":\"timesheet.")
                        .append(first ? "approved" : "invoiced")
                        .append("\",\"time\":\"")
                        .append(first ? start : end)
                        .append("\",\"subject\":\"account.analytic.line/")
                        .append(run.hashCode() & 0xffff)
                        .append(flow)
                        .append("\",\"data\":{\"client\":\"client-")
                        .append(flow % 40)
                        .append("\",\"project\":\"")
                        .append(200 + flow % 60)
                        .append("\",\"practice\":\"p")
                        .append(flow % 8)
                        .append("\",\"hours\":7.5,\"amount\":900.0");
                if (!first) {
                    batch.append(",\"invoice\":\"account.move/")
                            .append(flow % 500)
                            .append('"');
                }
                batch.append("}}");
            }
            if ((i + 1) % batchSize == 0 || i == events - 1) {
                batches.add(batch.append(']').toString().getBytes(StandardCharsets.UTF_8));
                batch.setLength(0);
            }
        }
        return batches;
    }

    public record Run(double seconds, double p99Millis, int refused) {}

    public static Run post(String url, String key, List<byte[]> batches, int threads) throws Exception {
        return post(url, key, batches, threads, 0);
    }

    /**
     * Posts every batch with {@code threads} clients; with {@code batchesPerSecond > 0} batch {@code i} is not sent
     * before {@code i / batchesPerSecond} seconds into the run (a steady offered load, not as fast as possible).
     */
    public static Run post(String url, String key, List<byte[]> batches, int threads, double batchesPerSecond)
            throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        long[] latencies = new long[batches.size()];
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                    if (batchesPerSecond > 0) {
                        long wait = start + (long) (i * 1e9 / batchesPerSecond) - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/cloudevents-batch+json")
                            .header("Authorization", "Bearer " + key)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(batches.get(i)))
                            .build();
                    while (true) {
                        long sent = System.nanoTime();
                        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        latencies[i] = System.nanoTime() - sent;
                        if (response.statusCode() == 503) {
                            refused.incrementAndGet();
                            Thread.sleep(50);
                            continue;
                        }
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + response.statusCode() + " from " + url);
                        }
                        break;
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(latencies);
        return new Run(
                seconds,
                latencies[(int) Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)] / 1e6,
                refused.get());
    }

    static HttpServer rawSink() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "raw-sink");
            thread.setDaemon(true);
            return thread;
        }));
        byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/sink", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return server;
    }

    static double heapPerOpenFlow(int flows) {
        SlaCatalog catalog = io.handoff.testing.ShippedConfig.slas();
        Instant now = Instant.now();
        long before = usedHeapAfterGc(); // before the events exist: their ids and keys end up held by the flows
        List<BusinessEvent> events = new ArrayList<>(flows);
        for (int i = 0; i < flows; i++) {
            if (i % 2 == 0) {
                events.add(new BusinessEvent(
                        "esb://bench/routes/odoo-to-portal",
                        "heap-" + i,
                        EventType.MIDDLEWARE_RECEIVED,
                        now.minusSeconds(5),
                        null,
                        "heap-msg-" + i,
                        EventFacts.NONE,
                        "bench",
                        now));
            } else {
                events.add(new BusinessEvent(
                        "timetracker://bench",
                        "heap-" + i,
                        EventType.TIMESHEET_APPROVED,
                        now.minusSeconds(5),
                        new ObjectRef("account.analytic.line", Integer.toString(1_000_000 + i)),
                        null,
                        new EventFacts(
                                "client-" + i % 40, Integer.toString(200 + i % 60), "p" + i % 8, 7.5, 900.0, null),
                        "bench",
                        now));
            }
        }
        FlowEngine engine = new FlowEngine(catalog, EngineListener.NONE, new GroupLabels(50), flows + 1);
        long start = System.nanoTime();
        for (BusinessEvent event : events) {
            engine.apply(event, now);
        }
        System.out.printf(
                Locale.ROOT,
                "engine alone (in-process, no HTTP, no metrics): %,.0f events/s%n",
                flows / ((System.nanoTime() - start) / 1e9));
        events.clear(); // what remains reachable is what the engine holds
        // The service's loop takes the changed flows every handoff.engine.flow-write-interval (1 s) to write them:
        // the set of flows changed since then is not memory an open flow keeps.
        while (!engine.drainChanged(now, 10_000).isEmpty()) {}
        long after = usedHeapAfterGc();
        if (engine.flowCount() != flows) {
            throw new IllegalStateException("expected " + flows + " flows, engine holds " + engine.flowCount());
        }
        return (after - before) / (double) flows;
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static String get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The quantile of what a histogram recorded between two scrapes, interpolated within its bucket as histogram_quantile does. */
    static double quantileOfRun(String before, String after, String histogram, double q) {
        java.util.TreeMap<Double, Double> counts = new java.util.TreeMap<>();
        java.util.regex.Pattern bucket =
                java.util.regex.Pattern.compile("^" + histogram + "_bucket\\{le=\"([^\"]+)\"\\} (\\S+)$");
        for (String line : after.lines().toList()) {
            var m = bucket.matcher(line);
            if (m.matches()) {
                double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                counts.merge(le, Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        for (String line : before.lines().toList()) {
            var m = bucket.matcher(line);
            if (m.matches()) {
                double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                counts.merge(le, -Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        double total = counts.lastEntry().getValue();
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (var entry : counts.entrySet()) {
            if (entry.getValue() >= rank) {
                if (entry.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = entry.getValue() - lowerCount;
                return lowerBound
                        + (entry.getKey() - lowerBound) * (inBucket == 0 ? 1 : (rank - lowerCount) / inBucket);
            }
            lowerBound = entry.getKey();
            lowerCount = entry.getValue();
        }
        return Double.NaN;
    }

    static double metric(String metrics, String series) {
        return metrics.lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst()
                .orElse(Double.NaN);
    }
}
