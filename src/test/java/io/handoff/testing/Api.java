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
}
