package io.handoff.api;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.READER_KEY;
import static io.handoff.testing.Api.as;
import static io.handoff.testing.Api.cloudEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A timesheet line's way to cash through the running service: approved, on an invoice, posted, paid; the flow API
 * gives its project-to-cash chain stage by stage across the line's and the invoice's flows, the chains report counts
 * it, and the console's flow page shows the stages.
 */
@QuarkusTest
class ChainsIT {
    @Test
    void aPaidLineHasItsProjectToCashChainStageByStage() {
        as(ESB_KEY)
                .contentType("application/cloudevents-batch+json")
                .body("["
                        + String.join(
                                ",",
                                cloudEvent(
                                        "ch-1",
                                        "timesheet.approved",
                                        "2026-11-16T09:00:00Z",
                                        "account.analytic.line/880001",
                                        null,
                                        "{\"client\":\"acme\"}"),
                                cloudEvent(
                                        "ch-2",
                                        "timesheet.invoiced",
                                        "2026-11-18T10:00:00Z",
                                        "account.analytic.line/880001",
                                        null,
                                        "{\"invoice\":\"account.move/880100\"}"),
                                cloudEvent(
                                        "ch-3",
                                        "invoice.posted",
                                        "2026-11-19T09:00:00Z",
                                        "account.move/880100",
                                        null,
                                        "{\"client\":\"acme\"}"),
                                cloudEvent(
                                        "ch-4",
                                        "invoice.paid",
                                        "2026-11-29T09:00:00Z",
                                        "account.move/880100",
                                        null,
                                        null))
                        + "]")
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("rejected", equalTo(0));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonPath flow = as(READER_KEY)
                    .get("/api/v1/flows/account.analytic.line/880001")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(flow.getString("chains.find { it.chain == 'project-to-cash' }.stop"))
                    .isEqualTo("2026-11-29T09:00:00Z");
            assertThat(flow.getList("chains.find { it.chain == 'project-to-cash' }.stages.flow"))
                    .containsExactly("account.analytic.line/880001", "account.move/880100");
            // 3 days to the posting, 10 days to the payment: the second stage took 10 of 13 days
            assertThat(flow.getDouble("chains.find { it.chain == 'project-to-cash' }.stages[1].share"))
                    .isCloseTo(10 / 13.0, org.assertj.core.data.Offset.offset(1e-6)); // JSON read back as a float
        });
        JsonPath chains = as(READER_KEY)
                .get("/api/v1/slas/chains")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(chains.getList("chains.chain")).contains("project-to-cash", "milestone-to-cash");
        assertThat(chains.getLong("chains.find { it.chain == 'project-to-cash' }.completed"))
                .isPositive();
        assertThat(chains.getList("chains.find { it.chain == 'project-to-cash' }.stages.sla"))
                .containsExactly("approved-to-invoice", "invoice-to-payment");
        // What a Kafka group adds up: this instance's part, the completed chains' times in milliseconds, ascending.
        JsonPath parts = as(READER_KEY)
                .get("/api/v1/slas/chains/parts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Long> completed =
                parts.getList("chains.find { it.chain == 'project-to-cash' }.completedMillis", Long.class);
        assertThat(completed)
                .hasSize(chains.getInt("chains.find { it.chain == 'project-to-cash' }.completed"))
                .isSorted()
                .contains(13L * 86_400_000);
        as(ESB_KEY).get("/api/v1/slas/chains/parts").then().statusCode(403);

        io.handoff.console.ConsoleIT.Browser browser = io.handoff.console.ConsoleIT.signIn(READER_KEY);
        assertThat(io.handoff.console.ConsoleIT.page(browser, "/console/flow?key=account.analytic.line%2F880001"))
                .contains("project-to-cash: took 13 d 0 h end to end")
                .contains("<a href=\"/console/flow?key=account.move%2F880100\">account.move/880100</a>");
    }
}
