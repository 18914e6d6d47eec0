package io.handoff.slo;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.READER_KEY;
import static io.handoff.testing.Api.as;
import static io.handoff.testing.Api.cloudEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.handoff.testing.Exposition;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import org.junit.jupiter.api.Test;

/** Compliance windows through the service: decisions kept as clocks are decided, windows read back by the API and gauges. */
@QuarkusTest
class SloWindowsIT {
    private static final String WINDOWS = "/api/v1/slas/middleware-delivery/windows";

    private static JsonPath windows(String query) {
        return as(READER_KEY)
                .get(WINDOWS + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static int decided(JsonPath json, String window, String field) {
        return json.getInt("windows.find { it.window == '" + window + "' }." + field);
    }

    @Test
    void aMetAndABreachedClockCountInTheCurrentWindowsOfTheirSla() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonPath before = windows("");
        assertThat(before.getList("windows.window")).containsExactly("28d", "week");

        as(ESB_KEY)
                .contentType("application/cloudevents-batch+json")
                .body("["
                        + String.join(
                                ",",
                                cloudEvent(
                                        "slo-1",
                                        "middleware.message.received",
                                        now.minusSeconds(600).toString(),
                                        null,
                                        "slo-ok",
                                        null),
                                cloudEvent(
                                        "slo-2",
                                        "middleware.message.delivered",
                                        now.minusSeconds(590).toString(),
                                        null,
                                        "slo-ok",
                                        "{\"record\":\"account.move/5501\"}"),
                                cloudEvent(
                                        "slo-3",
                                        "middleware.message.received",
                                        now.minusSeconds(600).toString(),
                                        null,
                                        "slo-late",
                                        null))
                        + "]")
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("rejected", equalTo(0))
                .body("duplicates", equalTo(0));

        // Both decisions fall in this ISO week unless the test runs in the first ten minutes of a Monday (UTC).
        int inThisWeek = now.minusSeconds(600).atZone(ZoneOffset.UTC).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)
                        == now.atZone(ZoneOffset.UTC).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)
                ? 1
                : 0;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonPath after = windows("");
            assertThat(decided(after, "28d", "met") - decided(before, "28d", "met"))
                    .isEqualTo(1);
            assertThat(decided(after, "28d", "breached") - decided(before, "28d", "breached"))
                    .isEqualTo(1);
            assertThat(decided(after, "week", "met") - decided(before, "week", "met"))
                    .isEqualTo(inThisWeek);
            assertThat(decided(after, "week", "breached") - decided(before, "week", "breached"))
                    .isEqualTo(inThisWeek);
        });
        JsonPath after = windows("");
        assertThat(after.getDouble("windows[0].objective")).isEqualTo(0.99);
        assertThat(after.getDouble("windows[0].budgetLeft"))
                .as("(1 - 0.99) x decided - breached")
                .isCloseTo(
                        0.01 * after.getInt("windows[0].decided") - after.getInt("windows[0].breached"),
                        org.assertj.core.data.Offset.offset(1e-9));

        var today = now.atZone(ZoneOffset.UTC);
        String week = String.format(
                "%d-W%02d", today.get(IsoFields.WEEK_BASED_YEAR), today.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        JsonPath thisWeek = windows("?period=" + week);
        assertThat(thisWeek.getList("windows.label")).containsExactly(week);
        assertThat(thisWeek.getInt("windows[0].breached")).isEqualTo(decided(after, "week", "breached"));

        JsonPath byFlow = as(READER_KEY)
                .get("/api/v1/slas/middleware-delivery/contributors?window=28d&by=flow&size=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(byFlow.getString("by")).isEqualTo("flow");
        assertThat(byFlow.getList("top.key")).contains("slo-late").doesNotContain("slo-ok");
        assertThat(byFlow.getInt("top.find { it.key == 'slo-late' }.breached")).isEqualTo(1);

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(Exposition.of(io.handoff.testing.Management.given()
                                        .get("/q/metrics")
                                        .then()
                                        .extract()
                                        .asString())
                                .sum("handoff_sla_window_decided", "sla", "middleware-delivery", "window", "28d"))
                        .isGreaterThanOrEqualTo(2));
    }

    @Test
    void aPeriodTheSlaDoesNotJudgeByOrAnUnknownSlaIsAProblem() {
        as(READER_KEY)
                .get(WINDOWS + "?period=2026-11")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/period"))
                .body("detail", containsString("2026-W48"));
        as(READER_KEY)
                .get("/api/v1/slas/no-such-sla/windows")
                .then()
                .statusCode(404)
                .body("detail", containsString("middleware-delivery"));
        given().get(WINDOWS).then().statusCode(401);
        String contributors = "/api/v1/slas/middleware-delivery/contributors";
        for (String[] bad : new String[][] {
            {"?by=practice", "/by"},
            {"?window=month", "/window"},
            {"?window=week&period=2026-11", "/period"},
            {"?size=0", "/size"},
            {"?size=101", "/size"}
        }) {
            as(READER_KEY).get(contributors + bad[0]).then().statusCode(400).body("errors[0].pointer", equalTo(bad[1]));
        }
    }
}
