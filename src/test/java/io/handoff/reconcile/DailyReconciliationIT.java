package io.handoff.reconcile;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.ODOO_TOKEN;
import static io.handoff.testing.Api.OPERATOR_KEY;
import static io.handoff.testing.Api.READER_KEY;
import static io.handoff.testing.Api.as;
import static io.handoff.testing.Api.cloudEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The running service: time-tool approvals and Odoo snapshots for three projects, the reconciliation run
 * through the admin API, its differences as exceptions with the totals, and a correction settling one.
 */
@QuarkusTest
class DailyReconciliationIT {
    private static final DateTimeFormatter ODOO = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static void fromTool(long line, String project, double hours, Instant at) {
        String data = "{\"project\":\"" + project + "\",\"client\":\"Recon Corp\",\"hours\":" + hours + ",\"amount\":"
                + hours * 100 + "}";
        as(ESB_KEY)
                .contentType("application/cloudevents+json")
                .body(cloudEvent(
                        "recon-" + line + "-" + hours,
                        "timesheet.approved",
                        at.toString(),
                        "account.analytic.line/" + line,
                        null,
                        data))
                .post("/api/v1/events")
                .then()
                .statusCode(202);
    }

    private static void fromOdoo(long line, String project, double hours, Instant at, Long invoice) {
        String body = "{\"_action\": \"Notify(#7)\", \"_id\": " + line
                + ", \"_model\": \"account.analytic.line\", \"id\": " + line
                + ", \"project_id\": " + project + ", \"timesheet_invoice_id\": "
                + (invoice == null ? "false" : invoice) + ", \"unit_amount\": " + hours
                + ", \"validated\": true, \"write_date\": \""
                + LocalDateTime.ofInstant(at, ZoneOffset.UTC).format(ODOO) + "\"}";
        given().contentType("application/json")
                .body(body)
                .queryParam("token", ODOO_TOKEN)
                .post("/api/v1/odoo/webhook/odoo-prod")
                .then()
                .statusCode(202);
    }

    private static void invoicePosted(long invoice, Instant at) {
        String body = "{\"_action\": \"Notify(#8)\", \"_id\": " + invoice + ", \"_model\": \"account.move\", \"id\": "
                + invoice + ", \"move_type\": \"out_invoice\", \"state\": \"posted\", \"write_date\": \""
                + LocalDateTime.ofInstant(at, ZoneOffset.UTC).format(ODOO) + "\"}";
        given().contentType("application/json")
                .body(body)
                .queryParam("token", ODOO_TOKEN)
                .post("/api/v1/odoo/webhook/odoo-prod")
                .then()
                .statusCode(202);
    }

    private static JsonPath run() {
        as(OPERATOR_KEY).post("/api/v1/admin/reconcile").then().statusCode(202).body("startedAt", notNullValue());
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> as(OPERATOR_KEY)
                        .get("/api/v1/admin/reconcile")
                        .then()
                        .statusCode(200)
                        .body("result", equalTo("ok")));
        return as(OPERATOR_KEY).get("/api/v1/admin/reconcile").then().extract().jsonPath();
    }

    private static Map<String, Object> exception(String id) {
        return as(READER_KEY)
                .get("/api/v1/exceptions/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    @Test
    void differencesPerProjectAndDayBecomeExceptionsAndACorrectionSettlesThem() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant threeDaysAgo =
                now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3)).plus(Duration.ofHours(10));
        Instant twentyDaysAgo =
                now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(20)).plus(Duration.ofHours(10));
        // 9101: the tool says 12 h, Odoo 11 h. 9102: agreed, but not invoiced after 20 days. 9103: agreed and invoiced.
        fromTool(91011, "9101", 8.0, threeDaysAgo);
        fromOdoo(91011, "9101", 8.0, threeDaysAgo.plusSeconds(60), null);
        fromTool(91012, "9101", 4.0, threeDaysAgo);
        fromOdoo(91012, "9101", 3.0, threeDaysAgo.plusSeconds(60), null);
        fromTool(91021, "9102", 5.0, twentyDaysAgo);
        fromOdoo(91021, "9102", 5.0, twentyDaysAgo.plusSeconds(60), null);
        fromTool(91031, "9103", 6.0, threeDaysAgo);
        fromOdoo(91031, "9103", 6.0, threeDaysAgo.plusSeconds(60), 91039L);
        invoicePosted(91039, threeDaysAgo.plusSeconds(3600));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> as(READER_KEY)
                        .get("/api/v1/flows/account.move/91039")
                        .then()
                        .statusCode(200));

        JsonPath first = run();
        assertThat(first.getLong("linesScanned")).isGreaterThanOrEqualTo(4).isEqualTo(first.getLong("linesTotal"));
        assertThat(first.getInt("opened")).isGreaterThanOrEqualTo(2);

        String day9101 = threeDaysAgo.toString().substring(0, 10);
        Map<String, Object> mismatch = exception("daily-hours:9101:" + day9101);
        assertThat(mismatch)
                .containsEntry("status", "open")
                .containsEntry("project", "9101")
                .containsEntry("client", "Recon Corp")
                .containsEntry("hours", 1.0f)
                .containsEntry("amount", 100.0f);
        assertThat((String) mismatch.get("summary"))
                .isEqualTo(
                        "project 9101 on " + day9101
                                + ": 12 h approved in the time tool, 11 h on Odoo timesheets, 0 h on posted invoices (2 lines); tool and Odoo differ by 1 h");
        assertThat((String)
                        exception("daily-hours:9102:" + twentyDaysAgo.toString().substring(0, 10))
                                .get("summary"))
                .endsWith("5 h not invoiced after 14 days");
        as(READER_KEY)
                .get("/api/v1/exceptions/daily-hours:9103:" + day9101)
                .then()
                .statusCode(404);
        List<String> ids = as(READER_KEY)
                .queryParam("type", "daily-hours")
                .queryParam("project", "9101")
                .get("/api/v1/exceptions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("exceptions.id");
        assertThat(ids).containsExactly("daily-hours:9101:" + day9101);

        // Odoo is corrected to the tool's 4 h: the next run settles the day; the other stays open, unchanged.
        fromOdoo(91012, "9101", 4.0, threeDaysAgo.plusSeconds(7200), null);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> as(READER_KEY)
                        .get("/api/v1/flows/account.analytic.line/91012")
                        .then()
                        .body("hours", equalTo(4.0f)));
        JsonPath second = run();
        assertThat(second.getInt("resolved")).isGreaterThanOrEqualTo(1);
        assertThat(exception("daily-hours:9101:" + day9101)).containsEntry("status", "resolved");
        assertThat(exception("daily-hours:9102:" + twentyDaysAgo.toString().substring(0, 10)))
                .containsEntry("status", "open");
        assertThat(io.handoff.testing.Management.given()
                        .get("/q/metrics")
                        .then()
                        .extract()
                        .asString())
                .contains("handoff_reconcile_runs_total{result=\"ok\"}")
                .containsPattern("handoff_reconcile_last_success_seconds 1\\.\\d+E9");
    }
}
