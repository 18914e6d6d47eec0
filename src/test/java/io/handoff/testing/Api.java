package io.handoff.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Keys of the test profile and request builders that use them. */
public final class Api {
    public static final String ODOO_TOKEN = "test-odoo-prod-token-0001";
    public static final String STAGING_TOKEN = "test-odoo-staging-token-01";
    public static final String ESB_KEY = "test-esb-ingest-key-000001";
    public static final String READER_KEY = "test-reader-key-0000000001";
    public static final String OPERATOR_KEY = "test-operator-key-00000001";

    private Api() {}

    public static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    public static String cloudEvent(
            String id, String type, String time, String subject, String correlationId, String data) {
        StringBuilder json = new StringBuilder("{\"specversion\":\"1.0\",\"id\":\"")
                .append(id)
                .append("\",\"source\":\"esb://test\",\"type\":\"")
                .append(type)
                .append("\",\"time\":\"")
                .append(time)
                .append('"');
        if (subject != null) {
            json.append(",\"subject\":\"").append(subject).append('"');
        }
        if (correlationId != null) {
            json.append(",\"correlationid\":\"").append(correlationId).append('"');
        }
        if (data != null) {
            json.append(",\"data\":").append(data);
        }
        return json.append('}').toString();
    }

    /**
     * Posts a middleware message received ten minutes ago and never delivered: it breaches middleware-delivery (2
     * minutes) as soon as the engine looks. Returns the id its exception will have.
     */
    public static String postLateMessage(String flow, String practice, String client) {
        as(ESB_KEY)
                .contentType("application/cloudevents+json")
                .body(cloudEvent(
                        flow + "-r",
                        "middleware.message.received",
                        java.time.Instant.now()
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                .minusSeconds(600)
                                .toString(),
                        null,
                        flow,
                        "{\"practice\":\"" + practice + "\",\"client\":\"" + client
                                + "\",\"project\":\"Console test\"}"))
                .post("/api/v1/events")
                .then()
                .statusCode(202);
        return "sla-breach:middleware-delivery:" + flow;
    }

    /** Waits until the exception {@code id} can be read. */
    public static String awaitException(String id) {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .untilAsserted(() ->
                        as(READER_KEY).get("/api/v1/exceptions/" + id).then().statusCode(200));
        return id;
    }
}
