package io.handoff.maintenance;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.OPERATOR_KEY;
import static io.handoff.testing.Api.READER_KEY;
import static io.handoff.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.handoff.testing.Exposition;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Maintenance windows through the running service: declared by an operator, the clocks they cover are judged again at
 * once (middleware-delivery excludes: a late message's breach becomes excluded, and counts again when the window is
 * withdrawn), the SLA's gauge says maintenance while the window is active, and bad declarations get a problem naming
 * the field.
 */
@QuarkusTest
class MaintenanceIT {
    /** A source only this test sends from, so its window covers no other test's flows. */
    private static final String SOURCE = "esb://maintenance-it";

    private static final String FLOW = "maintenance-it-msg-1";

    @Inject
    io.handoff.engine.EngineLoop engine;

    @Inject
    MaintenancePlan plan;

    private static JsonPath clock() {
        return as(READER_KEY)
                .get("/api/v1/flows/" + FLOW)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static String declaration(String id, Instant start, Instant end, String reason) {
        return "{\"id\":\"" + id + "\",\"start\":\"" + start + "\",\"end\":\"" + end
                + "\",\"slas\":[\"middleware-delivery\"],\"source\":\"" + SOURCE + "\",\"reason\":\"" + reason + "\"}";
    }

    @Test
    void aDeclaredWindowExcludesTheBreachItCoversUntilItIsWithdrawn() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        receivedTenMinutesAgo(FLOW, SOURCE, now);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(clock().getString("slas[0].state")).isEqualTo("breached"));
        long excludedBefore = excluded();
        io.handoff.testing.Api.awaitException("sla-breach:middleware-delivery:" + FLOW);

        String id = "it-esb-release";
        String body = declaration(id, now.minusSeconds(900), now.plusSeconds(300), "ESB 4.2 release");
        as(OPERATOR_KEY)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/maintenance")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/maintenance/" + id))
                .body("status", equalTo("active"))
                .body("declaredBy", equalTo("ops"))
                .body("origin", equalTo("api"));
        // judged again before the answer: no waiting
        JsonPath excluded = clock();
        assertThat(excluded.getString("slas[0].state")).isEqualTo("excluded");
        assertThat(excluded.getString("slas[0].maintenance")).isEqualTo(id);
        assertThat(excluded()).isEqualTo(excludedBefore + 1);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(exceptionStatus())
                        .as("the breach's exception is withdrawn")
                        .isEqualTo("resolved"));
        // a window over one source's flows excludes their clocks but silences none of the SLA's alerts
        assertThat(maintenanceGauge("middleware-delivery")).isEqualTo(0.0);

        // the console shows it: on the SLA page while active, and on the flow's clock
        io.handoff.console.ConsoleIT.Browser browser = io.handoff.console.ConsoleIT.signIn(READER_KEY);
        assertThat(io.handoff.console.ConsoleIT.page(browser, "/console/slas"))
                .contains("<strong>active</strong> it-esb-release: ESB 4.2 release");
        assertThat(io.handoff.console.ConsoleIT.page(browser, "/console/flow?key=" + FLOW))
                .contains("excluded <span class=\"maintenance\">(by maintenance it-esb-release)</span>");

        // the same declaration again changes nothing; another one under the same id is refused
        as(OPERATOR_KEY)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/maintenance")
                .then()
                .statusCode(200);
        as(OPERATOR_KEY)
                .contentType("application/json")
                .body(declaration(id, now.minusSeconds(900), now.plusSeconds(300), "another reason"))
                .post("/api/v1/maintenance")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        as(READER_KEY).get("/api/v1/maintenance").then().statusCode(200).body("windows.id", hasItem(id));

        as(OPERATOR_KEY)
                .contentType("application/json")
                .body("{\"comment\":\"release rolled back, it never happened\"}")
                .post("/api/v1/maintenance/" + id + "/withdraw")
                .then()
                .statusCode(200)
                .body("status", equalTo("withdrawn"))
                .body("withdrawnBy", equalTo("ops"))
                .body("withdrawComment", equalTo("release rolled back, it never happened"));
        assertThat(clock().getString("slas[0].state")).isEqualTo("breached");
        assertThat(excluded()).isEqualTo(excludedBefore);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(exceptionStatus())
                        .as("the breach counts again, and its exception with it")
                        .isEqualTo("open"));
    }

    /**
     * An operator declaring or withdrawing a window while the engine is more than 5 s behind (a backlog) is told it was
     * recorded and will apply (202 with the window), not that it failed (it was a 503 "the engine did not answer",
     * though the window was recorded); once the engine catches up, the clock it covers is judged again. The engine is
     * held on purpose, on its own thread, until the answer has come.
     */
    @Test
    void aWindowDeclaredOrWithdrawnWhileTheEngineIsBehindIsAnswered202AndAppliedOnceItCatchesUp() throws Exception {
        String source = "esb://maintenance-it-behind";
        String flow = "maintenance-it-behind-1";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        receivedTenMinutesAgo(flow, source, now);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(state(flow)).isEqualTo("breached"));

        String id = "it-while-behind";
        CountDownLatch release = holdEngine();
        try {
            as(OPERATOR_KEY)
                    .contentType("application/json")
                    .body("{\"id\":\"" + id + "\",\"start\":\"" + now.minusSeconds(900) + "\",\"end\":\""
                            + now.plusSeconds(600) + "\",\"slas\":[\"middleware-delivery\"],\"source\":\"" + source
                            + "\",\"reason\":\"declared while the engine is behind\"}")
                    .post("/api/v1/maintenance")
                    .then()
                    .statusCode(202)
                    .header("Location", containsString("/api/v1/maintenance/" + id))
                    .body("id", equalTo(id))
                    .body("status", equalTo("active"));
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(state(flow)).isEqualTo("excluded"));

        release = holdEngine();
        try {
            as(OPERATOR_KEY)
                    .contentType("application/json")
                    .body("{}")
                    .post("/api/v1/maintenance/" + id + "/withdraw")
                    .then()
                    .statusCode(202)
                    .body("status", equalTo("withdrawn"));
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(state(flow)).isEqualTo("breached"));
    }

    /** A middleware message received ten minutes ago and never delivered: its clock has breached. */
    private static void receivedTenMinutesAgo(String correlationId, String source, Instant now) {
        as(ESB_KEY)
                .contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"id\":\"" + correlationId + "-r\",\"source\":\"" + source
                        + "\",\"type\":\"middleware.message.received\",\"time\":\"" + now.minusSeconds(600)
                        + "\",\"correlationid\":\"" + correlationId + "\"}")
                .post("/api/v1/events")
                .then()
                .statusCode(202);
    }

    /** Holds the engine thread (a maintenance re-evaluation that waits) until the latch returned is counted down. */
    private CountDownLatch holdEngine() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        engine.maintenance(() -> {
            held.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return plan.inForce();
        });
        assertThat(held.await(10, TimeUnit.SECONDS))
                .as("the engine thread is held")
                .isTrue();
        return release;
    }

    private static String state(String flow) {
        return as(READER_KEY)
                .get("/api/v1/flows/" + flow)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("slas[0].state");
    }

    /** A window over a whole SLA silences its alerts while active: the gauge the rules read says so. */
    @Test
    void aWindowOverAWholeSlaSetsItsMaintenanceGauge() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String sla = "expense-to-reimbursement";
        assertThat(maintenanceGauge(sla)).isEqualTo(0.0);
        as(OPERATOR_KEY)
                .contentType("application/json")
                .body("{\"id\":\"it-payroll-run\",\"start\":\"" + now.minusSeconds(60) + "\",\"end\":\""
                        + now.plusSeconds(600) + "\",\"slas\":[\"" + sla + "\"],\"reason\":\"payroll system upgrade\"}")
                .post("/api/v1/maintenance")
                .then()
                .statusCode(201);
        assertThat(maintenanceGauge(sla)).isEqualTo(1.0);
        assertThat(maintenanceGauge("middleware-delivery")).isEqualTo(0.0);
        as(OPERATOR_KEY)
                .post("/api/v1/maintenance/it-payroll-run/withdraw")
                .then()
                .statusCode(200);
        assertThat(maintenanceGauge(sla)).isEqualTo(0.0);
    }

    private static String exceptionStatus() {
        return as(READER_KEY)
                .get("/api/v1/exceptions/sla-breach:middleware-delivery:" + FLOW)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("status");
    }

    @Test
    void badDeclarationsGetAProblemNamingTheField() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        problem(declaration("it-bad", now, now.minusSeconds(60), "x"), "/end");
        problem(declaration("It Bad", now, now.plusSeconds(60), "x"), "/id");
        problem(declaration("it-bad", now, now.plusSeconds(60), ""), "/reason");
        problem("{\"start\":\"tomorrow\",\"end\":\"" + now + "\",\"reason\":\"x\"}", "/start");
        problem(
                "{\"start\":\"" + now + "\",\"end\":\"" + now.plusSeconds(60)
                        + "\",\"reason\":\"x\",\"slas\":[\"nope\"]}",
                "/slas/0");
        problem(
                "{\"start\":\"" + now + "\",\"end\":\"" + now.plus(Duration.ofDays(40)) + "\",\"reason\":\"x\"}",
                "/end");
        problem(
                "{\"start\":\"" + now + "\",\"end\":\"" + now.plusSeconds(60) + "\",\"reason\":\"x\",\"color\":1}",
                "/color");
        as(READER_KEY)
                .contentType("application/json")
                .body(declaration("it-reader", now, now.plusSeconds(60), "x"))
                .post("/api/v1/maintenance")
                .then()
                .statusCode(403);
        as(OPERATOR_KEY)
                .post("/api/v1/maintenance/no-such-window/withdraw")
                .then()
                .statusCode(404);
        as(READER_KEY)
                .get("/api/v1/maintenance")
                .then()
                .statusCode(200)
                .body("windows.id", org.hamcrest.Matchers.not(hasItem("it-bad")));
    }

    private static void problem(String body, String pointer) {
        as(OPERATOR_KEY)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/maintenance")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", containsString("invalid-maintenance-window"))
                .body("errors[0].pointer", equalTo(pointer));
    }

    private static double maintenanceGauge(String sla) {
        return Exposition.of(io.handoff.testing.Management.given()
                        .get("/q/metrics")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .sum("handoff_sla_maintenance", "sla", sla);
    }

    private static long excluded() {
        return as(READER_KEY)
                .get("/api/v1/slas")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("find { it.id == 'middleware-delivery' }.excluded");
    }
}
