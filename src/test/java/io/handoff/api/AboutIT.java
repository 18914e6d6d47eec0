package io.handoff.api;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.READER_KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AboutIT {

    @Test
    void a_reader_learns_the_version_and_how_the_service_runs() {
        given().header("Authorization", "Bearer " + READER_KEY)
                .get("/api/v1/about")
                .then()
                .statusCode(200)
                .body("name", equalTo("handoff"))
                .body("version", matchesPattern("\\d+\\.\\d+\\.\\d+.*"))
                .body("store", equalTo("memory"))
                .body("kafka", equalTo(false))
                .body("slas", hasItems("approved-to-invoice", "invoice-to-payment", "middleware-delivery"));
    }

    @Test
    void a_source_key_is_not_a_reader() {
        given().header("Authorization", "Bearer " + ESB_KEY)
                .get("/api/v1/about")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }
}
