package io.handoff.ingest.http;

import static io.handoff.testing.Api.ODOO_TOKEN;
import static io.handoff.testing.Api.READER_KEY;
import static io.handoff.testing.Api.STAGING_TOKEN;
import static io.handoff.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Odoo's webhook bodies exactly as Odoo sends them: bytes, headers, no auth header. */
@QuarkusTest
class OdooWebhookIT {
    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = OdooWebhookIT.class.getResourceAsStream("/fixtures/odoo/" + name)) {
            return in.readAllBytes();
        }
    }

    /** What python-requests sends: application/json without charset, and its usual headers. */
    private static Response post(String source, String token, byte[] body) {
        return given().header("Content-Type", "application/json")
                .header("User-Agent", "python-requests/2.31.0")
                .header("Accept", "*/*")
                .body(body)
                .queryParam("token", token)
                .post("/api/v1/odoo/webhook/" + source);
    }

    @Test
    void aTimesheetIsFollowedFromApprovalToItsPostedInvoice() throws IOException {
        post("odoo-prod", ODOO_TOKEN, fixture("webhook-timesheet-invoiced.json"))
                .then()
                .statusCode(202)
                .body("model", equalTo("account.analytic.line"))
                .body("events.type", contains("timesheet.approved", "timesheet.invoiced"));
        post("odoo-prod", ODOO_TOKEN, fixture("webhook-invoice-posted.json"))
                .then()
                .statusCode(202);
        // The earlier snapshot arrives last, as Odoo's unordered POSTs may.
        post("odoo-prod", ODOO_TOKEN, fixture("webhook-timesheet-validated.json"))
                .then()
                .statusCode(202);

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> as(READER_KEY)
                        .get("/api/v1/flows/account.analytic.line/18342")
                        .then()
                        .statusCode(200)
                        .body("links.invoice", equalTo("account.move/7718"))
                        .body("hours", equalTo(7.5f))
                        .body("slas[0].sla", equalTo("approved-to-invoice"))
                        .body("slas[0].start", equalTo("2026-11-20T16:42:09.318204Z"))
                        .body("slas[0].stop", equalTo("2026-11-23T08:06:30.412345Z"))
                        .body("slas[0].state", equalTo("met")));
        as(READER_KEY)
                .get("/api/v1/flows/account.move/7718")
                .then()
                .statusCode(200)
                .body("linkedFrom", contains("account.analytic.line/18342"));
    }

    @Test
    void theSameBodyTwiceIsADuplicate() throws IOException {
        post("odoo-prod", ODOO_TOKEN, fixture("webhook-milestone-reached.json"))
                .then()
                .statusCode(202);
        post("odoo-prod", ODOO_TOKEN, fixture("webhook-milestone-reached.json"))
                .then()
                .statusCode(202)
                .body("events.status", contains("duplicate"));
    }

    @Test
    void aBodyThatMatchesNoRuleIsAcceptedWithNoEvents() throws IOException {
        post("odoo-prod", ODOO_TOKEN, fixture("webhook-minimal.json"))
                .then()
                .statusCode(202)
                .body("events", hasSize(0));
    }

    @Test
    void theTokenMustBeThisSourcesOwn() throws IOException {
        byte[] body = fixture("webhook-invoice-posted.json");
        post("odoo-prod", "wrong-token-wrong-token", body)
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        post("odoo-prod", STAGING_TOKEN, body).then().statusCode(401);
        post("no-such-source", ODOO_TOKEN, body).then().statusCode(401);
        given().contentType("application/json")
                .body(body)
                .post("/api/v1/odoo/webhook/odoo-prod")
                .then()
                .statusCode(401);
        post("odoo-staging", STAGING_TOKEN, body).then().statusCode(202);
    }

    @Test
    void anUnmappedModelAndABrokenBodyAreProblems() {
        post("odoo-prod", ODOO_TOKEN, "{\"_action\": \"x(#1)\", \"_id\": 5, \"_model\": \"res.partner\"}".getBytes())
                .then()
                .statusCode(422)
                .body("type", equalTo("/problems/unmapped-model"));
        post("odoo-prod", ODOO_TOKEN, "{\"_id\": 5}".getBytes())
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/_model"));
        post("odoo-prod", ODOO_TOKEN, "not json".getBytes())
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/malformed-json"));
    }

    @Test
    void everyAnswerComesWellWithinOdoosOneSecondTimeout() throws IOException {
        byte[] body = fixture("webhook-expense-approved.json");
        post("odoo-prod", ODOO_TOKEN, body); // warm-up
        for (int i = 0; i < 20; i++) {
            long took = post("odoo-prod", ODOO_TOKEN, body)
                    .then()
                    .statusCode(202)
                    .extract()
                    .time();
            assertThat(took).as("answer time in ms").isLessThan(1000);
        }
    }
}
