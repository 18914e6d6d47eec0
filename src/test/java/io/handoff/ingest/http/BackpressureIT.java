package io.handoff.ingest.http;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.READER_KEY;
import static io.handoff.testing.Api.as;
import static io.handoff.testing.Api.cloudEvent;
import static org.hamcrest.Matchers.equalTo;

import io.handoff.testing.ServiceUnderTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service with an engine buffer of five events. */
class BackpressureIT {
    private static ServiceUnderTest service;

    @BeforeAll
    static void start() {
        service = ServiceUnderTest.start(
                "backpressure-service",
                Map.of("handoff.engine.buffer-capacity", "5", "handoff.ingest.retry-after-seconds", "2"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void aBatchTheBufferCannotHoldIsRefusedWholeWithRetryAfterAndCanBeRetried() {
        String time =
                Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS).toString();
        StringBuilder six = new StringBuilder("[");
        for (int i = 0; i < 6; i++) {
            six.append(i == 0 ? "" : ",")
                    .append(cloudEvent("bp-" + i, "middleware.message.received", time, null, "bp-msg-" + i, null));
        }
        String batch = six.append("]").toString();

        as(ESB_KEY)
                .contentType("application/cloudevents-batch+json")
                .body(batch)
                .post("/api/v1/events")
                .then()
                .statusCode(503)
                .header("Retry-After", "2")
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/buffer-full"));
        as(READER_KEY).get("/api/v1/flows/bp-msg-0").then().statusCode(404);

        // Nothing of the refused request was kept, so sending it again in parts is not a duplicate.
        String firstFive = batch.substring(0, batch.lastIndexOf(",{")) + "]";
        as(ESB_KEY)
                .contentType("application/cloudevents-batch+json")
                .body(firstFive)
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(5));
    }
}
