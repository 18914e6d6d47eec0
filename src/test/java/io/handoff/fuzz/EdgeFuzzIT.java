package io.handoff.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.testing.ElasticsearchServer;
import io.handoff.testing.Exposition;
import io.handoff.testing.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Fuzzes every edge of the packaged service, on Elasticsearch, over HTTP: CloudEvents (structured, batched,
 * binary), Odoo webhook bodies of every mapped model, query parameters and path keys of every read endpoint,
 * the operator bodies, and the headers that open the doors. Each case is a valid input spoiled by a few
 * mutations (wrong types, huge and empty strings, unicode, control characters, extreme and non-finite
 * numbers, deep nesting, missing, extra and duplicate members, cut or corrupted bytes). Every answer must be
 * 2xx or a 4xx problem+json naming the member ({@link EdgeOracle}). Afterwards, every event the service
 * answered as kept is in the events index, exactly, nothing is dead-lettered, the engine thread is alive and
 * applied everything. The cases of issue 15 are kept as examples.
 *
 * <p>The properties run side by side (four at a time; each test is marked concurrent, the class itself is not, so no
 * other test class runs meanwhile): an answer waits for Elasticsearch's acknowledgement, so one client at a time
 * would leave the service mostly idle; it also fuzzes the edges under concurrent requests.
 */
@Execution(ExecutionMode.SAME_THREAD) // the class: not beside other test classes
class EdgeFuzzIT {
    static final String INGEST_KEY = "fuzz-esb-ingest-key-0000001";
    static final String ODOO_TOKEN = "fuzz-odoo-webhook-token-001";
    static final String READER_KEY = "fuzz-reader-key-00000000001";
    static final String OPERATOR_KEY = "fuzz-operator-key-000000001";
    static final String SINGLE = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";
    /** Shrinking a failure is a request per step: bounded, so a failing run still ends in minutes with a small case. */
    static final int SHRINK_CYCLES = 150;

    private static ServiceProcess service;
    private static EdgeOracle edge;
    private static String prefix;
    private static long started;

    @BeforeAll
    static void start() {
        started = System.nanoTime();
        prefix = "fuzz" + System.nanoTime() % 1_000_000;
        Path log = Paths.get("target", "edge-fuzz.log");
        service = new ServiceProcess(
                        Map.ofEntries(
                                Map.entry("handoff.store.kind", "elasticsearch"),
                                Map.entry(
                                        "handoff.store.elasticsearch.hosts",
                                        ElasticsearchServer.shared().url()),
                                Map.entry("handoff.store.elasticsearch.index-prefix", prefix),
                                Map.entry("handoff.store.elasticsearch.replicas", "0"),
                                Map.entry("handoff.store.elasticsearch.flush-interval", "2ms"),
                                Map.entry("handoff.ingest.max-batch-events", "100"),
                                Map.entry("handoff.engine.max-events-per-flow", "20"),
                                Map.entry("handoff.sources.esb.api-key", INGEST_KEY),
                                Map.entry("handoff.sources.odoo-fz.api-key", ODOO_TOKEN),
                                Map.entry("handoff.sources.odoo-fz.kind", "odoo-webhook"),
                                Map.entry("handoff.access.keys.reader.key", READER_KEY),
                                Map.entry("handoff.access.keys.reader.role", "reader"),
                                Map.entry("handoff.access.keys.operator.key", OPERATOR_KEY),
                                Map.entry("handoff.access.keys.operator.role", "operator"),
                                Map.entry("bench.heap", "768m")),
                        log)
                .start();
        edge = new EdgeOracle(service.url());
        started = System.nanoTime(); // the fuzzing, not the start of Elasticsearch and the service
    }

    @AfterAll
    static void nothingAcknowledgedIsLost() throws Exception {
        try {
            ElasticsearchServer es = ElasticsearchServer.shared();
            long stored = es.count(prefix + "-events-*", "");
            long deadLetters = es.count(prefix + "-dead-letters-*", "");
            String live = management("/q/health/live").body();
            String metrics = management("/q/metrics").body();
            double failed = Exposition.of(metrics).sum("handoff_engine_failed_events_total");
            System.out.printf(
                    "edge fuzz: %d cases in %d requests, %.1f s of fuzzing; answers by status %s; events answered kept %d, in the events index %d; "
                            + "dead letters %d; engine failures %.0f%n",
                    edge.cases.get(),
                    edge.requests.get(),
                    (System.nanoTime() - started) / 1e9,
                    new TreeMap<>(edge.statuses),
                    edge.kept.size(),
                    stored,
                    deadLetters,
                    failed);
            assertThat(stored)
                    .as("every event answered 2xx is in the events index, exactly")
                    .isEqualTo(edge.kept.size());
            assertThat(deadLetters)
                    .as("nothing the edge could have refused reached the store and was dead-lettered there")
                    .isZero();
            assertThat(live).contains("\"status\": \"UP\"");
            assertThat(failed).as("the engine applied every kept event").isZero();
            assertThat(edge.cases.get())
                    .as("cases per run")
                    .isGreaterThanOrEqualTo(Long.getLong("fuzz.min-cases", 20_000));
        } finally {
            service.stop();
        }
    }

    // ---- the cases of issue 15, kept as regression examples --------------------------------------------------------

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aHundredAndFiftyDigitInvoiceIdIsAFieldError() {
        ObjectNode event = Inputs.cloudEvent(1, 1, "esb://fuzz");
        ((ObjectNode) event.get("data"))
                .set("invoice", Inputs.JSON.getNodeFactory().numberNode(new java.math.BigInteger("9".repeat(150))));
        assertRefused(postSingle(event.toString().getBytes(StandardCharsets.UTF_8)), 400, "/data/invoice");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aSubjectOfAHundredThousandDotsIsAFieldError() {
        ObjectNode event = Inputs.cloudEvent(0, 2, "esb://fuzz").put("subject", "a" + ".a".repeat(100_000) + "/1");
        assertRefused(postSingle(event.toString().getBytes(StandardCharsets.UTF_8)), 400, "/subject");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void anOdooLineWithAnInvoiceIdThatIsNoIdIsAFieldError() {
        for (JsonNode bad : List.of(
                Inputs.JSON.getNodeFactory().textNode("a b"),
                Inputs.JSON.createArrayNode().add(Inputs.JSON.createObjectNode()))) {
            ObjectNode body = Inputs.odooSnapshot(1, 3).set("timesheet_invoice_id", bad);
            assertRefused(postWebhook(body.toString().getBytes(StandardCharsets.UTF_8)), 400, "/timesheet_invoice_id");
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void anOdooInvoiceOfInfiniteAmountIsAFieldError() {
        String body = Inputs.odooSnapshot(2, 4)
                .toString()
                .replaceFirst("\"amount_untaxed\":[0-9.]+", "\"amount_untaxed\":1e400");
        assertRefused(postWebhook(body.getBytes(StandardCharsets.UTF_8)), 400, "/amount_untaxed");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aSourceOfFortyThousandCharactersAndACjkCorrelationIdAreFieldErrors() {
        assertRefused(
                postSingle(Inputs.cloudEvent(8, 5, "esb://" + "s".repeat(40_000))
                        .toString()
                        .getBytes(StandardCharsets.UTF_8)),
                400,
                "/source");
        ObjectNode cjk = Inputs.cloudEvent(8, 6, "esb://fuzz").put("correlationid", "界".repeat(250));
        assertRefused(postSingle(cjk.toString().getBytes(StandardCharsets.UTF_8)), 400, "/correlationid");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void anIngestKeyCannotSpeakForOdoo() {
        assertRefused(
                postSingle(Inputs.cloudEvent(0, 7, "odoo/odoo-prod").toString().getBytes(StandardCharsets.UTF_8)),
                403,
                "/source");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void theWebhookTokenIsNoBearerKey() {
        EdgeOracle.Answer answer = edge.send(
                HttpRequest.newBuilder()
                        .header("Content-Type", SINGLE)
                        .header("Authorization", "Bearer " + ODOO_TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                Inputs.cloudEvent(0, 8, "esb://fuzz").toString())),
                "/api/v1/events");
        assertThat(answer.status()).isEqualTo(403);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aFlowAtItsBoundRefusesMoreWithAProblemAndKeepsWhatItAccepted() throws Exception {
        String message = "fz-bounded-" + System.nanoTime();
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 25; i++) {
            ObjectNode event = Inputs.cloudEvent(10, i, "esb://fuzz")
                    .put("id", message + "-" + i)
                    .put("correlationid", message);
            EdgeOracle.Answer answer = postSingle(event.toString().getBytes(StandardCharsets.UTF_8));
            edge.keptFrom(answer, null);
            if (answer.status() == 202) {
                accepted++;
            } else {
                assertThat(answer.status()).isEqualTo(422);
                assertThat(answer.json().path("type").asText()).isEqualTo("/problems/flow-full");
                refused++;
            }
            // One at a time: the bound is marked when the engine applies an event, so wait for it before the next.
            String key = message;
            int expected = Math.min(20, i + 1);
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> get("/api/v1/flows/" + key, READER_KEY).body().contains("\"eventCount\":" + expected));
        }
        edge.cases.addAndGet(25);
        assertThat(accepted).isEqualTo(20);
        assertThat(refused).isEqualTo(5);
        assertThat(management("/q/metrics").body()).contains("reason=\"flow-full\"");
    }

    private static void assertRefused(EdgeOracle.Answer answer, int status, String pointer) {
        edge.cases.incrementAndGet();
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().path("errors").get(0).path("pointer").asText()).isEqualTo(pointer);
    }

    // ---- properties
    // --------------------------------------------------------------------------------------------------

    /** A valid CloudEvent of some type, spoiled by up to three mutations. */
    record EventCase(int type, long n, List<Mutation> mutations) {
        ObjectNode tree() {
            ObjectNode event = Inputs.cloudEvent(type, n, "esb://fuzz/" + Math.floorMod(n, 5));
            Mutation.applyToTree(event, mutations);
            return event;
        }

        byte[] bytes() {
            ObjectNode tree = tree();
            return Mutation.applyToBytes(tree.toString().getBytes(StandardCharsets.UTF_8), tree, mutations);
        }
    }

    static Gen<EventCase> events() {
        return Generate.range(0, 12).zip(SourceDSL.longs().all(), Mutation.some(), EventCase::new);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aStructuredCloudEventGetsA2xxOrAProblemNamingTheMember() {
        qt().withShrinkCycles(SHRINK_CYCLES).withExamples(3000).forAll(events()).checkAssert(c -> {
            edge.cases.incrementAndGet();
            EdgeOracle.Answer answer = postSingle(c.bytes());
            edge.keptFrom(answer, null);
        });
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aBatchAnswersEveryEventAndABadOneSinksNoGoodOne() {
        qt().withShrinkCycles(SHRINK_CYCLES).withExamples(400).forAll(batches()).checkAssert(EdgeFuzzIT::batch);
    }

    private static void batch(List<EventCase> batch) {
        ArrayNode array = Inputs.JSON.createArrayNode();
        batch.forEach(c -> array.add(c.tree()));
        edge.cases.addAndGet(batch.size());
        EdgeOracle.Answer answer = edge.send(
                ingest().header("Content-Type", BATCH).POST(HttpRequest.BodyPublishers.ofString(array.toString())),
                "/api/v1/events");
        if (answer.status() == 200) {
            assertThat(answer.json().path("results").size()).isEqualTo(batch.size());
        }
        edge.keptFrom(answer, null);
    }

    static Gen<List<EventCase>> batches() {
        return SourceDSL.lists().of(events()).ofSizeBetween(10, 60);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aBinaryModeCloudEventGetsA2xxOrAProblemNamingTheMember() {
        qt().withShrinkCycles(SHRINK_CYCLES)
                .withExamples(800)
                .forAll(events(), dataTypes())
                .checkAssert(EdgeFuzzIT::binary);
    }

    private static void binary(EventCase c, String contentType) {
        edge.cases.incrementAndGet();
        ObjectNode event = c.tree();
        HttpRequest.Builder request = ingest();
        event.fields().forEachRemaining(member -> {
            if (!member.getKey().equals("data")
                    && !member.getKey().isEmpty()
                    && member.getKey().chars().allMatch(ch -> ch > 32 && ch < 127 && ch != ':')) {
                String value = member.getValue().isTextual()
                        ? member.getValue().asText()
                        : member.getValue().toString();
                String encoded = percentEncoded(value);
                if (encoded.length()
                        <= 1500) { // longer headers are refused by the HTTP server itself (431), before Handoff sees
                    // them
                    request.header("ce-" + member.getKey(), encoded);
                }
            }
        });
        JsonNode data = event.get("data");
        byte[] body = data == null
                ? new byte[0]
                : (data.isTextual() ? data.asText() : data.toString()).getBytes(StandardCharsets.UTF_8);
        request.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        edge.keptFrom(edge.send(request, "/api/v1/events"), null);
    }

    static Gen<String> dataTypes() {
        return Generate.pick(List.of(
                "application/json",
                "application/json; charset=utf-8",
                "text/plain",
                "application/xml",
                "application/octet-stream",
                "application/vnd.acme+json",
                "text/json"));
    }

    /** An Odoo webhook body of some mapped model, spoiled by up to three mutations. */
    record SnapshotCase(int body, long n, List<Mutation> mutations) {}

    static Gen<SnapshotCase> snapshots() {
        return Generate.range(0, Inputs.WEBHOOKS.size() - 1)
                .zip(SourceDSL.longs().all(), Mutation.some(), SnapshotCase::new);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void anOdooWebhookBodyGetsA2xxOrAProblemNamingTheMember() {
        qt().withShrinkCycles(SHRINK_CYCLES)
                .withExamples(1500)
                .forAll(snapshots())
                .checkAssert(EdgeFuzzIT::snapshot);
    }

    private static void snapshot(SnapshotCase c) {
        edge.cases.incrementAndGet();
        ObjectNode body = Inputs.odooSnapshot(c.body(), c.n());
        Mutation.applyToTree(body, c.mutations());
        byte[] bytes = Mutation.applyToBytes(body.toString().getBytes(StandardCharsets.UTF_8), body, c.mutations());
        edge.keptFrom(postWebhook(bytes), "odoo/odoo-fz");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aReadQueryGetsA2xxOrAProblem() {
        qt().withShrinkCycles(SHRINK_CYCLES)
                .withExamples(800)
                .forAll(readPaths(), queryNames(), queryValues(), forwardedMarks())
                .checkAssert(EdgeFuzzIT::read);
    }

    private static void read(String path, String name, String value, String forwarded) {
        edge.cases.incrementAndGet();
        String url = path.contains("{}")
                ? path.replace("{}", pathSegment(value))
                : path + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder()
                .header("Authorization", "Bearer " + READER_KEY)
                .GET();
        if (!forwarded.isEmpty()) {
            // The mark an instance puts on a flow request it passes to the flow's owner: answered where it lands.
            request.header("Handoff-Forwarded", forwarded);
        }
        edge.send(request, url);
    }

    static Gen<String> forwardedMarks() {
        return Generate.oneOf(
                Generate.pick(List.of("", "", "", "1", "true", "http://127.0.0.1:1")),
                Hostile.strings().map(EdgeFuzzIT::printable));
    }

    static Gen<String> readPaths() {
        return Generate.pick(List.of(
                "/api/v1/flows",
                "/api/v1/flows/{}",
                "/api/v1/exceptions",
                "/api/v1/exceptions/{}",
                "/api/v1/exceptions/{}/history",
                "/api/v1/exceptions/sla-breach:fz-msg-1/history",
                "/api/v1/about",
                "/runbooks/{}",
                "/runbooks/HandoffSourceSilent.md",
                "/api/v1/slas",
                "/api/v1/slas/likely-to-breach",
                "/api/v1/slas/chains",
                "/api/v1/slas/chains/parts",
                "/api/v1/slas/{}/windows",
                "/api/v1/slas/approved-to-invoice/windows",
                "/api/v1/slas/middleware-delivery/windows",
                "/api/v1/slas/{}/contributors",
                "/api/v1/slas/approved-to-invoice/contributors",
                "/problems/{}",
                "/api/v1/maintenance",
                "/api/v1/maintenance/{}",
                "/api/v1/flows/account.analytic.line/{}"));
    }

    static Gen<String> queryNames() {
        return Generate.pick(List.of(
                "client", "project", "group", "sla", "state", "open", "from", "to", "size", "after", "type", "status",
                "period", "window", "by", "x"));
    }

    static Gen<String> queryValues() {
        // The request line stays under the HTTP server's own 4 KB limit (414 before Handoff sees it).
        return Generate.oneOf(
                Hostile.strings().map(s -> s.length() <= 300 ? s : s.substring(0, 300)),
                Generate.pick(List.of(
                        "0",
                        "-1",
                        "501",
                        "2147483648",
                        "true",
                        "maybe",
                        "2026-11-23T08:06:30Z",
                        "2026-11-23",
                        "0000-01-01T00:00:00Z",
                        "+10000-01-01T00:00:00Z",
                        "1969-12-31T23:59:59Z",
                        "eyJrZXkiOiJ4In0",
                        "!!!",
                        "open",
                        "acknowledged",
                        "breached",
                        "sla-breach",
                        "2026-11",
                        "2026-Q4",
                        "2026-W48",
                        "2026-W53",
                        "2026-13",
                        "1969-12",
                        "9999-12",
                        "0000-W01",
                        "approved-to-invoice",
                        "client",
                        "flow",
                        "month",
                        "28d",
                        "week",
                        "100")));
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void anOperatorBodyGetsA2xxOrAProblem() {
        qt().withShrinkCycles(SHRINK_CYCLES)
                .withExamples(1000)
                .forAll(operatorPaths(), actionBodies(), Generate.booleans())
                .checkAssert(EdgeFuzzIT::operator);
    }

    private static void operator(String path, byte[] body, boolean asReader) {
        edge.cases.incrementAndGet();
        EdgeOracle.Answer answer = edge.send(
                HttpRequest.newBuilder()
                        .header("Authorization", "Bearer " + (asReader ? READER_KEY : OPERATOR_KEY))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                path);
        if (asReader) {
            assertThat(answer.status())
                    .as("a reader may not act, whatever the body")
                    .isEqualTo(403);
        }
    }

    static Gen<String> operatorPaths() {
        return Generate.pick(List.of(
                "/api/v1/exceptions/sla-breach:fz-msg-1/acknowledge",
                "/api/v1/exceptions/x/resolve",
                "/api/v1/exceptions/sla-breach:fz-msg-1/assign",
                "/api/v1/exceptions/sla-breach:fz-msg-1/comment",
                "/api/v1/exceptions/sla-breach:fz-msg-1/snooze",
                "/api/v1/exceptions/x/snooze",
                "/api/v1/admin/kafka/replay",
                "/api/v1/admin/kafka/replay?from=yesterday",
                "/api/v1/admin/odoo/poll/nowhere",
                "/api/v1/maintenance/x/withdraw",
                "/api/v1/maintenance/%E2%80%A8/withdraw",
                "/api/v1/exceptions/%E2%80%A8/acknowledge"));
    }

    /** A JSON body naming one of the fields an action reads (or none of them), with a hostile value. */
    static Gen<byte[]> actionBodies() {
        Gen<String> field = Generate.pick(List.of("comment", "assignee", "until", "x"));
        return Hostile.values().zip(field, Mutation.some(), (value, name, mutations) -> {
            ObjectNode body = Inputs.JSON.createObjectNode().set(name, value.deepCopy());
            Mutation.applyToTree(body, mutations);
            return Mutation.applyToBytes(body.toString().getBytes(StandardCharsets.UTF_8), body, mutations);
        });
    }

    /**
     * A maintenance declaration with one member hostile (or missing, or one too many), under ids of a few kinds: a
     * 2xx (declared, or the same declaration again) or a problem; a reader is always refused.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aMaintenanceDeclarationGetsA2xxOrAProblem() {
        qt().withShrinkCycles(SHRINK_CYCLES)
                .withExamples(600)
                .forAll(maintenanceBodies(), Generate.booleans())
                .checkAssert((body, asReader) -> operator("/api/v1/maintenance", body, asReader));
    }

    /** Valid windows lie around now: a fixed date would fall out of the accepted range as time goes by. */
    private static final java.time.Instant START =
            java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);

    static Gen<byte[]> maintenanceBodies() {
        Gen<String> field = Generate.pick(List.of("id", "start", "end", "slas", "source", "reason", "color"));
        Gen<String> id = Generate.pick(List.of("fz-window", "fz-window-2", "x", "FZ", ""));
        Gen<ObjectNode> bodies = Hostile.values().zip(field, id, (value, name, chosen) -> {
            ObjectNode body = Inputs.JSON.createObjectNode();
            if (!chosen.isEmpty()) {
                body.put("id", chosen);
            }
            body.put("start", START.toString());
            body.put(
                    "end",
                    START.plus(java.time.Duration.ofHours(2))
                            .atOffset(java.time.ZoneOffset.ofHours(1))
                            .toString());
            body.putArray("slas").add("middleware-delivery");
            body.put("source", "esb://fz-maintenance");
            body.put("reason", "fuzzed release");
            body.set(name, value.deepCopy());
            return body;
        });
        return bodies.zip(Mutation.some(), (body, mutations) -> {
            Mutation.applyToTree(body, mutations);
            return Mutation.applyToBytes(body.toString().getBytes(StandardCharsets.UTF_8), body, mutations);
        });
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void theConsoleAnswersAnyFormOrQueryWithAPageAndNeverShowsMarkupItWasSent() {
        ConsoleSession session = ConsoleSession.signIn(edge, OPERATOR_KEY);
        qt().withShrinkCycles(SHRINK_CYCLES)
                .withExamples(400)
                .forAll(consoleFields(), queryValues(), Generate.booleans(), Generate.booleans())
                .checkAssert((field, value, post, validCsrf) -> {
                    edge.cases.incrementAndGet();
                    if (post) {
                        session.act(field, value, validCsrf);
                    } else {
                        session.read(field, value);
                    }
                });
        // Nothing sent to the sign-in form opens a session, and it never echoes the key it was given.
        qt().withShrinkCycles(SHRINK_CYCLES)
                .withExamples(100)
                .forAll(queryValues(), Generate.booleans())
                .checkAssert((key, validCsrf) -> {
                    edge.cases.incrementAndGet();
                    assertThat(ConsoleSession.trySignIn(edge, key, validCsrf))
                            .as("a session from a made-up key")
                            .isFalse();
                });
    }

    static Gen<String> consoleFields() {
        return Generate.pick(List.of(
                "action",
                "id",
                "assignee",
                "comment",
                "until",
                "csrf",
                "client",
                "group",
                "status",
                "key",
                "from",
                "snoozed",
                "sla",
                "rows",
                "then",
                "open",
                "state",
                "to",
                "project",
                "type"));
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void theDoorsAnswerAnyHeadersWithA2xxOrAProblem() {
        qt().withShrinkCycles(SHRINK_CYCLES)
                .withExamples(1000)
                .forAll(keys(), contentTypes(), events(), Generate.booleans())
                .checkAssert(EdgeFuzzIT::door);
    }

    private static void door(String authorization, String contentType, EventCase c, boolean webhook) {
        edge.cases.incrementAndGet();
        HttpRequest.Builder request = HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofByteArray(c.bytes()));
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        EdgeOracle.Answer answer = edge.send(
                request,
                webhook
                        ? "/api/v1/odoo/webhook/odoo-fz?token="
                                + URLEncoder.encode(authorization, StandardCharsets.UTF_8)
                        : "/api/v1/events");
        edge.keptFrom(answer, webhook ? "odoo/odoo-fz" : null);
    }

    static Gen<String> keys() {
        // Header values a client can send at all: printable ASCII.
        return Generate.oneOf(
                Generate.pick(List.of(
                        "",
                        "Bearer ",
                        "Bearer " + INGEST_KEY,
                        "bearer " + INGEST_KEY,
                        "Bearer " + READER_KEY,
                        "Bearer " + ODOO_TOKEN,
                        ODOO_TOKEN,
                        "Basic Zm9vOmJhcg==",
                        "Bearer " + INGEST_KEY + " extra")),
                Hostile.strings().map(EdgeFuzzIT::printable));
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().limit(200).forEach(ch -> out.append(ch >= 32 && ch < 127 ? (char) ch : 'x'));
        return out.toString().strip();
    }

    static Gen<String> contentTypes() {
        return Generate.pick(List.of(
                "",
                SINGLE,
                BATCH,
                "application/json",
                "text/plain",
                "application/cloudevents+json; charset=latin1",
                "*/*",
                "multipart/form-data",
                "application/x-www-form-urlencoded",
                "application/problem+json"));
    }

    // ---- requests
    // ----------------------------------------------------------------------------------------------------

    private static HttpRequest.Builder ingest() {
        return HttpRequest.newBuilder().header("Authorization", "Bearer " + INGEST_KEY);
    }

    private static EdgeOracle.Answer postSingle(byte[] body) {
        return edge.send(
                ingest().header("Content-Type", SINGLE).POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                "/api/v1/events");
    }

    private static EdgeOracle.Answer postWebhook(byte[] body) {
        return edge.send(
                HttpRequest.newBuilder()
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                "/api/v1/odoo/webhook/odoo-fz?token=" + ODOO_TOKEN);
    }

    private static HttpResponse<String> management(String path) throws IOException, InterruptedException {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(service.managementUrl() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url() + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The HTTP binding's header encoding: printable ASCII as it is, everything else (and %, ") as %XX of its UTF-8 bytes. */
    static String percentEncoded(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 32 && c < 127 && c != '%' && c != '"') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
