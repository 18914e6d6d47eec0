package io.handoff.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo switched on by its one flag drives the running service through the real edge. */
@QuarkusTest
// The console's browser test runs the demo too: sharing its profile saves building one more application (about
// 10 s of the test run). Its notices go only to the integration practice, which the demo has none of.
@TestProfile(io.handoff.console.ConsoleBrowserIT.DemoWithNotices.class)
class DemoWorkloadIT {
    @Test
    void theDemoFeedsAllThreeSourcesAndTheSlaSeriesMove() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String metrics = io.handoff.testing.Management.given()
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            for (String source : new String[] {"demo-timetracker", "demo-odoo", "demo-middleware"}) {
                assertThat(metrics)
                        .contains("handoff_ingest_events_total{result=\"accepted\",source=\"" + source + "\"");
            }
            assertThat(metrics)
                    .contains(
                            "handoff_odoo_snapshots_total{model=\"account.move\",result=\"mapped\",source=\"demo-odoo\"}");
            assertThat(metrics)
                    .containsPattern(
                            "handoff_sla_outcomes_total\\{group=\"[a-z]+\",outcome=\"met\",sla=\"approved-to-invoice\"\\} [1-9]");
            // Every 15th invoiced line has its hours trimmed in Odoo: the time tool and Odoo disagree.
            assertThat(metrics)
                    .containsPattern(
                            "handoff_exceptions_opened_total\\{severity=\"warning\",type=\"hours-mismatch\"\\} [1-9]");
        });
        io.handoff.testing.Management.given()
                .get("/q/health")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("engine-thread"))
                .body("checks.name", hasItem("engine-buffer"));
    }
}
