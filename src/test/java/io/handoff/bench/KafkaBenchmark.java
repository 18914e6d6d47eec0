package io.handoff.bench;

import io.handoff.testing.CloudEventRecords;
import io.handoff.testing.ElasticsearchServer;
import io.handoff.testing.Exposition;
import io.handoff.testing.KafkaBroker;
import io.handoff.testing.ServiceProcess;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka consumption benchmark, one run on one broker and one topic: (1) the raw baseline, a plain
 * consumer reading every record of the topic (key, value and headers touched, nothing else); (2) the
 * packaged Handoff consuming the same records in its own group: validating each CloudEvent, forwarding it
 * through the repartition topic to the partition owning its flow, where Kafka Streams keeps it in the partition's
 * store and the engine correlates it into flows, and the store sink writes it into the event store. Prints both rates
 * and their ratio; with Elasticsearch, then rounds against a raw {@code _bulk}. Run it with scripts/bench-kafka.sh.
 *
 * <p>Arguments: records, partitions, store ({@code memory} or {@code elasticsearch}, started here), rounds.
 */
public final class KafkaBenchmark {
    private static final String TOPIC = "bench.events";

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        String store = args.length > 2 ? args[2] : "memory";
        boolean elastic = store.equals("elasticsearch");
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;

        KafkaBroker broker = KafkaBroker.shared();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(partitions), Optional.empty())))
                    .all()
                    .get();
        }
        long produceStarted = System.nanoTime();
        produce(broker.bootstrapServers(), records, "bench-", 0);
        System.out.printf(
                Locale.ROOT,
                "%d CloudEvents (binary mode; lines, invoices, middleware messages) on %d partitions, produced in %.1f s%n",
                records,
                partitions,
                (System.nanoTime() - produceStarted) / 1e9);

        double raw = rawConsumer(broker.bootstrapServers(), records);
        System.out.printf(Locale.ROOT, "raw consumer (baseline):        %,10.0f records/s%n", raw);

        Map<String, String> config = new HashMap<>();
        config.put("handoff.kafka.enabled", "true");
        config.put("handoff.kafka.bootstrap-servers", broker.bootstrapServers());
        config.put("handoff.kafka.topic", TOPIC);
        config.put("handoff.kafka.group-id", "bench-handoff");
        config.put("handoff.engine.max-flows", "2000000");
        config.put("quarkus.log.level", "WARN");
        config.put("bench.heap", "2g");
        if (elastic) {
            config.put("handoff.store.kind", "elasticsearch");
            config.put(
                    "handoff.store.elasticsearch.hosts",
                    ElasticsearchServer.shared().url());
            config.put("handoff.store.elasticsearch.index-prefix", "bench" + System.currentTimeMillis() % 100000);
            config.put("handoff.store.elasticsearch.replicas", "0");
        }
        config.putAll(KafkaBroker.streamsConfig());
        // Settings to try against the defaults: -Dbench.set.<key>=<value> (BENCH_OPTS) reaches the service as <key>.
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("bench.set."))
                .forEach(name -> config.put(name.substring("bench.set.".length()), System.getProperty(name)));
        ServiceProcess service = new ServiceProcess(config, Paths.get("target", "bench-kafka-server.log")).start();
        try {
            // What "kept" means: kept in the partition's store and applied, or, with Elasticsearch, written into the
            // event store by the sink too (processing does not wait for it).
            List<String> kept = elastic ? STORED : KEPT;
            double handoff = handoff(service, records, kept, 0);
            System.out.printf(
                    Locale.ROOT,
                    "Handoff (%s store):            %,10.0f records/s  (validated, kept, correlated; one instance owns every partition)%n",
                    store,
                    handoff);
            System.out.printf(Locale.ROOT, "ratio Handoff / raw consumer:   %10.3f%n", handoff / raw);
            if (elastic) {
                roundsAgainstRawBulk(broker.bootstrapServers(), service, records, rounds, kept);
            } else {
                roundsAgainstRawConsumer(broker.bootstrapServers(), service, records, rounds, kept);
            }
            printRecordCounts(service);
        } finally {
            service.stop();
            broker.close();
        }
        System.exit(0);
    }

    /**
     * The first pass above starts a cold service (its JIT compiler took about 0.4 of a core through all of it in a
     * profile), so rounds measure it warm, alternating: a round's records (new flows) go onto the topic and Handoff
     * keeps them (the producer shares the machine for the round's first seconds: against Handoff, not for it), then the
     * raw consumer reads the same records. Prints both rates, the ratio per round and the median ratio.
     */
    private static void roundsAgainstRawConsumer(
            String bootstrap, ServiceProcess service, int records, int rounds, List<String> kept) throws Exception {
        List<Double> ratios = new java.util.ArrayList<>();
        double done = records;
        for (int round = 1; round <= rounds; round++) {
            Thread.sleep(5000);
            produce(bootstrap, records, "round" + round + "-", (long) round * records);
            double rate = handoff(service, records, kept, done);
            done += records;
            Thread.sleep(5000);
            double rawRate = rawConsumer(bootstrap, records);
            ratios.add(rate / rawRate);
            System.out.printf(
                    Locale.ROOT,
                    "round %d: handoff kafka -> memory %,8.0f records/s | raw consumer %,8.0f records/s | ratio %.3f%n",
                    round,
                    rate,
                    rawRate,
                    rate / rawRate);
        }
        Ratios.printMedian("handoff/raw consumer", ratios);
    }

    /**
     * Round after round on the same node, alternating: the raw baseline bulk-indexes the round's events as documents
     * (1,000 per request, 4 in flight, the store's templates), then the same events go onto the topic and Handoff
     * consumes them into the store. Prints both rates, the ratio per round and the median ratio.
     */
    private static void roundsAgainstRawBulk(
            String bootstrap, ServiceProcess service, int records, int rounds, List<String> kept) throws Exception {
        ElasticsearchServer es = ElasticsearchServer.shared();
        List<Double> ratios = new java.util.ArrayList<>();
        double done = records;
        for (int round = 1; round <= rounds; round++) {
            String prefix = "round" + round + "-" + System.currentTimeMillis() + "-";
            Thread.sleep(5000);
            double rawSeconds = io.handoff.store.elastic.StoreBenchmark.rawBulk(es, events(records, prefix), 1000, 4);
            double rawRate = records / rawSeconds;
            Thread.sleep(5000);
            produce(bootstrap, records, prefix, 0);
            double rate = handoff(service, records, kept, done);
            done += records;
            ratios.add(rate / rawRate);
            System.out.printf(
                    Locale.ROOT,
                    "round %d: raw bulk %,8.0f events/s | handoff kafka -> store %,8.0f records/s | ratio %.2f%n",
                    round,
                    rawRate,
                    rate,
                    rate / rawRate);
        }
        Ratios.printMedian("handoff/raw bulk", ratios);
    }

    /** The events {@link #produce} sends, as the canonical events Handoff makes of them (for the raw baseline). */
    static List<io.handoff.event.BusinessEvent> events(int records, String idPrefix) {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.DAYS);
        Instant received = Instant.now();
        List<io.handoff.event.BusinessEvent> events = new java.util.ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            int kind = i % 10;
            int n = i / 10;
            io.handoff.event.EventType type;
            io.handoff.event.ObjectRef subject = null;
            String correlation = null;
            Instant time;
            io.handoff.event.EventFacts facts;
            if (kind < 8) {
                subject = io.handoff.event.ObjectRef.parse("account.analytic.line/" + (n * 4 + kind % 4))
                        .orElseThrow();
                type = kind < 4
                        ? io.handoff.event.EventType.TIMESHEET_APPROVED
                        : io.handoff.event.EventType.TIMESHEET_INVOICED;
                time = base.plusSeconds(kind < 4 ? n : n + 3600);
                facts = kind < 4
                        ? new io.handoff.event.EventFacts(null, "P" + n % 50, null, 7.5, null, null)
                        : new io.handoff.event.EventFacts(
                                null,
                                null,
                                null,
                                null,
                                null,
                                io.handoff.event.ObjectRef.parse("account.move/" + n)
                                        .orElseThrow());
            } else if (kind == 8) {
                subject = io.handoff.event.ObjectRef.parse("account.move/" + n).orElseThrow();
                type = io.handoff.event.EventType.INVOICE_POSTED;
                time = base.plusSeconds(n + 7200);
                facts = new io.handoff.event.EventFacts(null, null, null, null, 1200.0, null);
            } else {
                correlation = "bench-msg-" + n;
                type = io.handoff.event.EventType.MIDDLEWARE_RECEIVED;
                time = base.plusSeconds(n);
                facts = new io.handoff.event.EventFacts(null, null, null, null, null, null);
            }
            events.add(new io.handoff.event.BusinessEvent(
                    "esb://bench", idPrefix + i, type, time, subject, correlation, facts, "kafka", received));
        }
        return events;
    }

    /**
     * Records {@code first} to {@code first + records} of the workload, ten per group: four lines approved, the same
     * four invoiced, their invoice posted, a middleware message.
     */
    static void produce(String bootstrap, int records, String idPrefix, long first) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.DAYS);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                int kind = (int) ((first + i) % 10);
                long n = (first + i) / 10;
                String id = idPrefix + i;
                ProducerRecord<String, byte[]> record;
                if (kind < 4) {
                    String line = "account.analytic.line/" + (n * 4 + kind);
                    record = binary(
                            line,
                            id,
                            "timesheet.approved",
                            base.plusSeconds(n),
                            line,
                            null,
                            "{\"hours\": 7.5, \"project\": \"P" + n % 50 + "\"}");
                } else if (kind < 8) {
                    String line = "account.analytic.line/" + (n * 4 + kind - 4);
                    record = binary(
                            line,
                            id,
                            "timesheet.invoiced",
                            base.plusSeconds(n + 3600),
                            line,
                            null,
                            "{\"invoice\": \"account.move/" + n + "\"}");
                } else if (kind == 8) {
                    String invoice = "account.move/" + n;
                    record = binary(
                            invoice,
                            id,
                            "invoice.posted",
                            base.plusSeconds(n + 7200),
                            invoice,
                            null,
                            "{\"amount\": 1200.0}");
                } else {
                    String message = "bench-msg-" + n;
                    record = binary(
                            message, id, "middleware.message.received", base.plusSeconds(n), null, message, "{}");
                }
                producer.send(record);
            }
            producer.flush();
        }
    }

    private static ProducerRecord<String, byte[]> binary(
            String key, String id, String type, Instant time, String subject, String correlationId, String data) {
        return CloudEventRecords.binary(TOPIC, key, "esb://bench", id, type, time, subject, correlationId, data);
    }

    /** Records per second of a plain consumer, from its first record to its last. */
    static double rawConsumer(String bootstrap, int records) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-raw");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long seen = 0;
        long bytes = 0;
        long first = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            while (seen < records) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (first == 0) {
                        first = System.nanoTime();
                    }
                    seen++;
                    bytes += record.value().length
                            + (record.key() == null ? 0 : record.key().length());
                    for (Header h : record.headers()) {
                        bytes += h.value().length;
                    }
                }
                consumer.commitAsync();
            }
            consumer.commitSync();
        }
        double seconds = (System.nanoTime() - first) / 1e9;
        if (bytes == 0) {
            throw new IllegalStateException("nothing read");
        }
        return seen / seconds;
    }

    /** Records per second through Handoff, from its first record kept to its last (group join not counted). */
    static double handoff(ServiceProcess service, int records, List<String> counted, double before) throws Exception {
        long first = 0;
        double atFirst = 0;
        long lastReport = System.nanoTime();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        while (Instant.now().isBefore(deadline)) {
            double kept = kept(service, counted) - before;
            long now = System.nanoTime();
            if (first == 0 && kept > 0) {
                first = now;
                atFirst = kept;
            }
            if (kept >= records) {
                return (kept - atFirst) / ((now - first) / 1e9);
            }
            if (now - lastReport > 10_000_000_000L) {
                System.out.printf(Locale.ROOT, "  ... %,.0f of %,d records kept%n", kept, records);
                lastReport = now;
            }
            // Each look scrapes the whole registry: every 50 ms it took ~7 % of the service's CPU in a profile (JFR),
            // more than the rate's error from looking 250 ms late at each end of a 30-second run (< 2 %).
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "Handoff did not keep every record within 30 minutes; see target/bench-kafka-server.log");
    }

    /**
     * What the service did with the records over the whole run, from its counters: per record read, how many context
     * copies the partitions kept (links across partitions) besides the events themselves.
     */
    private static void printRecordCounts(ServiceProcess service) throws Exception {
        Exposition metrics = Exposition.scrape(service.managementUrl());
        Map<String, Double> counts = new java.util.TreeMap<>();
        for (String result : List.of("forwarded", "dead-lettered", "accepted", "duplicate", "context", "stored")) {
            counts.put(result, metrics.sum("handoff_kafka_records_total", "result", result));
        }
        double read = counts.get("forwarded") + counts.get("dead-lettered");
        System.out.printf(
                Locale.ROOT,
                "records by result over the run: %s; context copies kept per record read: %.2f%n",
                counts,
                read == 0 ? 0 : counts.get("context") / read);
    }

    /** The results of {@code handoff_kafka_records_total} that mean a record is kept: in its partition, or stored. */
    private static final List<String> KEPT = List.of("accepted", "duplicate");

    private static final List<String> STORED = List.of("stored");

    private static double kept(ServiceProcess service, List<String> results) throws Exception {
        Exposition metrics = Exposition.scrape(service.managementUrl());
        double sum = 0;
        for (String result : results) {
            sum += metrics.sum("handoff_kafka_records_total", "result", result);
        }
        return sum;
    }
}
