package io.handoff.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.testing.Chromium;
import io.handoff.testing.ElasticsearchServer;
import io.handoff.testing.KafkaBroker;
import io.handoff.testing.OdooStandIn;
import io.handoff.testing.OtlpReceiver;
import io.handoff.testing.ServiceProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The full observability path, for real: Handoff with the demo workload (on Elasticsearch, so the
 * storage series exist; consuming a real Kafka broker and polling an Odoo stand-in, so those series do)
 * scraped every second by a real Prometheus (Debian's package) that loads the rule files. Every rule must evaluate without error, every dashboard query must parse and return
 * data, every metric name the dashboards and rules use must be in /q/metrics, every runbook must be
 * reachable from an alert or a dashboard, and the API calls in the runbooks must answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final String READER_KEY = "e2e-reader-key-000000000001";
    private static final String OPERATOR_KEY = "e2e-operator-key-0000000001";
    private static final Path RULES = Path.of("alert-rules");

    private static ServiceProcess service;
    private static OtlpReceiver traces;
    private static OdooStandIn odoo;
    private static final String ODOO_KEY = "e2e-odoo-api-key-000000001";
    private static Process prometheus;
    private static String prometheusUrl;
    private static Path workDir;
    private static long scrapingSince;

    @BeforeAll
    static void start() throws Exception {
        ElasticsearchServer es = ElasticsearchServer.shared();
        traces = new OtlpReceiver();
        // An Odoo to poll, so the poller's series exist: a timesheet and its invoice, written an hour ago.
        odoo = new OdooStandIn(ODOO_KEY);
        String anHourAgo = LocalDateTime.now(ZoneOffset.UTC)
                .minusHours(1)
                .truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        odoo.put(
                "account.analytic.line",
                OdooStandIn.record(880001, anHourAgo)
                        .put("unit_amount", 3.0)
                        .put("validated", true)
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                                "project_id", OdooStandIn.many2one(212, "ACME - Data platform"))
                        .set("timesheet_invoice_id", OdooStandIn.many2one(880009, "INV/2026/09999")));
        odoo.put(
                "account.move",
                OdooStandIn.record(880009, anHourAgo)
                        .put("move_type", "out_invoice")
                        .put("state", "posted")
                        .put("amount_untaxed", 360.0));
        Map<String, String> serviceConfig = new java.util.HashMap<>(KafkaBroker.streamsConfig());
        serviceConfig.putAll(Map.ofEntries(
                Map.entry("handoff.kafka.enabled", "true"),
                Map.entry(
                        "handoff.kafka.bootstrap-servers", KafkaBroker.shared().bootstrapServers()),
                Map.entry("handoff.kafka.topic", "e2e.events"),
                Map.entry("handoff.kafka.dead-letter-topic", "e2e.events.dead-letters"),
                Map.entry("handoff.kafka.group-id", "e2e-handoff"),
                Map.entry("handoff.odoo.poll.sources.e2e-odoo.url", odoo.url().toString()),
                Map.entry("handoff.odoo.poll.sources.e2e-odoo.api-key", ODOO_KEY),
                Map.entry("handoff.odoo.poll.sources.e2e-odoo.models", "account.analytic.line,account.move"),
                Map.entry("handoff.odoo.poll.sources.e2e-odoo.every", "5s"),
                Map.entry(
                        "handoff.odoo.poll.state-dir",
                        Files.createTempDirectory("e2e-odoo-poll").toString()),
                Map.entry("handoff.traces.enabled", "true"),
                Map.entry("handoff.traces.endpoint", traces.endpoint()),
                Map.entry("handoff.sources.e2e-middleware.api-key", "e2e-middleware-key-00000001"),
                Map.entry("handoff.demo.enabled", "true"),
                Map.entry("handoff.anomaly.interval", "1s"),
                // compliance windows and chains read every few seconds, so they move within the test
                Map.entry("handoff.slo.refresh-every", "3s"),
                Map.entry("handoff.store.kind", "elasticsearch"),
                Map.entry("handoff.store.elasticsearch.hosts", es.url()),
                Map.entry("handoff.store.elasticsearch.index-prefix", "e2e"),
                Map.entry("handoff.store.elasticsearch.replicas", "0"),
                Map.entry("handoff.access.keys.reader.key", READER_KEY),
                Map.entry("handoff.access.keys.reader.role", "reader"),
                Map.entry("handoff.access.keys.operator.key", OPERATOR_KEY),
                Map.entry("handoff.access.keys.operator.role", "operator")));
        service = new ServiceProcess(serviceConfig, Path.of("target", "e2e-handoff.log"));
        service.start();

        workDir = Files.createTempDirectory("handoff-prometheus");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI target = URI.create(service.managementUrl());
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: handoff
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ["%s:%d"]
                rule_files:
                """.formatted(target.getHost(), target.getPort()));
        try (Stream<Path> files = Files.list(RULES)) {
            files.filter(f -> f.toString().endsWith(".rules.yml"))
                    .sorted()
                    .forEach(f ->
                            config.append("  - ").append(f.toAbsolutePath()).append('\n'));
        }
        Path configFile = workDir.resolve("prometheus.yml");
        Files.writeString(configFile, config);
        prometheusUrl = "http://127.0.0.1:" + port;
        prometheus = new ProcessBuilder(
                        prometheusBinary(),
                        "--config.file=" + configFile,
                        "--storage.tsdb.path=" + workDir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "e2e-prometheus.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(prometheus.isAlive())
                            .as("prometheus exited; see target/e2e-prometheus.log")
                            .isTrue();
                    return ready();
                });
        scrapingSince = System.currentTimeMillis() / 1000;
    }

    private static String prometheusBinary() {
        for (String candidate : List.of("/usr/bin/prometheus", "/usr/local/bin/prometheus")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "prometheus is not installed (Debian package 'prometheus'; scripts/test.sh installs it)");
    }

    private static boolean ready() {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (odoo != null) {
            odoo.close();
        }
        if (prometheus != null) {
            prometheus.destroy();
        }
        if (service != null) {
            service.stop();
        }
        if (traces != null) {
            traces.close();
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static JsonNode prometheus(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(prometheusUrl + path)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static JsonNode query(String expr) throws IOException, InterruptedException {
        return prometheus("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    }

    @Test
    void everyDashboardQueryParsesAndReturnsDataAndEveryRuleEvaluates() throws Exception {
        List<DashboardFiles.PromQuery> queries = DashboardFiles.promQueries();
        assertThat(queries).hasSizeGreaterThan(30);
        // A constant fallback answers whether or not the series exists, so "returns data" would prove nothing.
        assertThat(queries)
                .as("queries with a constant fallback")
                .noneMatch(q -> q.expr().matches("(?s).*\\bor\\s+vector\\(.*"));
        // The demo needs a little while before every series has moved (decided clocks, exceptions, anomaly scores).
        await().atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofSeconds(3))
                .untilAsserted(() -> {
                    List<String> empty = new ArrayList<>();
                    for (DashboardFiles.PromQuery q : queries) {
                        JsonNode answer = query(q.resolved());
                        assertThat(answer.path("status").asText())
                                .as(q + " → " + answer)
                                .isEqualTo("success");
                        if (answer.path("data").path("result").isEmpty()) {
                            empty.add(q.dashboard() + " / " + q.panel() + ": " + q.resolved());
                        }
                    }
                    assertThat(empty).as("dashboard queries without data").isEmpty();
                });

        JsonNode groups = prometheus("/api/v1/rules").path("data").path("groups");
        int rules = 0;
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                assertThat(rule.path("health").asText())
                        .as(rule.path("name").asText() + ": "
                                + rule.path("lastError").asText())
                        .isEqualTo("ok");
                rules++;
            }
        }
        assertThat(rules).as("rules loaded from alert-rules/").isGreaterThan(20);
    }

    /**
     * What the SLO features add, as Prometheus sees it from the demo: the demo's middleware release puts
     * middleware-delivery in maintenance and excludes clocks, every shipped SLA decides clocks, and the project-to-cash
     * chain has completed ones, its stages' shares adding up to the whole.
     */
    @Test
    void maintenanceChainsAndEveryShippedSlaReachPrometheus() throws Exception {
        await().atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofSeconds(3))
                .untilAsserted(() -> {
                    assertThat(value("max(max_over_time(handoff_sla_maintenance{sla=\"middleware-delivery\"}[10m]))"))
                            .as("middleware-delivery was in maintenance")
                            .isEqualTo(1.0);
                    assertThat(
                                    value(
                                            "sum(handoff_sla_outcomes_total{sla=\"middleware-delivery\",outcome=\"excluded\"})"))
                            .as("clocks excluded by the release")
                            .isPositive();
                    for (String sla : List.of(
                            "approved-to-invoice",
                            "invoice-to-payment",
                            "middleware-delivery",
                            "timesheet-approval",
                            "milestone-to-invoice",
                            "expense-to-reimbursement")) {
                        assertThat(value("sum(handoff_sla_outcomes_total{sla=\"" + sla + "\",outcome!=\"excluded\"})"))
                                .as(sla + " decides clocks")
                                .isPositive();
                    }
                    assertThat(value("max(handoff_chain_flows{chain=\"project-to-cash\",state=\"complete\"})"))
                            .isPositive();
                    assertThat(value("sum(handoff_chain_stage_share{chain=\"project-to-cash\"})"))
                            .as("the stages' shares make the whole")
                            .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
                });
    }

    /** The single value of an instant query; NaN when Prometheus answers no series. */
    private static double value(String expr) throws IOException, InterruptedException {
        JsonNode result = query(expr).path("data").path("result");
        return result.isEmpty()
                ? Double.NaN
                : result.get(0).path("value").get(1).asDouble();
    }

    @Test
    void everyMetricTheDashboardsAndRulesNameIsExposed() throws Exception {
        String exposed = HTTP.send(
                        HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Set<String> series = new TreeSet<>();
        exposed.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> series.add(l.split("[{ ]", 2)[0]));
        StringBuilder text = new StringBuilder();
        DashboardFiles.promQueries().forEach(q -> text.append(q.expr()).append('\n'));
        try (Stream<Path> files = Files.list(RULES)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".rules.yml")).toList()) {
                text.append(Files.readString(f));
            }
        }
        Matcher names = Pattern.compile("(?<![:\\w])(handoff_[a-z0-9_]+)").matcher(text);
        Set<String> named = new TreeSet<>();
        while (names.find()) {
            named.add(names.group(1));
        }
        assertThat(named).hasSizeGreaterThan(15);
        // The demo runs for a while in the other test or here; the counters of rare events appear once they happen.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    HTTP.send(
                                    HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body()
                            .lines()
                            .filter(l -> !l.startsWith("#") && !l.isBlank())
                            .forEach(l -> series.add(l.split("[{ ]", 2)[0]));
                    Set<String> missing = new TreeSet<>(named);
                    missing.removeAll(series);
                    assertThat(missing)
                            .as("metric names used by dashboards or rules and absent from /q/metrics")
                            .isEmpty();
                });
    }

    @Test
    void everyRunbookIsReachableAndItsApiCallsAnswer() throws Exception {
        Set<String> referenced = new TreeSet<>();
        try (Stream<Path> files = Files.list(RULES)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".rules.yml")).toList()) {
                Matcher url = Pattern.compile("runbook_url: http://localhost:8080/runbooks/(\\S+)")
                        .matcher(Files.readString(f));
                while (url.find()) {
                    referenced.add(url.group(1));
                }
            }
        }
        DashboardFiles.links().stream()
                .filter(u -> u.startsWith("${runbooks}/"))
                .forEach(u -> referenced.add(u.substring("${runbooks}/".length())));
        List<Path> runbooks;
        try (Stream<Path> files = Files.list(Path.of("runbooks"))) {
            runbooks = files.filter(f -> f.toString().endsWith(".md")
                            && !f.getFileName().toString().equals("README.md"))
                    .sorted()
                    .toList();
        }
        assertThat(runbooks).isNotEmpty();
        // Every link resolves: the service serves each runbook the rules and dashboards name, as written.
        for (String name : referenced) {
            HttpResponse<String> served = HTTP.send(
                    HttpRequest.newBuilder(URI.create(service.url() + "/runbooks/" + name))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).as("/runbooks/" + name).isEqualTo(200);
            assertThat(served.body()).isEqualTo(Files.readString(Path.of("runbooks", name)));
        }
        for (Path runbook : runbooks) {
            assertThat(referenced)
                    .as(runbook + " is referenced by an alert or a dashboard")
                    .contains(runbook.getFileName().toString());
        }

        // GET calls in the runbooks, against the running service with the keys the runbooks name.
        Pattern call = Pattern.compile(
                "curl -s -H \"Authorization: Bearer \\$(HANDOFF_READER_KEY|HANDOFF_OPERATOR_KEY)\" \"?https://handoff\\.example\\.com(/[^\\s\"]+)");
        int calls = 0;
        for (Path runbook : runbooks) {
            Matcher m = call.matcher(Files.readString(runbook));
            while (m.find()) {
                String key = m.group(1).equals("HANDOFF_READER_KEY") ? READER_KEY : OPERATOR_KEY;
                String path = m.group(2);
                HttpResponse<String> answer = HTTP.send(
                        HttpRequest.newBuilder(URI.create(service.url() + path))
                                .header("Authorization", "Bearer " + key)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 404) {
                    // An example id that does not exist here: the route must still be the API's, answering a problem.
                    assertThat(answer.headers().firstValue("content-type").orElse(""))
                            .as(runbook + " " + path)
                            .contains("application/problem+json");
                    assertThat(answer.body()).as(runbook + " " + path).contains("not-found");
                } else {
                    assertThat(answer.statusCode())
                            .as(runbook + " " + path + " → " + answer.body())
                            .isEqualTo(200);
                }
                calls++;
            }
        }
        assertThat(calls).as("API calls found in the runbooks").isGreaterThanOrEqualTo(3);

        // Health calls go to the management port, where the service answers them (the API port does not).
        Pattern health = Pattern.compile("curl -s https://handoff\\.example\\.com:9000(/q/health[^\\s`]*)");
        int probes = 0;
        for (Path runbook : runbooks) {
            Matcher m = health.matcher(Files.readString(runbook));
            while (m.find()) {
                HttpResponse<String> answer = HTTP.send(
                        HttpRequest.newBuilder(URI.create(service.managementUrl() + m.group(1)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.body()).as(runbook + " " + m.group(1)).contains("\"status\"");
                probes++;
            }
        }
        assertThat(probes).as("health probes in the runbooks").isGreaterThanOrEqualTo(2);
    }

    /**
     * Every provisioned dashboard drawn from its own queries over the time Prometheus has scraped the demo: the
     * pictures in the docs. With {@code -Dhandoff.screenshots.update=true} the demo first runs ten minutes, and the
     * pictures replace {@code docs/images/dashboard-*.png}.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyDashboardIsDrawnFromItsOwnQueries() throws Exception {
        if (Boolean.getBoolean("handoff.screenshots.update")) {
            Thread.sleep(Math.max(0, (scrapingSince + 600) * 1000 - System.currentTimeMillis()));
        }
        WebDriver browser = Chromium.start();
        try {
            for (Path file : DashboardFiles.files()) {
                JsonNode dashboard = DashboardFiles.read(file);
                String name = file.getFileName().toString().replace(".json", "");
                String html = DashboardPicture.html(
                        file.getFileName().toString(),
                        dashboard,
                        PrometheusEndToEndIT::range,
                        scrapingSince,
                        System.currentTimeMillis() / 1000,
                        service.url() + "/webjars/uplot/1.6.30/dist");
                Path page = Path.of("target", "screenshots", "dashboard-" + name + ".html");
                Files.createDirectories(page.getParent());
                Files.writeString(page, html);
                browser.manage().window().setSize(new Dimension(1600, 900));
                browser.get(page.toUri().toString());
                new WebDriverWait(browser, Duration.ofSeconds(15))
                        .until(b -> b.findElement(By.tagName("body")).getDomAttribute("data-drawn") != null);
                assertThat(browser.findElements(By.cssSelector(".panel.drawn")))
                        .as(name + ": every Prometheus panel drawn")
                        .hasSize(DashboardPicture.prometheusPanels(dashboard));
                assertThat(browser.findElements(By.cssSelector(".panel.drawn.empty")))
                        .as(name + ": panels without any series over the range")
                        .isEmpty();
                int height =
                        Integer.parseInt(browser.findElement(By.tagName("body")).getDomAttribute("data-height"));
                browser.manage().window().setSize(new Dimension(1600, height + 200));
                Chromium.screenshot(browser, "dashboard-" + name);
            }
        } finally {
            browser.quit();
        }
    }

    private static JsonNode range(String expr, long start, long end, long step) {
        try {
            return prometheus("/api/v1/query_range?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&start="
                    + start + "&end=" + end + "&step=" + step);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
