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
 * which also writes one flow document per flow. Prints both rates and their ratio, and checks that
 * every event is in the index. Run it with {@code scripts/bench-store.sh [events] [batch] [threads]}.
 */
public final class StoreBenchmark {
    private static final String KEY = "bench-store-esb-key-000001";

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        boolean paired = args.length <= 3 || !"single".equals(args[3]);
        ElasticsearchServer es = ElasticsearchServer.shared();
        String run = "r" + System.currentTimeMillis();
        List<byte[]> batches = paired ? IngestBenchmark.pairedBatches(events, batchSize, run) : IngestBenchmark.batches(events, batchSize, run);
        List<byte[]> warmup = paired ? IngestBenchmark.pairedBatches(Math.min(20_000, events / 5), batchSize, "warm" + run)
                : IngestBenchmark.batches(Math.min(20_000, events / 5), batchSize, "warm" + run);
        System.out.printf(Locale.ROOT, "%d events (%s), %d per request, %d requests in flight; Elasticsearch %s (1 node, 512 MB heap)%n",
                events, paired ? "paired: complete flows of 2 events" : "single: every event opens a flow of its own", batchSize, threads, es.url());

        // 1. Raw bulk baseline, into indices made from the same templates.
        ElasticStore.open(ElasticTestConfig.of(es.url(), "raw"), StoreObserver.NONE, InstantSource.system()).close();
        Documents documents = new Documents(new ObjectMapper());
        rawBulk(es, documents, toEvents(warmup), batchSize, threads);
        List<BusinessEvent> measured = toEvents(batches);
        double rawSeconds = rawBulk(es, documents, measured, batchSize, threads);
        double rawRate = events / rawSeconds;
        System.out.printf(Locale.ROOT, "raw bulk      : %,10.0f events/s (%.2f s)%n", rawRate, rawSeconds);
        // The baseline's indices would keep the node busy merging during the next run: drop them, let it settle.
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(es.url() + "/raw-*")).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        Thread.sleep(5000);

        // 2. Handoff: HTTP ingest, acknowledged once stored.
        ServiceProcess service = new ServiceProcess(Map.of(
                "handoff.store.kind", "elasticsearch",
                "handoff.store.elasticsearch.hosts", es.url(),
                "handoff.store.elasticsearch.index-prefix", "bench",
                "handoff.store.elasticsearch.replicas", "0",
                "handoff.sources.bench.api-key", KEY,
                "handoff.engine.max-flows", "2000000",
                "bench.heap", "2g",
                "quarkus.log.level", "WARN"), Paths.get("target", "bench-store-server.log"));
        service.start();
        try {
            IngestBenchmark.post(service.url() + "/api/v1/events", KEY, warmup, threads);
            // The same events, with event times made now: a message received minutes ago and reported delivered
            // only now would count as a breach, then a revision, and make Handoff write more than the workload asks.
            batches = paired ? IngestBenchmark.pairedBatches(events, batchSize, run) : IngestBenchmark.batches(events, batchSize, run);
            IngestBenchmark.Run handoff = IngestBenchmark.post(service.url() + "/api/v1/events", KEY, batches, threads);
            double rate = events / handoff.seconds();
            System.out.printf(Locale.ROOT, "handoff ingest: %,10.0f events/s (%.2f s, request p99 %.1f ms, %d refused with 503)%n",
                    rate, handoff.seconds(), handoff.p99Millis(), handoff.refused());
            System.out.printf(Locale.ROOT, "ratio handoff/raw: %.2f%n", rate / rawRate);
            long stored = es.count("bench-events-*", "?q=event_id:" + run + "*");
            System.out.printf(Locale.ROOT, "events of the measured run in Elasticsearch: %d of %d%s%n", stored, events, stored == events ? "" : "  <-- MISMATCH");
            Thread.sleep(2000);
            System.out.printf(Locale.ROOT, "flow documents: %d (written alongside the events)%n", es.count("bench-flows", ""));
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            metrics.lines().filter(l -> l.startsWith("handoff_store_written_documents_total") || l.startsWith("handoff_store_bulk_requests_seconds_count")
                    || l.startsWith("handoff_store_bulk_requests_seconds_sum")).forEach(l -> System.out.println("  " + l));
        } finally {
            service.stop();
        }
        System.exit(0);
    }

    static double rawBulk(ElasticsearchServer es, Documents documents, List<BusinessEvent> events, int batchSize, int threads) throws Exception {
        List<List<BulkOperation>> requests = new ArrayList<>();
        for (int from = 0; from < events.size(); from += batchSize) {
            List<BulkOperation> ops = new ArrayList<>(batchSize);
            for (BusinessEvent e : events.subList(from, Math.min(events.size(), from + batchSize))) {
                BinaryData doc = BinaryData.of(documents.event(e), ContentType.APPLICATION_JSON);
                String id = Documents.eventDocId(e.identity());
                String index = "raw-events-" + java.time.format.DateTimeFormatter.ofPattern("yyyy.MM").withZone(java.time.ZoneOffset.UTC).format(e.time());
                ops.add(BulkOperation.of(o -> o.create(c -> c.index(index).id(id).document(doc))));
            }
            requests.add(ops);
        }
        try (Rest5Client rest = Rest5Client.builder(URI.create(es.url())).build()) {
            ElasticsearchClient client = new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper(new ObjectMapper())));
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
                            throw new IllegalStateException("raw bulk had item errors: " + response.items().get(0).error());
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
                EventFacts facts = new EventFacts(text(data, "client"), text(data, "project"), text(data, "practice"),
                        data.has("hours") ? data.get("hours").asDouble() : null, data.has("amount") ? data.get("amount").asDouble() : null, link);
                events.add(new BusinessEvent(ce.get("source").asText(), ce.get("id").asText(), type, Instant.parse(ce.get("time").asText()),
                        ce.has("subject") ? ObjectRef.parse(ce.get("subject").asText()).orElseThrow() : null, text(ce, "correlationid"), facts, "bench",
                        received));
            }
        }
        return events;
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) ? node.get(field).asText() : null;
    }
}
