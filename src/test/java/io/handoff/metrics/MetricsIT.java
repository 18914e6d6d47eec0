package io.handoff.metrics;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.READER_KEY;
import static io.handoff.testing.Api.as;
import static io.handoff.testing.Api.cloudEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;

import io.handoff.testing.Exposition;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetricsIT {
    private static final Pattern LABEL_VALUE = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private static String metrics() {
        return io.handoff.testing.Management.metrics();
    }

    @Test
    void metricsAndHealthAreOnTheManagementPortNotTheApis() {
        io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(404);
        io.restassured.RestAssured.given().get("/q/health").then().statusCode(404);
        io.handoff.testing.Management.given().get("/q/health/ready").then().statusCode(200);
        org.assertj.core.api.Assertions.assertThat(io.handoff.testing.Management.port())
                .isNotEqualTo(io.restassured.RestAssured.port);
    }

    @Test
    void aScenarioMovesTheSlaAndIngestSeriesWithBoundedLabels() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String onTime = "metrics-on-time";
        String late = "metrics-late";
        String batch = "["
                + String.join(
                        ",",
                        cloudEvent(
                                "m1",
                                "middleware.message.received",
                                now.minusSeconds(30).toString(),
                                null,
                                onTime,
                                null),
                        cloudEvent(
                                "m2",
                                "middleware.message.delivered",
                                now.minusSeconds(20).toString(),
                                null,
                                onTime,
                                "{\"record\":\"account.move/1\"}"),
                        cloudEvent(
                                "m3",
                                "middleware.message.received",
                                now.minusSeconds(600).toString(),
                                null,
                                late,
                                null),
                        cloudEvent(
                                "m4",
                                "timesheet.approved",
                                now.minusSeconds(60).toString(),
                                "account.analytic.line/998877665",
                                null,
                                "{\"practice\":\"data\"}"),
                        "{\"broken\":true}")
                + "]";
        // Other test classes share this service and move the same series: only this scenario's difference counts.
        Exposition before = Exposition.of(metrics());
        as(ESB_KEY)
                .contentType("application/cloudevents-batch+json")
                .body(batch)
                .post("/api/v1/events")
                .then()
                .statusCode(200);

        String[] delivery = {"group", "unassigned", "sla", "middleware-delivery"};
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Exposition after = Exposition.of(metrics());
            assertThat(rise(before, after, "handoff_sla_outcomes_total", with(delivery, "outcome", "met")))
                    .isEqualTo(1);
            assertThat(rise(before, after, "handoff_sla_outcomes_total", with(delivery, "outcome", "breached")))
                    .isEqualTo(1);
            assertThat(rise(
                            before,
                            after,
                            "handoff_flows_open",
                            "group",
                            "data",
                            "sla",
                            "approved-to-invoice",
                            "state",
                            "on_track"))
                    .isGreaterThanOrEqualTo(1);
        });
        String metrics = metrics();
        Exposition after = Exposition.of(metrics);
        assertThat(rise(
                        before,
                        after,
                        "handoff_ingest_events_total",
                        "result",
                        "accepted",
                        "source",
                        "esb",
                        "type",
                        "middleware.message.received"))
                .isEqualTo(2);
        assertThat(rise(before, after, "handoff_ingest_events_total", "result", "accepted", "source", "esb"))
                .isEqualTo(4);
        assertThat(rise(
                        before,
                        after,
                        "handoff_ingest_events_total",
                        "result",
                        "rejected",
                        "source",
                        "esb",
                        "type",
                        "invalid"))
                .isEqualTo(1);
        assertThat(rise(
                        before,
                        after,
                        "handoff_ingest_rejections_total",
                        "reason",
                        "invalid-attribute",
                        "source",
                        "esb"))
                .isEqualTo(1);
        assertThat(rise(before, after, "handoff_sla_latency_seconds_count", delivery))
                .isEqualTo(1);
        // The latency histogram has a bucket exactly at the target (2 minutes), so "within target" is one bucket.
        assertThat(rise(before, after, "handoff_sla_latency_seconds_bucket", with(delivery, "le", "120.0")))
                .isEqualTo(1);
        assertThat(rise(before, after, "handoff_sla_latency_seconds_bucket", with(delivery, "le", "5.0")))
                .isZero();
        assertThat(metrics).contains("handoff_event_lag_seconds_bucket{source=\"esb\"");
        assertThat(metrics).contains("handoff_source_last_received_timestamp_seconds{source=\"esb\"}");
        assertThat(metrics).contains("handoff_pipeline_latency_seconds{quantile=\"0.99\"}");
        assertThat(metrics).contains("handoff_sla_objective{sla=\"approved-to-invoice\"} 0.95");

        // No id ever becomes a label value: correlation ids, subjects and event ids stay out.
        Matcher labels = LABEL_VALUE.matcher(
                metrics.lines().filter(l -> l.startsWith("handoff_")).reduce("", String::concat));
        int checked = 0;
        while (labels.find()) {
            if (!labels.group(1).equals("le") && !labels.group(1).equals("quantile")) {
                assertThat(labels.group(2))
                        .as(labels.group(1))
                        .doesNotContain(onTime, late, "account.move/", "account.analytic.line/", "m1", "998877665");
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    private static double rise(Exposition before, Exposition after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static String[] with(String[] labels, String name, String value) {
        String[] all = Arrays.copyOf(labels, labels.length + 2);
        all[labels.length] = name;
        all[labels.length + 1] = value;
        return all;
    }

    @Test
    void aStopVoidedByACancelledInvoiceIsTakenBackFromTheLatencyDistribution() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String line = "account.analytic.line/771100221";
        String invoice = "account.move/771100222";
        String[] toInvoice = {"group", "voiding", "sla", "approved-to-invoice"};
        Exposition before = Exposition.of(metrics());
        post("["
                + String.join(
                        ",",
                        cloudEvent(
                                "voiding-1",
                                "timesheet.approved",
                                now.minusSeconds(7200).toString(),
                                line,
                                null,
                                "{\"practice\":\"voiding\"}"),
                        cloudEvent(
                                "voiding-2",
                                "timesheet.invoiced",
                                now.minusSeconds(3600).toString(),
                                line,
                                null,
                                "{\"invoice\":\"" + invoice + "\"}"),
                        cloudEvent(
                                "voiding-3",
                                "invoice.posted",
                                now.minusSeconds(3000).toString(),
                                invoice,
                                null,
                                null))
                + "]");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                rise(before, Exposition.of(metrics()), "handoff_sla_latency_seconds_count", toInvoice))
                        .isEqualTo(1));
        assertThat(rise(before, Exposition.of(metrics()), "handoff_sla_latency_voided_seconds_count", toInvoice))
                .as("the twin exists beside the latency series, at zero")
                .isZero();

        post("["
                + cloudEvent(
                        "voiding-4", "invoice.cancelled", now.minusSeconds(2400).toString(), invoice, null, null)
                + "]");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Exposition after = Exposition.of(metrics());
            assertThat(rise(before, after, "handoff_sla_latency_voided_seconds_count", toInvoice))
                    .isEqualTo(1);
            assertThat(rise(before, after, "handoff_sla_latency_voided_seconds_sum", toInvoice))
                    .as("the same latency taken back (in working time: zero when the hours fall outside it)")
                    .isEqualTo(rise(before, after, "handoff_sla_latency_seconds_sum", toInvoice));
        });
    }

    private static void post(String batch) {
        as(ESB_KEY)
                .contentType("application/cloudevents-batch+json")
                .body(batch)
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("rejected", org.hamcrest.Matchers.equalTo(0))
                .body("duplicates", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void theBreachForecastIsExposedPerSlaAndThroughTheApi() {
        assertThat(metrics())
                .contains(
                        "handoff_flows_likely_to_breach{sla=\"approved-to-invoice\"}",
                        "handoff_flows_likely_to_breach{sla=\"middleware-delivery\"}");
        as(READER_KEY)
                .get("/api/v1/slas/likely-to-breach?sla=middleware-delivery")
                .then()
                .statusCode(200)
                .body("flows", notNullValue());
        as(READER_KEY)
                .get("/api/v1/slas/likely-to-breach?size=0")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }
}
