package io.handoff.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.handoff.testing.CloudEventRecords;
import io.handoff.testing.ElasticsearchServer;
import io.handoff.testing.Exposition;
import io.handoff.testing.KafkaBroker;
import io.handoff.testing.MinuteClock;
import io.handoff.testing.ServiceProcess;
import io.handoff.testing.ShippedConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Three packaged instances of one deployment, each holding a few flows in memory and the rest on disk, against one
 * instance alone holding everything, on a real broker and a real Elasticsearch, fed the same records: lines spread
 * over partitions invoiced on invoices living on others, middleware deliveries onto those invoices, records keyed by
 * flow or by nothing, some delivered twice. The three report the figures the single instance reports and answer
 * sampled flows as it does; after one stops, the other two take its partitions over from the changelog and still do;
 * after one of those is killed mid-stream and restarted, nothing acknowledged is missing from Elasticsearch, nothing
 * is there twice, and the open clocks, recorded decisions and flow answers are still the single instance's.
 */
class KafkaScaleOutIT {
    /** One client for the whole test: a client per request costs its own selector thread and connection. */
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final String TOPIC = "scale.events";
    private static final int PARTITIONS = 4;
    /** Of the 240 flows of the workload (with the context each instance holds of the other's). */
    private static final int GROUP_MAX_FLOWS = 30;

    private static final String READER = "scale-out-reader-key-000001";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * The group on Kafka Streams: the partitions' events in changelogged state stores, the stopped instance's
     * partitions restored on the others from the changelog (their own disks never had them), every flow answered
     * alike by every instance, with three and then with two, and after one of the two is killed and restarted.
     */
    @Test
    void threeInstancesThenTwoThenOneKilledComputeWhatOneInstanceComputesAndAnswerEveryFlowAlike() throws Exception {
        String topic = TOPIC;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty())))
                    .all()
                    .get();
        }
        Path log = Paths.get("target", "kafka-scale-out.log");
        // The group holds a few flows in memory each, the rest on disk: the single instance holds all of them.
        List<ServiceProcess> group = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, String> config = bounded(config(topic, "scale-group", "scalegroup"));
            if (i < 2) {
                // The console's SLA page asks the others with it; the third (stopped later) shows its own part.
                config.put("handoff.console.group-key", "reader");
            }
            group.add(new ServiceProcess(config, log));
        }
        ServiceProcess single = new ServiceProcess(config(topic, "scale-single", "scalesingle"), log);
        List<ServiceProcess> instances = new ArrayList<>(group);
        instances.add(single);
        // The services log local wall-clock time (HH:mm:ss.SSS).
        String startedAt = java.time.LocalTime.now().format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss"));
        try {
            ServiceProcess.startTogether(instances);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (ServiceProcess member : group) {
                    assertThat(owned(member)).isPositive();
                }
                assertThat(sum(group, KafkaScaleOutIT::owned)).isEqualTo(PARTITIONS);
                assertThat(Exposition.scrape(single.managementUrl()).sum("handoff_kafka_partitions_owned"))
                        .isEqualTo(PARTITIONS);
            });

            awaitNoRebalanceFor(group, Duration.ofSeconds(5));
            // Whole minutes: the oracle counts working time minute by minute.
            Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            List<ProducerRecord<String, byte[]>> firstWave = new ArrayList<>();
            List<ProducerRecord<String, byte[]>> secondWave = new ArrayList<>();
            for (int line = 0; line < 160; line++) {
                String subject = "account.analytic.line/" + (91000 + line);
                String invoice = "account.move/" + (92000 + line % 20);
                int approvedDaysAgo = line % 3 == 0 ? 12 : 1;
                firstWave.add(binary(
                        topic,
                        line % 2 == 0 ? subject : null,
                        "approve-" + line,
                        "timesheet.approved",
                        now.minus(approvedDaysAgo, ChronoUnit.DAYS),
                        subject,
                        null,
                        "{\"hours\": 7.5, \"project\": \"P" + line % 5 + "\"}"));
                firstWave.add(binary(
                        topic,
                        line % 2 == 1 ? subject : null,
                        "invoiced-" + line,
                        "timesheet.invoiced",
                        now.minus(20, ChronoUnit.HOURS),
                        subject,
                        null,
                        "{\"invoice\": \"" + invoice + "\"}"));
            }
            for (int invoice = 0; invoice < 20; invoice++) {
                String subject = "account.move/" + (92000 + invoice);
                // Posted now for two thirds of them, the rest after the hand-over; some cancelled, some paid.
                List<ProducerRecord<String, byte[]>> wave = invoice % 3 == 2 ? secondWave : firstWave;
                wave.add(binary(
                        topic,
                        subject,
                        "posted-" + invoice,
                        "invoice.posted",
                        now.minus(2, ChronoUnit.HOURS),
                        subject,
                        null,
                        "{}"));
                if (invoice % 5 == 1) {
                    firstWave.add(binary(
                            topic,
                            subject,
                            "cancelled-" + invoice,
                            "invoice.cancelled",
                            now.minus(1, ChronoUnit.HOURS),
                            subject,
                            null,
                            "{}"));
                }
                if (invoice % 4 == 0) {
                    secondWave.add(binary(
                            topic,
                            subject,
                            "paid-" + invoice,
                            "invoice.paid",
                            now.minus(30, ChronoUnit.MINUTES),
                            subject,
                            null,
                            "{}"));
                }
            }
            for (int m = 0; m < 60; m++) {
                String message = "scale-msg-" + m;
                Instant received = now.minus(30, ChronoUnit.MINUTES);
                firstWave.add(binary(
                        topic,
                        message,
                        message + "-received",
                        "middleware.message.received",
                        received,
                        null,
                        message,
                        "{}"));
                if (m % 4 != 0) {
                    (m % 2 == 0 ? firstWave : secondWave)
                            .add(binary(
                                    topic,
                                    null,
                                    message + "-delivered",
                                    "middleware.message.delivered",
                                    received.plusSeconds(m % 3 == 0 ? 600 : 30),
                                    null,
                                    message,
                                    "{\"record\": \"account.move/" + (92000 + m % 20) + "\"}"));
                }
            }
            send(firstWave);
            send(firstWave.subList(0, 40)); // delivered twice

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(sum(group, KafkaScaleOutIT::kept)).isEqualTo(firstWave.size());
                assertThat(kept(single)).isEqualTo(firstWave.size());
            });
            Map<String, Double> expected = awaitEqual(single, group, Map.of());
            assertThat(sum(group, m -> Exposition.scrape(m.managementUrl()).sum("handoff_engine_spill_writes_total")))
                    .as("the group kept flows beyond its bound on disk")
                    .isGreaterThan(100);
            assertThat(expected)
                    .as("the workload decides outcomes of every kind")
                    .containsKeys(
                            "outcome approved-to-invoice met",
                            "outcome approved-to-invoice breached",
                            "outcome middleware-delivery met",
                            "outcome middleware-delivery breached");
            // Every instance answers a flow as its owner does, and as the single instance does.
            List<String> sample = new ArrayList<>();
            for (int line = 0; line < 160; line += 7) {
                sample.add("account.analytic.line/" + (91000 + line));
            }
            for (int invoice = 0; invoice < 20; invoice += 3) {
                sample.add("account.move/" + (92000 + invoice));
            }
            for (int m = 1; m < 60; m += 9) {
                sample.add("scale-msg-" + m);
            }
            assertAnsweredAlike(single, group, sample);
            assertConsoleShowsAlike(single, group, sample);
            assertSlasAnsweredAlike(single, group, true);
            assertThat(sum(
                            group,
                            m -> Exposition.scrape(m.managementUrl())
                                    .sum("handoff_kafka_context_sent_total", "result", "sent")))
                    .as("lines and invoices on different instances exchanged context")
                    .isPositive();

            // One of the three stops; the other two take its partitions over, restoring their stores from the
            // changelog, and answer every flow alike after the second wave.
            ServiceProcess stopping = group.remove(2);
            Map<String, Double> fromStopped = outcomes(stopping);
            stopping.stop();
            await().atMost(Duration.ofSeconds(60)).until(() -> sum(group, KafkaScaleOutIT::owned) == PARTITIONS);
            // Kafka Streams may move a task once more right after (a follow-up rebalance): let the assignment settle.
            awaitNoRebalanceFor(group, Duration.ofSeconds(5));
            send(secondWave);
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(kept(single)).isEqualTo(firstWave.size() + secondWave.size()));
            // Nothing told before the stop is told again: the stopped instance's last checkpoint covers it, and each
            // partition's store holds every neighbour's events its flows read (a line's store lacked its invoice when
            // one instance owned both: the invoice's new owner sent it after the line's restore, and its met was told
            // a second time, 2 of ~8 runs). The decisions recorded, one document per clock, too.
            awaitEqual(single, group, fromStopped);
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(decided("scalegroup-decisions-v1"))
                            .isEqualTo(decided("scalesingle-decisions-v1")));
            assertAnsweredAlike(single, group, sample);
            assertSlasAnsweredAlike(single, group, false);

            // One of the two is killed (SIGKILL) while a third wave flows and comes back under its own name: Kafka
            // Streams aborts its open transaction, wipes its local stores and restores them from the changelog. Its
            // counters die with it, so what is compared is what cannot die: every clock's answer, the open clocks,
            // and the decisions and events recorded in Elasticsearch (nothing acknowledged lost, nothing twice).
            List<ProducerRecord<String, byte[]>> thirdWave = new ArrayList<>();
            for (int line = 160; line < 200; line++) {
                String subject = "account.analytic.line/" + (91000 + line);
                thirdWave.add(binary(
                        topic,
                        subject,
                        "approve-" + line,
                        "timesheet.approved",
                        now.minus(line % 3 == 0 ? 12 : 1, ChronoUnit.DAYS),
                        subject,
                        null,
                        "{\"hours\": 4.0, \"project\": \"P" + line % 5 + "\"}"));
                thirdWave.add(binary(
                        topic,
                        null,
                        "invoiced-" + line,
                        "timesheet.invoiced",
                        now.minus(3, ChronoUnit.HOURS),
                        subject,
                        null,
                        "{\"invoice\": \"account.move/" + (92000 + line % 20) + "\"}"));
            }
            for (int m = 0; m < 60; m += 4) {
                thirdWave.add(binary(
                        topic,
                        null,
                        "scale-msg-" + m + "-delivered",
                        "middleware.message.delivered",
                        now.minus(29, ChronoUnit.MINUTES),
                        null,
                        "scale-msg-" + m,
                        "{}"));
            }
            int all = firstWave.size() + secondWave.size() + thirdWave.size();
            ServiceProcess killed = group.get(1);
            // Lines the third wave does not touch, owned by the instance about to be killed: their clocks are decided.
            List<String> killedOwns = new ArrayList<>();
            java.util.Set<Integer> killedPartitions = partitionsOf(killed, "scale-group-flows");
            for (String key : sample) {
                if (key.startsWith("account.analytic.line/") && killedPartitions.contains(partition(key))) {
                    killedOwns.add(key);
                }
            }
            Map<String, String> clocksAlone = new HashMap<>();
            for (String key : killedOwns) {
                String clocks = clocks(single, key);
                if (!clocks.isEmpty() && !clocks.contains("on_track") && !clocks.contains("at_risk")) {
                    clocksAlone.put(key, clocks); // decided: the store's record and a live answer cannot differ
                }
            }
            killedOwns.retainAll(clocksAlone.keySet());
            assertThat(killedOwns)
                    .as("sampled lines the killed instance owns, clocks decided")
                    .isNotEmpty();
            send(thirdWave.subList(0, thirdWave.size() / 2));
            killed.kill();
            long killedAt = System.nanoTime();
            // Until the group notices, the killed instance is still named in its metadata: a group-wide answer says
            // whose part it lacks instead of passing a partial sum off as the whole...
            assertThat(slasResponse(group.get(0)).headers().firstValue("Handoff-Unanswered"))
                    .as("GET /api/v1/slas right after the kill")
                    .hasValueSatisfying(names -> assertThat(names).contains(killed.url()));
            // ...and a flow the killed instance owned is answered from the store's record (the owner's clocks, not
            // live), not from the context copy the survivor may hold (whose clocks are not the owner's).
            for (String key : killedOwns) {
                HttpResponse<String> answer = readerGet(group.get(0), "/api/v1/flows/" + key);
                assertThat(JSON.readTree(answer.body()).path("live").asBoolean(true))
                        .as("%s right after its owner was killed: %s", key, answer.body())
                        .isFalse();
                assertThat(clocks(answer.body())).as(key).isEqualTo(clocksAlone.get(key));
            }
            send(thirdWave.subList(thirdWave.size() / 2, thirdWave.size()));
            killed.start();
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(kept(single)).isEqualTo(all));
            // The source topic's partitions the killed instance read come back within the consumers' session timeout
            // (10 s), not Kafka's default 45 s during which they would stall; its Streams partitions at its restart.
            await().atMost(Duration.ofSeconds(35).minusNanos(System.nanoTime() - killedAt))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        assertThat(openClocks(group)).isEqualTo(openClocks(List.of(single)));
                        assertThat(recorded("scalegroup-events-*", "id"))
                                .isEqualTo(recorded("scalesingle-events-*", "id"));
                        assertThat(decided("scalegroup-decisions-v1")).isEqualTo(decided("scalesingle-decisions-v1"));
                    });
            for (int line = 161; line < 200; line += 6) {
                sample.add("account.analytic.line/" + (91000 + line));
            }
            assertThat(sum(group, KafkaScaleOutIT::owned)).isEqualTo(PARTITIONS);
            assertAnsweredAlike(single, group, sample);
            assertConsoleShowsAlike(single, group, sample);
            assertSlasAnsweredAlike(single, group, false);
            // ...and every sampled line's clock is what an oracle written here computes from the records sent (every
            // instance answers as the single one does, asserted above).
            List<ProducerRecord<String, byte[]>> everything = new ArrayList<>(firstWave);
            everything.addAll(secondWave);
            everything.addAll(thirdWave);
            assertLinesClockedAsTheOracleSays(single, sample, everything);
        } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + diagnosis(instances, log, startedAt), e);
        } finally {
            List<ServiceProcess> all = new ArrayList<>(group);
            all.add(single);
            ServiceProcess.stopTogether(all);
        }
    }

    /**
     * What a failed run needs to be understood from CI's short excerpt: each instance's record counts by result and
     * its rebalances, and the first and last of the services' errors and Kafka Streams' task faults (a transaction
     * aborted under load is processed again: its records counted again) since the test started.
     */
    private static String diagnosis(List<ServiceProcess> instances, Path log, String since) {
        StringBuilder text = new StringBuilder("diagnosis (group first, the single instance last):");
        for (ServiceProcess member : instances) {
            text.append("\n  ").append(member.url()).append(": ");
            try {
                Exposition metrics = Exposition.scrape(member.managementUrl());
                for (String result : List.of("accepted", "duplicate", "context", "dead-lettered")) {
                    text.append(result)
                            .append('=')
                            .append((long) metrics.sum("handoff_kafka_records_total", "result", result))
                            .append(' ');
                }
                for (String kind : List.of("assigned", "revoked")) {
                    text.append(kind)
                            .append('=')
                            .append((long) metrics.sum("handoff_kafka_rebalances_total", "kind", kind))
                            .append(' ');
                }
            } catch (Exception unreachable) {
                text.append("not answering (").append(unreachable).append(')');
            }
        }
        try {
            List<String> faults = java.nio.file.Files.readAllLines(log).stream()
                    .filter(line -> line.length() > 12 && line.charAt(2) == ':' && line.compareTo(since) >= 0)
                    .filter(line ->
                            line.contains(" ERROR ") || FAULT.matcher(line).find())
                    .map(line -> line.length() > 240 ? line.substring(0, 240) + "…" : line)
                    .toList();
            text.append("\n  ").append(faults.size()).append(" errors and task faults logged");
            List<String> shown = faults.size() <= 6
                    ? faults
                    : java.util.stream.Stream.concat(
                                    faults.subList(0, 3).stream(),
                                    faults.subList(faults.size() - 3, faults.size()).stream())
                            .toList();
            shown.forEach(line -> text.append("\n  ").append(line));
        } catch (java.io.IOException e) {
            text.append("\n  service log not readable: ").append(e);
        }
        return text.toString();
    }

    private static final Pattern FAULT = Pattern.compile(
            "corrupted|fenced|TaskMigrated|thread failed|abort|timed out|TimeoutException", Pattern.CASE_INSENSITIVE);

    /** Every instance answers each flow as the single instance does (its owner's answer, asked for it). */
    private static void assertAnsweredAlike(ServiceProcess single, List<ServiceProcess> group, List<String> keys)
            throws Exception {
        for (String key : keys) {
            String alone = flow(single, key);
            for (int i = 0; i < group.size(); i++) {
                assertThat(flow(group.get(i), key))
                        .as("instance %d on %s", i, key)
                        .isEqualTo(alone);
            }
        }
    }

    /**
     * Every instance's console shows each flow's SLA clocks as the single instance's does: a flow owned elsewhere as
     * its owner recorded it in the store, not from the context copy this instance holds (whose clocks are not the
     * owner's). The record follows the owner's flow writes (every second), hence the wait.
     */
    private static void assertConsoleShowsAlike(ServiceProcess single, List<ServiceProcess> group, List<String> keys)
            throws Exception {
        String singleSession = consoleSession(single);
        List<String> sessions = new ArrayList<>();
        for (ServiceProcess member : group) {
            sessions.add(consoleSession(member));
        }
        // The SLA page's open clocks: the group's on an instance with handoff.console.group-key, as the single
        // instance shows them; an instance without it says it shows its own part.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String openAlone = consoleOpenClocks(single, singleSession);
            for (int i = 0; i < group.size(); i++) {
                String page = get(group.get(i), "/console/slas", "Cookie", sessions.get(i))
                        .body();
                if (i < 2) {
                    assertThat(page).as("the SLA page of instance %d", i).doesNotContain("class=\"partial\"");
                    assertThat(consoleOpenClocks(group.get(i), sessions.get(i)))
                            .as("the SLA page's open clocks on instance %d", i)
                            .isEqualTo(openAlone);
                } else {
                    assertThat(page).as("the SLA page of instance %d", i).contains("this instance's partitions only");
                }
            }
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String key : keys) {
                String alone = consoleClocks(single, singleSession, key);
                for (int i = 0; i < group.size(); i++) {
                    assertThat(consoleClocks(group.get(i), sessions.get(i), key))
                            .as("the console of instance %d on %s", i, key)
                            .isEqualTo(alone);
                }
            }
        });
    }

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** Signs in to {@code service}'s console with the reader key: the session cookie. */
    private static String consoleSession(ServiceProcess service) throws Exception {
        HttpResponse<String> form = HTTP.send(
                HttpRequest.newBuilder(URI.create(service.url() + "/console/signin"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(form.body());
        assertThat(csrf.find()).as("a CSRF token on the sign-in page").isTrue();
        HttpResponse<String> signedIn = HTTP.send(
                HttpRequest.newBuilder(URI.create(service.url() + "/console/signin"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", "handoff_signin=" + csrf.group(1))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "key=" + READER + "&csrf=" + csrf.group(1) + "&then=%2Fconsole"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        return signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("handoff_session="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie after signing in"));
    }

    /** The console SLA page's open clocks as text: per SLA, on track, at risk and breached still open. */
    private static String consoleOpenClocks(ServiceProcess service, String session) throws Exception {
        String body = get(service, "/console/slas", "Cookie", session).body();
        StringBuilder shown = new StringBuilder();
        Matcher sla = Pattern.compile(
                        "<h2 id=\"sla-([^\"]+)\">|<ul class=\"open-clocks\"[^>]*>(.*?)</ul>", Pattern.DOTALL)
                .matcher(body);
        while (sla.find()) {
            shown.append(
                    sla.group(1) != null
                            ? sla.group(1) + ": "
                            : sla.group(2)
                                            .replaceAll("<[^>]+>", " ")
                                            .replaceAll("\\s+", " ")
                                            .trim() + "\n");
        }
        assertThat(shown).as("open clocks on the SLA page").contains("on track");
        return shown.toString();
    }

    /** The console flow page's SLA clocks table as text: SLA, state, start, due and stop of each clock. */
    private static String consoleClocks(ServiceProcess service, String session, String key) throws Exception {
        HttpResponse<String> page = get(
                service,
                "/console/flow?key=" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8),
                "Cookie",
                session);
        String body = page.body();
        int from = body.indexOf("<table class=\"clocks\">");
        if (from < 0) {
            return body.contains("No SLA clock on this flow") ? "no clock" : "no clock table";
        }
        return body.substring(from, body.indexOf("</table>", from))
                .replaceAll("<[^>]+>", " ")
                .replaceAll("\\s+", " ")
                .trim();
    }

    /**
     * Every instance answers GET /api/v1/slas for the whole group, as the single instance answers it: the open clocks
     * always, the outcomes while no instance has stopped (an instance's count since it started leaves with it).
     * Revisions depend on arrival order even on one instance, so they are not compared.
     */
    private static void assertSlasAnsweredAlike(ServiceProcess single, List<ServiceProcess> group, boolean outcomes)
            throws Exception {
        List<String> fields = new ArrayList<>(List.of("id", "onTrack", "atRisk", "breachedOpen"));
        if (outcomes) {
            fields.addAll(List.of("met", "breached", "excluded", "attainment", "meetingObjective"));
        }
        String alone = slas(single, fields);
        for (int i = 0; i < group.size(); i++) {
            assertThat(slas(group.get(i), fields))
                    .as("GET /api/v1/slas of instance %d", i)
                    .isEqualTo(alone);
        }
        // The chains too, each instance adding the others' parts: the group's instances hold 30 flows each in memory
        // and the rest on disk, the single instance holds all in memory.
        String whole = chains(single);
        long chainsHeld = 0;
        for (var chain : JSON.readTree(whole)) {
            chainsHeld += chain.path("completed").asLong() + chain.path("open").asLong();
        }
        assertThat(chainsHeld).as("chains of the workload: %s", whole).isPositive();
        for (int i = 0; i < group.size(); i++) {
            assertThat(chains(group.get(i)))
                    .as("GET /api/v1/slas/chains of instance %d", i)
                    .isEqualTo(whole);
        }
    }

    /**
     * The approved-to-invoice clock of every sampled line as the business rules say, from the records sent: it starts
     * at the line's approval and stops at the first posting of the invoice the line is on after that invoice's last
     * cancellation (none: open); working time counted minute by minute on the configured calendar ({@link
     * MinuteClock}, no code shared with the engine); met or breached by the working time to the stop, open ones by
     * the working time until now (left out within two minutes of a threshold, where the test's clock and the
     * service's may disagree).
     */
    private static void assertLinesClockedAsTheOracleSays(
            ServiceProcess service, List<String> sample, List<ProducerRecord<String, byte[]>> sent) throws Exception {
        io.handoff.sla.SlaDefinition sla =
                ShippedConfig.slas().find("approved-to-invoice").orElseThrow();
        io.handoff.sla.BusinessCalendar calendar = (io.handoff.sla.BusinessCalendar) sla.workingTime();
        java.util.function.Predicate<Instant> counts = t -> MinuteClock.working(calendar, t);
        Duration atRiskAfter = Duration.ofMillis((long) (sla.target().toMillis() * sla.atRiskRatio()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        int compared = 0;
        for (String line : sample) {
            if (!line.startsWith("account.analytic.line/")) {
                continue;
            }
            Instant start = null;
            String invoice = null;
            for (ProducerRecord<String, byte[]> r : sent) {
                if (line.equals(header(r, "ce_subject")) && "timesheet.approved".equals(header(r, "ce_type"))) {
                    Instant approved = Instant.parse(header(r, "ce_time"));
                    start = start == null || approved.isBefore(start) ? approved : start;
                }
                if (line.equals(header(r, "ce_subject")) && "timesheet.invoiced".equals(header(r, "ce_type"))) {
                    invoice = JSON.readTree(r.value()).path("invoice").asText();
                }
            }
            Instant cancelled = Instant.MIN;
            Instant stop = null;
            for (ProducerRecord<String, byte[]> r : sent) {
                if (invoice != null
                        && invoice.equals(header(r, "ce_subject"))
                        && "invoice.cancelled".equals(header(r, "ce_type"))) {
                    Instant at = Instant.parse(header(r, "ce_time"));
                    cancelled = at.isAfter(cancelled) ? at : cancelled;
                }
            }
            for (ProducerRecord<String, byte[]> r : sent) {
                if (invoice != null
                        && invoice.equals(header(r, "ce_subject"))
                        && "invoice.posted".equals(header(r, "ce_type"))) {
                    Instant at = Instant.parse(header(r, "ce_time"));
                    if (at.isAfter(cancelled) && (stop == null || at.isBefore(stop))) {
                        stop = at;
                    }
                }
            }
            assertThat(start).as("%s was approved", line).isNotNull();
            Instant due = MinuteClock.reached(counts, start, sla.target());
            Duration elapsed = MinuteClock.workingTime(counts, start, stop != null ? stop : now);
            String state = elapsed.compareTo(sla.target()) > 0
                    ? "breached"
                    : stop != null ? "met" : elapsed.compareTo(atRiskAfter) > 0 ? "at_risk" : "on_track";
            boolean nearAThreshold = stop == null
                    && (elapsed.minus(sla.target()).abs().toMinutes() <= 2
                            || elapsed.minus(atRiskAfter).abs().toMinutes() <= 2);
            com.fasterxml.jackson.databind.JsonNode clock = null;
            for (var c : JSON.readTree(
                            readerGet(service, "/api/v1/flows/" + line).body())
                    .withArray("slas")) {
                if (sla.id().equals(c.path("sla").asText())) {
                    clock = c;
                }
            }
            assertThat(clock).as("%s has a %s clock", line, sla.id()).isNotNull();
            String expected = start + " " + due + " " + stop + (nearAThreshold ? "" : " " + state);
            String actual = clock.path("start").asText() + " "
                    + clock.path("due").asText() + " "
                    + (clock.path("stop").isNull() ? "null" : clock.path("stop").asText())
                    + (nearAThreshold ? "" : " " + clock.path("state").asText());
            assertThat(actual).as("%s: start, due, stop, state", line).isEqualTo(expected);
            compared++;
        }
        assertThat(compared).as("sampled lines compared with the oracle").isGreaterThan(20);
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** GET /api/v1/slas/chains, every instance answering, without its time of answer. */
    private static String chains(ServiceProcess service) throws Exception {
        HttpResponse<String> response = readerGet(service, "/api/v1/slas/chains");
        assertThat(response.headers().firstValue("Handoff-Unanswered"))
                .as("every instance answered")
                .isEmpty();
        return JSON.readTree(response.body()).path("chains").toString();
    }

    private static HttpResponse<String> slasResponse(ServiceProcess service) throws Exception {
        return readerGet(service, "/api/v1/slas");
    }

    /** A GET with the reader's key, which must be answered 200. */
    private static HttpResponse<String> readerGet(ServiceProcess service, String path) throws Exception {
        return get(service, path, "Authorization", "Bearer " + READER);
    }

    /** A GET with one header (credentials: a key or a console session), which must be answered 200. */
    private static HttpResponse<String> get(ServiceProcess service, String path, String header, String value)
            throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(service.url() + path))
                        .header(header, value)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response;
    }

    private static String slas(ServiceProcess service, List<String> fields) throws Exception {
        HttpResponse<String> response = slasResponse(service);
        assertThat(response.headers().firstValue("Handoff-Unanswered"))
                .as("every instance answered")
                .isEmpty();
        StringBuilder shown = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonNode sla : JSON.readTree(response.body())) {
            for (String field : fields) {
                shown.append(field).append('=').append(sla.get(field)).append(' ');
            }
            shown.append('\n');
        }
        return shown.toString();
    }

    private interface Figure {
        double of(ServiceProcess member) throws Exception;
    }

    private static double sum(List<ServiceProcess> group, Figure figure) throws Exception {
        double sum = 0;
        for (ServiceProcess member : group) {
            sum += figure.of(member);
        }
        return sum;
    }

    private static void awaitNoRebalanceFor(List<ServiceProcess> group, Duration quiet) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        double last = sum(group, KafkaScaleOutIT::rebalances);
        long since = System.nanoTime();
        while (System.nanoTime() - since < quiet.toNanos()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the group's assignment did not settle within 60 s");
            }
            Thread.sleep(500);
            double now = sum(group, KafkaScaleOutIT::rebalances);
            if (now != last) {
                last = now;
                since = System.nanoTime();
            }
        }
    }

    private static double rebalances(ServiceProcess member) throws Exception {
        return Exposition.scrape(member.managementUrl()).sum("handoff_kafka_rebalances_total");
    }

    private static double owned(ServiceProcess member) throws Exception {
        return Exposition.scrape(member.managementUrl()).sum("handoff_kafka_partitions_owned");
    }

    private static Map<String, String> bounded(Map<String, String> config) {
        config.put("handoff.engine.max-flows", Integer.toString(GROUP_MAX_FLOWS));
        return config;
    }

    private static Map<String, String> config(String topic, String group, String indexPrefix)
            throws java.io.IOException {
        Map<String, String> config = new HashMap<>();
        config.put("handoff.kafka.enabled", "true");
        config.put("handoff.kafka.bootstrap-servers", KafkaBroker.shared().bootstrapServers());
        config.put("handoff.kafka.topic", topic);
        config.put("handoff.kafka.repartition-topic", topic + "." + group + ".repartition");
        config.putAll(KafkaBroker.streamsConfig());
        config.put("handoff.access.keys.reader.key", READER);
        config.put("handoff.access.keys.reader.role", "reader");
        config.put("handoff.kafka.group-id", group);
        config.put("handoff.store.kind", "elasticsearch");
        config.put(
                "handoff.store.elasticsearch.hosts",
                ElasticsearchServer.shared().url());
        config.put("handoff.store.elasticsearch.index-prefix", indexPrefix);
        config.put("handoff.store.elasticsearch.replicas", "0");
        return config;
    }

    /**
     * Waits until the pair's figures (plus what an instance reported before it stopped) equal the single
     * instance's, then checks they stay equal; returns them.
     */
    private static Map<String, Double> awaitEqual(
            ServiceProcess single, List<ServiceProcess> group, Map<String, Double> stopped) throws Exception {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertThat(together(group, stopped)).isEqualTo(figures(single));
                });
        // ...and stay equal for two seconds: nothing late is still on its way to either side.
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(together(group, stopped)).isEqualTo(figures(single)));
        return figures(single);
    }

    private static Map<String, Double> together(List<ServiceProcess> group, Map<String, Double> stopped)
            throws Exception {
        Map<String, Double> sum = new TreeMap<>();
        for (ServiceProcess member : group) {
            figures(member).forEach((k, v) -> sum.merge(k, v, Double::sum));
        }
        stopped.forEach((k, v) -> sum.merge(k, v, Double::sum));
        sum.values().removeIf(v -> v == 0);
        return sum;
    }

    /** Outcomes counted per SLA and outcome, and clocks open per SLA and state, summed over groups. */
    private static Map<String, Double> figures(ServiceProcess service) throws Exception {
        Map<String, Double> figures = new TreeMap<>(outcomes(service));
        String metrics = metrics(service);
        Matcher m =
                Pattern.compile("(?m)^handoff_flows_open\\{([^}]*)\\} (\\S+)").matcher(metrics);
        while (m.find()) {
            figures.merge(
                    "open " + label(m.group(1), "sla") + " " + label(m.group(1), "state"),
                    Double.parseDouble(m.group(2)),
                    Double::sum);
        }
        figures.values().removeIf(v -> v == 0);
        return figures;
    }

    /** Clocks open per SLA and state, summed over the instances. */
    private static Map<String, Double> openClocks(List<ServiceProcess> instances) throws Exception {
        Map<String, Double> open = new TreeMap<>();
        for (ServiceProcess instance : instances) {
            figures(instance).forEach((k, v) -> {
                if (k.startsWith("open ")) {
                    open.merge(k, v, Double::sum);
                }
            });
        }
        open.values().removeIf(v -> v == 0);
        return open;
    }

    /** Each document of the indices as its id and one field of it (documents kept twice would show twice). */
    private static List<String> recorded(String indices, String field) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(ElasticsearchServer.shared().url() + "/" + indices
                                                + "/_search?size=10000&filter_path=hits.hits._id,hits.hits._source."
                                                + field))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"query\": {\"match_all\": {}}}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> documents = new ArrayList<>();
        JSON.readTree(response.body())
                .path("hits")
                .path("hits")
                .forEach(hit -> documents.add(hit.path("_id").asText() + " "
                        + hit.path("_source").path(field).asText()));
        documents.sort(null);
        return documents;
    }

    /**
     * The recorded decisions that count in compliance windows. A withdrawn one (a met clock reopened by its invoice's
     * cancellation, recorded {@code open}) exists or not by arrival order, even on one instance, and counts nowhere.
     */
    private static List<String> decided(String index) throws Exception {
        List<String> decisions = recorded(index, "outcome");
        decisions.removeIf(decision -> decision.endsWith(" open"));
        return decisions;
    }

    /**
     * Outcomes per SLA net of revisions: first outcomes counted, plus revisions to it, minus revisions from
     * it. The first-outcome counter alone depends on arrival order even for one instance (a met clock
     * reopened by a cancellation stays counted met); what the clocks finally say does not.
     */
    private static Map<String, Double> outcomes(ServiceProcess service) throws Exception {
        Map<String, Double> outcomes = new TreeMap<>();
        String metrics = metrics(service);
        Matcher m = Pattern.compile("(?m)^handoff_sla_outcomes_total\\{([^}]*)\\} (\\S+)")
                .matcher(metrics);
        while (m.find()) {
            outcomes.merge(
                    "outcome " + label(m.group(1), "sla") + " " + label(m.group(1), "outcome"),
                    Double.parseDouble(m.group(2)),
                    Double::sum);
        }
        Matcher r = Pattern.compile("(?m)^handoff_sla_outcome_revisions_total\\{([^}]*)\\} (\\S+)")
                .matcher(metrics);
        while (r.find()) {
            double count = Double.parseDouble(r.group(2));
            String sla = label(r.group(1), "sla");
            outcomes.merge("outcome " + sla + " " + label(r.group(1), "from"), -count, Double::sum);
            outcomes.merge("outcome " + sla + " " + label(r.group(1), "to"), count, Double::sum);
        }
        outcomes.keySet().removeIf(k -> k.endsWith(" open"));
        return outcomes;
    }

    private static String label(String labels, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
        return m.find() ? m.group(1) : "";
    }

    /** Events kept as new where their flow is owned (a record delivered twice is a duplicate the second time). */
    private static double kept(ServiceProcess service) throws Exception {
        return Exposition.scrape(service.managementUrl()).sum("handoff_kafka_records_total", "result", "accepted");
    }

    private static ProducerRecord<String, byte[]> binary(
            String topic,
            String key,
            String id,
            String type,
            Instant time,
            String subject,
            String correlationId,
            String data) {
        return CloudEventRecords.binary(topic, key, "esb://scale-out", id, type, time, subject, correlationId, data);
    }

    private static void send(List<ProducerRecord<String, byte[]>> records) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record);
            }
            producer.flush();
        }
    }

    /** A flow as the instance answers it, without what depends on the moment it was asked. */
    private static String flow(ServiceProcess service, String key) throws Exception {
        HttpResponse<String> response = readerGet(service, "/api/v1/flows/" + key);
        com.fasterxml.jackson.databind.node.ObjectNode timeline =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(response.body());
        timeline.remove("asOf");
        timeline.remove("chains");
        timeline.withArray("slas")
                .forEach(clock -> ((com.fasterxml.jackson.databind.node.ObjectNode) clock).remove("elapsedSeconds"));
        timeline.withArray("events")
                .forEach(event -> ((com.fasterxml.jackson.databind.node.ObjectNode) event).remove("receivedAt"));
        return timeline.toString();
    }

    /** A flow's SLA clocks as {@code service} answers them: SLA, state, start, due, stop. */
    private static String clocks(ServiceProcess service, String key) throws Exception {
        return clocks(readerGet(service, "/api/v1/flows/" + key).body());
    }

    private static String clocks(String timeline) throws Exception {
        List<String> clocks = new ArrayList<>();
        for (var clock : JSON.readTree(timeline).withArray("slas")) {
            clocks.add(String.join(
                    " ",
                    clock.path("sla").asText(),
                    clock.path("state").asText(),
                    clock.path("start").asText(),
                    clock.path("due").asText(),
                    clock.path("stop").asText()));
        }
        return String.join("; ", clocks);
    }

    /** The repartition topic's partitions the Streams group member of {@code service} (its static name) holds. */
    private static java.util.Set<Integer> partitionsOf(ServiceProcess service, String applicationId) throws Exception {
        URI url = URI.create(service.url());
        String member = (url.getHost() + "-" + url.getPort()).replaceAll("[^a-zA-Z0-9._-]", "_") + "-";
        java.util.Set<Integer> partitions = new java.util.TreeSet<>();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()))) {
            var described = admin.describeConsumerGroups(List.of(applicationId))
                    .all()
                    .get()
                    .get(applicationId);
            for (var m : described.members()) {
                if (m.groupInstanceId().orElse("").startsWith(member)) {
                    m.assignment().topicPartitions().stream()
                            .filter(tp -> tp.topic().endsWith(".repartition"))
                            .forEach(tp -> partitions.add(tp.partition()));
                }
            }
        }
        return partitions;
    }

    /** Where Kafka's default partitioner puts a record keyed by {@code key}: the flow's partition. */
    private static int partition(String key) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                        key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                % PARTITIONS;
    }

    private static String metrics(ServiceProcess service) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
