package io.handoff.ingest.http;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.OPERATOR_KEY;
import static io.handoff.testing.Api.READER_KEY;
import static io.handoff.testing.Api.as;
import static io.handoff.testing.Api.cloudEvent;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EventsApiIT {
    private static final String SINGLE = "application/cloudevents+json";
    private static final String BATCH = "application/cloudevents-batch+json";

    private static String now(long minusMinutes) {
        return Instant.now()
                .minus(minusMinutes, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Test
    void aSingleEventIsAcceptedAndShowsInItsFlow() {
        String message = unique("msg");
        as(ESB_KEY)
                .contentType(SINGLE)
                .body(cloudEvent(
                        message + "-r", "middleware.message.received", now(1), null, message, "{\"route\":\"r1\"}"))
                .post("/api/v1/events")
                .then()
                .statusCode(202)
                .body("status", equalTo("accepted"))
                .body("id", equalTo(message + "-r"));

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> as(READER_KEY)
                        .get("/api/v1/flows/" + message)
                        .then()
                        .statusCode(200)
                        .body("key", equalTo(message))
                        .body("events", hasSize(1))
                        .body("slas[0].sla", equalTo("middleware-delivery"))
                        .body("slas[0].state", equalTo("on_track")));
    }

    @Test
    void aDuplicateIsAcknowledgedAsSuch() {
        String body = cloudEvent(unique("dup"), "middleware.message.received", now(1), null, unique("m"), null);
        as(ESB_KEY).contentType(SINGLE).body(body).post("/api/v1/events").then().statusCode(202);
        as(ESB_KEY)
                .contentType(SINGLE)
                .body(body)
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("status", equalTo("duplicate"));
    }

    @Test
    void aBatchReportsEveryEventAndABadOneNeverSinksTheGoodOnes() {
        String line = "account.analytic.line/" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000);
        String good = cloudEvent(
                unique("a"), "timesheet.approved", now(60), line, null, "{\"hours\":7.5,\"practice\":\"data\"}");
        String noTime =
                "{\"specversion\":\"1.0\",\"id\":\"x1\",\"source\":\"s\",\"type\":\"timesheet.approved\",\"subject\":\""
                        + line + "\"}";
        String unknownType = cloudEvent("x2", "timesheet.approve", now(1), line, null, null);
        String invoiced = cloudEvent(unique("b"), "timesheet.invoiced", now(30), line, null, "{\"invoice\":99123}");
        String batch = "[" + good + "," + noTime + "," + unknownType + "," + invoiced + "," + good + "]";

        as(ESB_KEY)
                .contentType(BATCH)
                .body(batch)
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(2))
                .body("duplicates", equalTo(1))
                .body("rejected", equalTo(2))
                .body(
                        "results.status",
                        org.hamcrest.Matchers.contains("accepted", "rejected", "rejected", "accepted", "duplicate"))
                .body("results[1].problem.errors[0].pointer", equalTo("/1/time"))
                .body("results[1].problem.type", equalTo("/problems/invalid-attribute"))
                .body("results[2].problem.status", equalTo(422))
                .body("results[2].problem.errors[0].pointer", equalTo("/2/type"));

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> as(READER_KEY)
                        .get("/api/v1/flows/" + line)
                        .then()
                        .statusCode(200)
                        .body("events", hasSize(2))
                        .body("links.invoice", equalTo("account.move/99123"))
                        .body("group", equalTo("data")));
    }

    @Test
    void malformedJsonIsAProblemWithItsPosition() {
        as(ESB_KEY)
                .contentType(SINGLE)
                .body("{\"specversion\": \"1.0\",")
                .post("/api/v1/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/malformed-json"))
                .body("title", equalTo("Malformed JSON"))
                .body("detail", containsString("line 1"))
                .body("instance", equalTo("/api/v1/events"));
    }

    @Test
    void aMissingAttributeIsNamedByPointer() {
        String noSubject = cloudEvent(unique("ns"), "invoice.posted", now(1), null, null, null);
        as(ESB_KEY)
                .contentType(SINGLE)
                .body(noSubject)
                .post("/api/v1/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/subject"));
    }

    @Test
    void anAbsurdTimestampIsRefused() {
        String future = cloudEvent(unique("f"), "invoice.posted", "2099-01-01T00:00:00Z", "account.move/1", null, null);
        as(ESB_KEY)
                .contentType(SINGLE)
                .body(future)
                .post("/api/v1/events")
                .then()
                .statusCode(422)
                .body("type", equalTo("/problems/implausible-time"))
                .body("errors[0].pointer", equalTo("/time"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() {
        String padding = "x".repeat(70_000);
        as(ESB_KEY)
                .contentType(SINGLE)
                .body(cloudEvent(
                        "big", "invoice.posted", now(1), "account.move/1", null, "{\"note\":\"" + padding + "\"}"))
                .post("/api/v1/events")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/body-too-large"));
    }

    @Test
    void aBatchWithTooManyEventsIsRefusedWith413() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 101; i++) {
            batch.append(i == 0 ? "" : ",")
                    .append(cloudEvent("many-" + i, "invoice.posted", now(1), "account.move/" + i, null, null));
        }
        as(ESB_KEY)
                .contentType(BATCH)
                .body(batch.append("]").toString())
                .post("/api/v1/events")
                .then()
                .statusCode(413)
                .body("detail", containsString("101 events"));
    }

    @Test
    void aBatchMustBeAnArray() {
        as(ESB_KEY)
                .contentType(BATCH)
                .body("{}")
                .post("/api/v1/events")
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-event"));
    }

    @Test
    void anUnsupportedMediaTypeIsAProblem() {
        as(ESB_KEY)
                .contentType("text/plain")
                .body("hello")
                .post("/api/v1/events")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unsupported-media-type"));
    }

    @Test
    void ingestNeedsASourceKey() {
        String event = cloudEvent(unique("k"), "invoice.posted", now(1), "account.move/1", null, null);
        given().contentType(SINGLE)
                .body(event)
                .post("/api/v1/events")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", equalTo("no API key presented"));
        as("not-a-key-at-all-xxxx")
                .contentType(SINGLE)
                .body(event)
                .post("/api/v1/events")
                .then()
                .statusCode(401);
        as(READER_KEY)
                .contentType(SINGLE)
                .body(event)
                .post("/api/v1/events")
                .then()
                .statusCode(403);
        given().header("X-API-Key", ESB_KEY)
                .contentType(SINGLE)
                .body(event)
                .post("/api/v1/events")
                .then()
                .statusCode(202);
    }

    @Test
    void queriesNeedAReaderAndAdminAnOperator() {
        given().get("/api/v1/slas").then().statusCode(401);
        as(ESB_KEY).get("/api/v1/slas").then().statusCode(403);
        as(READER_KEY)
                .get("/api/v1/slas")
                .then()
                .statusCode(200)
                .body(
                        "id",
                        org.hamcrest.Matchers.hasItems(
                                "approved-to-invoice", "invoice-to-payment", "middleware-delivery"));
        as(OPERATOR_KEY).get("/api/v1/slas").then().statusCode(200);
        given().get("/api/v1/flows/account.move/1").then().statusCode(401);
        as(READER_KEY)
                .get("/api/v1/admin/status")
                .then()
                .statusCode(403)
                .body("detail", containsString("needs operator"));
        as(OPERATOR_KEY)
                .get("/api/v1/admin/status")
                .then()
                .statusCode(200)
                .body("store", startsWith("memory"))
                .body("sources.'odoo-prod'", equalTo(""))
                .body(org.hamcrest.Matchers.not(containsString("test-odoo-prod-token")));
    }

    @Test
    void healthMetricsAndOpenApiNeedNoKey() {
        io.handoff.testing.Management.given()
                .get("/q/health")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"));
        io.handoff.testing.Management.given().get("/q/metrics").then().statusCode(200);
        io.handoff.testing.Management.given()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/api/v1/odoo/webhook/{source}"));
    }

    @Test
    void anUnknownFlowAndAnUnknownPathAreProblems() {
        as(READER_KEY)
                .get("/api/v1/flows/account.move/does-not-exist")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().get("/problems/implausible-time").then().statusCode(200).body("status", equalTo(422));
    }
}
