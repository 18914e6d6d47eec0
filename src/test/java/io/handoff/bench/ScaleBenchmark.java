package io.handoff.bench;

import io.handoff.testing.CloudEventRecords;
import io.handoff.testing.Exposition;
import io.handoff.testing.KafkaBroker;
import io.handoff.testing.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Open flows on one instance on Kafka Streams, in one run on one broker:
 *
 * <ol>
 *   <li>fills an instance with {@code flows} open flows (timesheet lines approved, their approved-to-invoice clocks
 *       running) and prints the fill rate, the heap they take (after a full GC, against the same instance before)
 *       and the partition stores' size on disk;
 *   <li>alternating rounds: new flows into an empty instance (the baseline) and into the loaded one, the same number
 *       each; prints both rates, the ratio per round and the median ratio;
 *   <li>time to ready after a clean restart on the state directory, after a kill -9 and a restart on an empty one
 *       (every partition restored from its changelog), and after a kill -9 and a restart on the state directory it
 *       had; each checked to hold every open clock again. The instance keeps its member name across restarts (as a
 *       deployment with a fixed advertised URL does), so a restart rejoins at once instead of waiting out the dead
 *       member's session;
 *   <li>fail-over: two instances with a standby replica each and a 6 s session timeout, filled with up to 200,000
 *       open flows; one is killed (-9) and the time until the other holds every open clock is printed.
 * </ol>
 *
 * With {@code bench.max-flows}, the loaded instance holds at most that many flows in memory and the rest on disk.
 * Run it with scripts/bench-scale.sh [flows] [partitions] [rounds].
 */
public final class ScaleBenchmark {
    private static final int ROUND = 50_000;
    private static final Duration READY = Duration.ofMinutes(15);

    public static void main(String[] args) throws Exception {
        int flows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        KafkaBroker broker = KafkaBroker.shared();
        String run = "s" + System.currentTimeMillis() % 100_000;
        String loadedTopic = run + ".loaded";
        String emptyTopic = run + ".empty";
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic(loadedTopic, Optional.of(partitions), Optional.empty()),
                            new NewTopic(emptyTopic, Optional.of(partitions), Optional.empty())))
                    .all()
                    .get();
        }
        Map<String, String> loadedConfig = config(broker, loadedTopic, run + "-loaded", flows);
        loadedConfig.put("handoff.kafka.streams.advertised-url", "http://127.0.0.1:18001"); // its member name
        String maxFlows = System.getProperty("bench.max-flows", "");
        Path spillDir =
                Files.createTempDirectory(Path.of("target"), "scale-spill").toAbsolutePath();
        if (!maxFlows.isBlank()) {
            loadedConfig.put("handoff.engine.max-flows", maxFlows);
            loadedConfig.put("handoff.engine.spill-dir", spillDir.toString());
            System.out.printf(Locale.ROOT, "the loaded instance holds at most %s flows in memory%n", maxFlows);
        }
        Map<String, String> emptyConfig = config(broker, emptyTopic, run + "-empty", flows);
        emptyConfig.put("handoff.kafka.streams.advertised-url", "http://127.0.0.1:18002");
        Path log = Paths.get("target", "bench-scale-server.log");
        ServiceProcess loaded = new ServiceProcess(loadedConfig, log).start(READY);
        ServiceProcess empty = new ServiceProcess(emptyConfig, log).start(READY);
        try {
            // Warm both up the same way, so the loaded instance's heap before the fill is comparable to after.
            produce(broker.bootstrapServers(), emptyTopic, ROUND, run + "-warm-");
            produce(broker.bootstrapServers(), loadedTopic, ROUND, run + "-warm-");
            awaitOpen(empty, ROUND);
            awaitOpen(loaded, ROUND);
            long heapBefore = heapAfterGc(loaded);

            long started = System.nanoTime();
            produce(broker.bootstrapServers(), loadedTopic, flows, run + "-fill-");
            awaitOpen(loaded, ROUND + flows);
            double fillSeconds = (System.nanoTime() - started) / 1e9;
            long heapAfter = heapAfterGc(loaded);
            System.out.printf(
                    Locale.ROOT,
                    "filled %,d open flows on %d partitions in %.0f s (%,.0f flows/s, producing included)%n",
                    flows,
                    partitions,
                    fillSeconds,
                    flows / fillSeconds);
            System.out.printf(
                    Locale.ROOT,
                    "heap: %,d MB before, %,d MB after: %.0f bytes per open flow (engine and Kafka Streams caches)%n",
                    heapBefore >> 20,
                    heapAfter >> 20,
                    (heapAfter - heapBefore) / (double) flows);
            System.out.printf(
                    Locale.ROOT,
                    "partition stores on disk: %,d MB (%s)%n",
                    size(Path.of(loadedConfig.get("handoff.kafka.streams.state-dir"))) >> 20,
                    loadedConfig.get("handoff.kafka.streams.state-dir"));
            if (!maxFlows.isBlank()) {
                System.out.printf(
                        Locale.ROOT,
                        "flows on disk beyond the bound: %,.0f (%,d MB in %s)%n",
                        Exposition.scrape(loaded.managementUrl()).sum("handoff_engine_spilled_flows"),
                        size(spillDir) >> 20,
                        spillDir);
            }

            List<Double> ratios = new ArrayList<>();
            double loadedOpen = ROUND + flows;
            for (int round = 1; round <= rounds; round++) {
                double baseline = rate(broker, empty, emptyTopic, run + "-e" + round + "-");
                double rate = rate(broker, loaded, loadedTopic, run + "-l" + round + "-");
                loadedOpen += ROUND;
                ratios.add(rate / baseline);
                System.out.printf(
                        Locale.ROOT,
                        "round %d: %,d new flows into an empty instance %,8.0f/s | into one holding %,.0f %,8.0f/s |"
                                + " ratio %.2f%n",
                        round,
                        ROUND,
                        baseline,
                        loadedOpen - ROUND,
                        rate,
                        rate / baseline);
            }
            Ratios.printMedian("loaded/empty", ratios);
            empty.stop();

            long expected = (long) loadedOpen;
            loaded.stop();
            loaded = restart(loadedConfig, log, expected, "clean restart on its state directory");
            loaded.kill();
            Map<String, String> fresh = new HashMap<>(loadedConfig);
            fresh.put("handoff.kafka.streams.state-dir", stateDir());
            loaded = restart(fresh, log, expected, "kill -9, restart on an empty state directory (from the changelog)");
            loaded.kill();
            loaded = restart(fresh, log, expected, "kill -9, restart on the state directory it had");
            loaded.stop();
            failOver(broker, run, Math.min(flows, 200_000), partitions, log);
        } finally {
            loaded.stop();
            empty.stop();
            broker.close();
        }
        System.exit(0);
    }

    /** Two instances with a standby replica each: one killed, the time until the other holds every open clock. */
    private static void failOver(KafkaBroker broker, String run, int flows, int partitions, Path log) throws Exception {
        String topic = run + ".failover";
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all()
                    .get();
        }
        List<ServiceProcess> pair = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Map<String, String> config = config(broker, topic, run + "-failover", flows);
            config.put("handoff.kafka.streams.advertised-url", "http://127.0.0.1:1801" + (i + 3));
            config.put("handoff.kafka.streams.standby-replicas", "1");
            config.put("handoff.kafka.streams.properties.\"session.timeout.ms\"", "6000");
            config.put("handoff.kafka.streams.properties.\"heartbeat.interval.ms\"", "1500");
            pair.add(new ServiceProcess(config, log).start(READY));
        }
        ServiceProcess survivor = pair.get(0);
        ServiceProcess victim = pair.get(1);
        try {
            produce(broker.bootstrapServers(), topic, flows, run + "-fo-");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (open(survivor) + open(victim) < flows) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the fail-over pair never held every open clock");
                }
                Thread.sleep(500);
            }
            Thread.sleep(5000); // the standbys catch up with the changelog
            double before = open(survivor);
            long killed = System.nanoTime();
            victim.kill();
            awaitOpen(survivor, flows);
            System.out.printf(
                    Locale.ROOT,
                    "fail-over, standby replica, session timeout 6 s: the survivor held %,.0f, then all %,d open"
                            + " clocks %.1f s after the other was killed (-9)%n",
                    before,
                    flows,
                    (System.nanoTime() - killed) / 1e9);
        } finally {
            survivor.stop();
            victim.stop();
        }
    }

    private static double open(ServiceProcess service) throws Exception {
        return Exposition.scrape(service.managementUrl()).sum("handoff_flows_open");
    }

    private static Map<String, String> config(KafkaBroker broker, String topic, String group, int flows) {
        Map<String, String> config = new HashMap<>(KafkaBroker.streamsConfig());
        config.put("handoff.kafka.enabled", "true");
        config.put("handoff.kafka.bootstrap-servers", broker.bootstrapServers());
        config.put("handoff.kafka.topic", topic);
        config.put("handoff.kafka.group-id", group);
        config.put("handoff.engine.max-flows", Integer.toString(flows * 2 + 1_000_000)); // none evicted
        // The event store's own copies are not what is measured: the in-memory store keeps only its bound.
        config.put("handoff.store.memory.capacity", "1000");
        config.put("quarkus.log.level", "WARN");
        config.put("quarkus.log.category.\"io.handoff.scaleout\".level", "INFO");
        config.put("bench.heap", System.getProperty("bench.heap", "4g"));
        return config;
    }

    private static String stateDir() {
        try {
            return Files.createTempDirectory(Path.of("target"), "scale-state")
                    .toAbsolutePath()
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** New flows per second into {@code service}, from the first applied to the last (producing ahead of it). */
    private static double rate(KafkaBroker broker, ServiceProcess service, String topic, String prefix)
            throws Exception {
        Thread.sleep(3000);
        double before = accepted(service); // before producing: the service counts while the driver still sends
        produce(broker.bootstrapServers(), topic, ROUND, prefix);
        return KafkaBenchmark.handoff(service, ROUND, ACCEPTED, before);
    }

    private static ServiceProcess restart(Map<String, String> config, Path log, long expected, String what)
            throws Exception {
        long started = System.nanoTime();
        ServiceProcess service = new ServiceProcess(config, log).start(READY);
        double ready = (System.nanoTime() - started) / 1e9;
        awaitOpen(service, expected);
        System.out.printf(
                Locale.ROOT,
                "%s: ready in %.1f s, all %,d open clocks back after %.1f s%n",
                what,
                ready,
                expected,
                (System.nanoTime() - started) / 1e9);
        return service;
    }

    private static final List<String> ACCEPTED = List.of("accepted");

    private static double accepted(ServiceProcess service) throws Exception {
        return Exposition.scrape(service.managementUrl()).sum("handoff_kafka_records_total", "result", "accepted");
    }

    private static void awaitOpen(ServiceProcess service, double open) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        long lastReport = System.nanoTime();
        while (System.nanoTime() < deadline) {
            double now = Exposition.scrape(service.managementUrl()).sum("handoff_flows_open");
            if (now >= open) {
                return;
            }
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(15)) {
                System.out.printf(Locale.ROOT, "  ... %,.0f of %,.0f open clocks%n", now, open);
                lastReport = System.nanoTime();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("not every clock open after 30 minutes; see target/bench-scale-server.log");
    }

    /** Heap in use after a full collection, as the service's JVM reports it. */
    private static long heapAfterGc(ServiceProcess service) throws Exception {
        for (int i = 0; i < 2; i++) {
            Process gc = new ProcessBuilder("jcmd", Long.toString(service.pid()), "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
                throw new IllegalStateException("jcmd GC.run failed on " + service.pid());
            }
        }
        Thread.sleep(500);
        return (long) Exposition.scrape(service.managementUrl()).sum("jvm_memory_used_bytes", "area", "heap");
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            return 0; // a file RocksDB removed meanwhile
                        }
                    })
                    .sum();
        }
    }

    /** {@code count} timesheet lines approved an hour ago, each a new flow whose approved-to-invoice clock runs. */
    private static void produce(String bootstrap, String topic, int count, String prefix) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        Instant approved = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            java.util.concurrent.atomic.AtomicReference<Exception> failed =
                    new java.util.concurrent.atomic.AtomicReference<>();
            for (int i = 0; i < count; i++) {
                String line = "account.analytic.line/" + prefix + i;
                producer.send(
                        CloudEventRecords.binary(
                                topic,
                                line,
                                "esb://bench",
                                prefix + i,
                                "timesheet.approved",
                                approved,
                                line,
                                null,
                                "{\"hours\": 7.5, \"project\": \"P" + i % 50 + "\"}"),
                        (metadata, failure) -> {
                            if (failure != null) {
                                failed.compareAndSet(null, failure);
                            }
                        });
            }
            producer.flush();
            if (failed.get() != null) {
                // A round counted against records that never reached the topic would wait for ever.
                throw new IllegalStateException("records not produced to " + topic, failed.get());
            }
        }
    }
}
