package io.handoff.store.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.bench.IngestBenchmark;
import io.handoff.bench.Ratios;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import io.handoff.store.StoreObserver;
import io.handoff.testing.ElasticsearchServer;
import io.handoff.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Elasticsearch store benchmark, one run, one cluster: (1) the raw baseline, N event documents
 * bulk-indexed directly with the client (documents serialised up front, {@code batch} per request,
 * {@code threads} requests in flight); (2) the same N events through Handoff's HTTP ingest into
 * Elasticsearch ({@code threads} clients, {@code batch} events per request; each answer means stored),
 * which also writes one flow document per flow. The two take turns for {@code rounds} rounds on the
 * same node; prints both rates and their ratio per round and the median ratio, and checks that every
 * event is in the index. Run it with {@code scripts/bench-store.sh [events] [batch] [threads] [paired|single] [rounds]}.
 */
public final class StoreBenchmark {
    private static final String KEY = "bench-store-esb-key-000001";

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        boolean paired = args.length <= 3 || !"single".equals(args[3]);
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        ElasticsearchServer es = ElasticsearchServer.shared();
        String run = "r" + System.currentTimeMillis();
        List<byte[]> warmup = paired
                ? IngestBenchmark.pairedBatches(Math.min(50_000, events / 2), batchSize, "warm" + run)
                : IngestBenchmark.batches(Math.min(50_000, events / 2), batchSize, "warm" + run);
        System.out.printf(
                Locale.ROOT,
                "%d events per round, %d rounds (%s), %d per request, %d requests in flight; Elasticsearch %s (1 node, 512 MB heap)%n",
                events,
                rounds,
                paired ? "paired: complete flows of 2 events" : "single: every event opens a flow of its own",
                batchSize,
                threads,
                es.url());

        // Raw and Handoff take turns, round after round, on the same node: a single pair of runs mostly measures
        // where the node's JIT, merges and page cache happened to be (the raw rate alone varied by 40 % between runs).
        ElasticStore.open(ElasticTestConfig.of(es.url(), "raw"), StoreObserver.NONE, InstantSource.system())
                .close();
        Documents documents = new Documents(new ObjectMapper());
        rawBulk(es, documents, toEvents(warmup), batchSize, threads);
        ServiceProcess service = new ServiceProcess(
                Map.of(
                        "handoff.store.kind", "elasticsearch",
                        "handoff.store.elasticsearch.hosts", es.url(),
                        "handoff.store.elasticsearch.index-prefix", "bench",
                        "handoff.store.elasticsearch.replicas", "0",
                        "handoff.sources.bench.api-key", KEY,
                        "handoff.engine.max-flows", "2000000",
                        "bench.heap", "2g",
                        "quarkus.log.level", "WARN"),
                Paths.get("target", "bench-store-server.log"));
        service.start();
        List<Double> ratios = new ArrayList<>();
        try {
            IngestBenchmark.post(service.url() + "/api/v1/events", KEY, warmup, threads);
            for (int round = 1; round <= rounds; round++) {
                String roundRun = "r" + round + "-" + System.currentTimeMillis();
                // 1. Raw bulk baseline, into indices made from the same templates.
                List<BusinessEvent> measured = toEvents(
                        paired
                                ? IngestBenchmark.pairedBatches(events, batchSize, roundRun)
                                : IngestBenchmark.batches(events, batchSize, roundRun));
                settle();
                double rawSeconds = rawBulk(es, documents, measured, batchSize, threads);
                double rawRate = events / rawSeconds;
                // 2. Handoff: HTTP ingest, each answer meaning stored. The same events, with event times made now: a
                // message received minutes ago and reported delivered only now would count as a breach, then a
                // revision, and make Handoff write more than the workload asks.
                List<byte[]> batches = paired
                        ? IngestBenchmark.pairedBatches(events, batchSize, roundRun)
                        : IngestBenchmark.batches(events, batchSize, roundRun);
                settle();
                IngestBenchmark.Run handoff =
                        IngestBenchmark.post(service.url() + "/api/v1/events", KEY, batches, threads);
                double rate = events / handoff.seconds();
                ratios.add(rate / rawRate);
                System.out.printf(
                        Locale.ROOT,
                        "round %d: raw bulk %,8.0f events/s (%.2f s) | handoff ingest %,8.0f events/s (%.2f s, request p99 %.0f ms, "
                                + "%d refused with 503) | ratio %.2f%n",
                        round,
                        rawRate,
                        rawSeconds,
                        rate,
                        handoff.seconds(),
                        handoff.p99Millis(),
                        handoff.refused(),
                        rate / rawRate);
                long stored = es.count("bench-events-*", "?q=event_id:" + roundRun + "*");
                if (stored != events) {
                    System.out.printf(
                            Locale.ROOT,
                            "  MISMATCH: %d of %d events of round %d in Elasticsearch%n",
                            stored,
                            events,
                            round);
                }
            }
            Ratios.printMedian("handoff/raw", ratios);
            Thread.sleep(2000);
            System.out.printf(
                    Locale.ROOT, "flow documents: %d (written alongside the events)%n", es.count("bench-flows", ""));
            String metrics = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            metrics.lines()
                    .filter(l -> l.startsWith("handoff_store_written_documents_total")
                            || l.startsWith("handoff_store_bulk_requests_seconds_count")
                            || l.startsWith("handoff_store_bulk_requests_seconds_sum"))
                    .forEach(l -> System.out.println("  " + l));
        } finally {
            service.stop();
        }
        System.exit(0);
    }

    /** Lets the node finish refreshes and merges of the previous phase, so each phase starts from the same place. */
    private static void settle() throws InterruptedException {
        Thread.sleep(5000);
    }

    /** Seconds to bulk-index the events as Handoff's event documents directly (the raw baseline). */
    public static double rawBulk(ElasticsearchServer es, List<BusinessEvent> events, int batchSize, int threads)
            throws Exception {
        return rawBulk(es, new Documents(new ObjectMapper()), events, batchSize, threads);
    }

    static double rawBulk(
            ElasticsearchServer es, Documents documents, List<BusinessEvent> events, int batchSize, int threads)
            throws Exception {
        List<List<BulkOperation>> requests = new ArrayList<>();
        for (int from = 0; from < events.size(); from += batchSize) {
            List<BulkOperation> ops = new ArrayList<>(batchSize);
            for (BusinessEvent e : events.subList(from, Math.min(events.size(), from + batchSize))) {
                BinaryData doc = BinaryData.of(documents.event(e), ContentType.APPLICATION_JSON);
                String id = Documents.eventDocId(e.identity());
                String index = "raw-events-"
                        + java.time.format.DateTimeFormatter.ofPattern("yyyy.MM")
                                .withZone(java.time.ZoneOffset.UTC)
                                .format(e.time());
                ops.add(BulkOperation.of(
                        o -> o.create(c -> c.index(index).id(id).document(doc))));
            }
            requests.add(ops);
        }
        try (Rest5Client rest = Rest5Client.builder(URI.create(es.url())).build()) {
            ElasticsearchClient client =
                    new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper(new ObjectMapper())));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicInteger next = new AtomicInteger();
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                        List<BulkOperation> ops = requests.get(i);
                        BulkResponse response = client.bulk(b -> b.operations(ops));
                        if (response.errors()) {
                            throw new IllegalStateException("raw bulk had item errors: "
                                    + response.items().get(0).error());
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
            return seconds;
        }
    }

    /** The benchmark's CloudEvents as the canonical events Handoff makes of them. */
    static List<BusinessEvent> toEvents(List<byte[]> batches) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Instant received = Instant.now();
        List<BusinessEvent> events = new ArrayList<>();
        for (byte[] batch : batches) {
            for (JsonNode ce : json.readTree(batch)) {
                EventType type = EventType.fromWireName(ce.get("type").asText()).orElseThrow();
                JsonNode data = ce.path("data");
                ObjectRef link = ObjectRef.parse(text(data, "invoice")).orElse(null);
                EventFacts facts = new EventFacts(
                        text(data, "client"),
                        text(data, "project"),
                        text(data, "practice"),
                        data.has("hours") ? data.get("hours").asDouble() : null,
                        data.has("amount") ? data.get("amount").asDouble() : null,
                        link);
                events.add(new BusinessEvent(
                        ce.get("source").asText(),
                        ce.get("id").asText(),
                        type,
                        Instant.parse(ce.get("time").asText()),
                        ce.has("subject")
                                ? ObjectRef.parse(ce.get("subject").asText()).orElseThrow()
                                : null,
                        text(ce, "correlationid"),
                        facts,
                        "bench",
                        received));
            }
        }
        return events;
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) ? node.get(field).asText() : null;
    }
}
