package io.handoff.store.elastic;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.as;
import static io.handoff.testing.Api.cloudEvent;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** With the service's telemetry on, the Elasticsearch client's requests are spans too. */
@QuarkusTest
@TestProfile(ElasticProfile.class)
public class ElasticTelemetryIT {
    @Test
    void bulkRequestsToElasticsearchAreClientSpans() {
        String time =
                Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS).toString();
        as(ESB_KEY)
                .contentType("application/cloudevents+json")
                .body(cloudEvent("es-tel-1", "middleware.message.received", time, null, "es-tel-msg", null))
                .post("/api/v1/events")
                .then()
                .statusCode(202);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> ElasticProfile.TRACES.spans().stream()
                        .anyMatch(r -> attribute(r.span().getAttributesList(), "db.system.name")
                                        .equals("elasticsearch")
                                && r.span().getName().equals("bulk")));
    }

    private static String attribute(java.util.List<KeyValue> attributes, String key) {
        return attributes.stream()
                .filter(a -> a.getKey().equals(key))
                .map(a -> a.getValue().getStringValue())
                .findFirst()
                .orElse("");
    }
}
