package io.handoff.ingest.poll;

import static io.handoff.testing.Api.ODOO_TOKEN;
import static io.handoff.testing.Api.OPERATOR_KEY;
import static io.handoff.testing.Api.READER_KEY;
import static io.handoff.testing.Api.as;
import static io.handoff.testing.OdooStandIn.many2one;
import static io.handoff.testing.OdooStandIn.record;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.handoff.testing.OdooStandIn;
import io.handoff.testing.ServiceUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The running service polls an Odoo stand-in over JSON-2: what the webhook missed arrives by polling,
 * what both delivered counts once, and operators see and trigger polls through the admin API.
 */
class OdooPollIT {
    private static final String KEY = "odoo-api-key-for-the-poll-it";
    private static OdooStandIn odoo;

    private static ServiceUnderTest service;

    @BeforeAll
    static void start() throws IOException {
        odoo = new OdooStandIn(KEY);
        service = ServiceUnderTest.start(
                "odoo-poll-service",
                Map.of(
                        "handoff.odoo.poll.state-dir",
                        Files.createTempDirectory("handoff-poll").toString(),
                        "handoff.odoo.poll.sources.odoo-prod.url",
                        odoo.url().toString(),
                        "handoff.odoo.poll.sources.odoo-prod.api",
                        "json-2",
                        "handoff.odoo.poll.sources.odoo-prod.database",
                        OdooStandIn.DATABASE,
                        "handoff.odoo.poll.sources.odoo-prod.api-key",
                        KEY,
                        "handoff.odoo.poll.sources.odoo-prod.models",
                        "account.analytic.line,account.move",
                        "handoff.odoo.poll.sources.odoo-prod.every",
                        "1h",
                        // Polls only when the test says (the admin API), so the figures are the test's.
                        "quarkus.scheduler.enabled",
                        "false"));
    }

    @AfterAll
    static void stop() {
        try {
            service.close();
        } finally {
            odoo.close();
        }
    }

    private static String odooTime(LocalDateTime time) {
        return time.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }

    @Test
    void pollingFillsWhatTheWebhookMissedAndWhatBothSentCountsOnce() {
        LocalDateTime approved = LocalDateTime.now(ZoneOffset.UTC).minusHours(3).truncatedTo(ChronoUnit.SECONDS);
        LocalDateTime posted = approved.plusHours(1);
        odoo.put(
                "account.analytic.line",
                record(61001, odooTime(approved))
                        .put("date", "2026-11-20")
                        .put("unit_amount", 6.5)
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                                "project_id", many2one(212, "ACME - Data platform"))
                        .put("validated", true)
                        .set("timesheet_invoice_id", many2one(62001, "INV/2026/00977")));
        odoo.put(
                "account.move",
                record(62001, odooTime(posted))
                        .put("move_type", "out_invoice")
                        .put("state", "posted")
                        .put("payment_state", "not_paid")
                        .put("amount_untaxed", 780.0)
                        .put("name", "INV/2026/00977")
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set("currency_id", many2one(1, "EUR"))
                        .set("partner_id", many2one(1204, "ACME <Corp>")));

        // The invoice's webhook arrived (with the microseconds webhooks carry); the timesheet's was lost.
        String webhook =
                "{\"_action\": \"Notify monitor(#42)\", \"_id\": 62001, \"_model\": \"account.move\", \"amount_untaxed\": 780.0, \"id\": 62001, "
                        + "\"move_type\": \"out_invoice\", \"partner_id\": 1204, \"payment_state\": \"not_paid\", \"state\": \"posted\", \"write_date\": \""
                        + odooTime(posted) + ".204311\"}";
        given().header("Content-Type", "application/json")
                .body(webhook)
                .queryParam("token", ODOO_TOKEN)
                .post("/api/v1/odoo/webhook/odoo-prod")
                .then()
                .statusCode(202);

        as(OPERATOR_KEY)
                .post("/api/v1/admin/odoo/poll/odoo-prod")
                .then()
                .statusCode(200)
                .body("records", equalTo(2))
                .body("models.model", contains("account.analytic.line", "account.move"))
                .body("models[0].watermark", equalTo(odooTime(approved) + " #61001"))
                .body("models[1].lastError", equalTo(null));

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> as(READER_KEY)
                        .get("/api/v1/flows/account.analytic.line/61001")
                        .then()
                        .statusCode(200)
                        .body("links.invoice", equalTo("account.move/62001"))
                        .body("hours", equalTo(6.5f))
                        .body("slas[0].state", equalTo("met")));
        // One invoice.posted although the webhook and the poll both delivered it.
        as(READER_KEY)
                .get("/api/v1/flows/account.move/62001")
                .then()
                .statusCode(200)
                .body("eventCount", equalTo(1));
        String metrics = io.handoff.testing.Management.given()
                .get("/q/metrics")
                .then()
                .extract()
                .asString();
        assertThat(metrics)
                .contains(
                        "handoff_ingest_events_total{result=\"duplicate\",source=\"odoo-prod\",type=\"invoice.posted\"} 1.0");
        assertThat(metrics)
                .contains(
                        "handoff_odoo_poll_records_total{kind=\"fresh\",model=\"account.move\",source=\"odoo-prod\"} 1.0");
        assertThat(metrics)
                .contains(
                        "handoff_odoo_poll_requests_total{model=\"account.move\",result=\"unauthorized\",source=\"odoo-prod\"} 0.0");
        assertThat(metrics)
                .containsPattern(
                        "handoff_odoo_poll_watermark_seconds\\{model=\"account.analytic.line\",source=\"odoo-prod\"} 1\\.\\d+E9");

        // The console names what the ids stand for, read back from Odoo when the page is shown; ids stay in links.
        var lead = io.handoff.console.ConsoleIT.signIn(READER_KEY);
        String flowPage = io.handoff.console.ConsoleIT.page(lead, "/console/flow?key=account.move%2F62001");
        assertThat(flowPage)
                .contains("<dd>ACME &lt;Corp&gt;</dd>", "INV/2026/00977 · ACME &lt;Corp&gt;", "780.00 EUR")
                .doesNotContain("ACME <Corp>");
        assertThat(io.handoff.console.ConsoleIT.page(lead, "/console/flow?key=account.analytic.line%2F61001"))
                .contains("<dd>ACME - Data platform</dd>", "Fri 20 Nov 2026 · 6.5 h");
        assertThat(io.handoff.testing.Management.given()
                        .get("/q/metrics")
                        .then()
                        .extract()
                        .asString())
                .containsPattern("handoff_odoo_names_total\\{result=\"found\"} [1-9]");

        // Polling again reads nothing new.
        as(OPERATOR_KEY)
                .post("/api/v1/admin/odoo/poll/odoo-prod")
                .then()
                .statusCode(200)
                .body("records", equalTo(0));
    }

    @Test
    void aRefusedKeyShowsInTheStatusAndTheMetrics() {
        odoo.changeKey("rotated-by-someone-else");
        try {
            as(OPERATOR_KEY)
                    .post("/api/v1/admin/odoo/poll/odoo-prod")
                    .then()
                    .statusCode(200)
                    .body("records", equalTo(0))
                    .body("models[0].lastError", startsWith("POST /json/2/account.analytic.line/search_read: 401"));
            as(OPERATOR_KEY)
                    .get("/api/v1/admin/odoo/poll")
                    .then()
                    .statusCode(200)
                    .body("odoo-prod[0].failures", equalTo(1));
            assertThat(io.handoff.testing.Management.given()
                            .get("/q/metrics")
                            .then()
                            .extract()
                            .asString())
                    .contains(
                            "handoff_odoo_poll_requests_total{model=\"account.analytic.line\",result=\"unauthorized\",source=\"odoo-prod\"} 1.0");
        } finally {
            odoo.changeKey(KEY);
        }
    }

    @Test
    void onlyOperatorsPollAndOnlyConfiguredSources() {
        as(READER_KEY).post("/api/v1/admin/odoo/poll/odoo-prod").then().statusCode(403);
        as(OPERATOR_KEY)
                .post("/api/v1/admin/odoo/poll/odoo-staging")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }
}
