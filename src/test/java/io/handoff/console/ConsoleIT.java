package io.handoff.console;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.OPERATOR_KEY;
import static io.handoff.testing.Api.READER_KEY;
import static io.handoff.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.handoff.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console over HTTP as a browser speaks it: sign-in with a named key into a session cookie, the CSRF token on every
 * form, readers who read and operators who act, every field escaped; and the API's new exception actions.
 */
@QuarkusTest
public class ConsoleIT {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** A signed-in browser: its session cookie and the CSRF token its pages carry. */
    public record Browser(Cookie session, String csrf) {}

    static String csrfOf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("a CSRF token in the page").isTrue();
        return m.group(1);
    }

    public static Browser signIn(String key) {
        Response form = given().redirects().follow(false).get("/console/signin");
        form.then().statusCode(200);
        Response signedIn = given().redirects()
                .follow(false)
                .cookie(form.getDetailedCookie(ConsoleGate.SIGNIN_COOKIE))
                .formParam("key", key)
                .formParam("csrf", csrfOf(form.asString()))
                .formParam("then", "/console")
                .post("/console/signin");
        signedIn.then().statusCode(303);
        Cookie session = signedIn.getDetailedCookie(ConsoleGate.SESSION_COOKIE);
        String inbox = given().cookie(session)
                .get("/console")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return new Browser(session, csrfOf(inbox));
    }

    /** A middleware message ten minutes late: a breach of middleware-delivery as soon as the engine looks. */
    static String lateMessage(String flow, String client) {
        return Api.awaitException(Api.postLateMessage(flow, "console", client));
    }

    static Response act(Browser b, String id, String action, String... fields) {
        var request = given().redirects()
                .follow(false)
                .cookie(b.session())
                .formParam("csrf", b.csrf())
                .formParam("id", id)
                .formParam("action", action);
        for (int i = 0; i < fields.length; i += 2) {
            request.formParam(fields[i], fields[i + 1]);
        }
        return request.post("/console/exception");
    }

    public static String page(Browser b, String path) {
        Response response =
                given().urlEncodingEnabled(false).cookie(b.session()).get(path);
        assertThat(response.statusCode()).as(path + ": " + response.asString()).isEqualTo(200);
        return response.asString();
    }

    @Test
    void withoutASessionEveryPageLeadsToSignInAndTheCookiesAreLockedDown() {
        given().redirects()
                .follow(false)
                .get("/console/exception?id=x")
                .then()
                .statusCode(303)
                .header(
                        "Location",
                        org.hamcrest.Matchers.endsWith("/console/signin?then=%2Fconsole%2Fexception%3Fid%3Dx"));
        Response form = given().get("/console/signin");
        form.then()
                .statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'"))
                .header("Cache-Control", "no-store");
        String setCookie = form.getHeader("Set-Cookie");
        assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/console");

        // The sign-in form's CSRF token must come back with its cookie.
        given().redirects()
                .follow(false)
                .cookie(form.getDetailedCookie(ConsoleGate.SIGNIN_COOKIE))
                .formParam("key", OPERATOR_KEY)
                .formParam("csrf", "forged")
                .post("/console/signin")
                .then()
                .statusCode(403);
        // Keys that send events do not open the console; nor do made-up ones. The page never echoes the key.
        for (String key : new String[] {ESB_KEY, "not-a-key-at-all-000000"}) {
            Response refused = given().redirects()
                    .follow(false)
                    .cookie(form.getDetailedCookie(ConsoleGate.SIGNIN_COOKIE))
                    .formParam("key", key)
                    .formParam("csrf", csrfOf(form.asString()))
                    .post("/console/signin");
            refused.then().statusCode(401);
            assertThat(refused.asString()).doesNotContain(key);
        }

        Browser ops = signIn(OPERATOR_KEY);
        Response signedIn = given().cookie(ops.session()).get("/console");
        assertThat(signedIn.asString()).contains("ops").doesNotContain(OPERATOR_KEY);

        // Signing out ends the session on the server, not only in the browser.
        given().redirects()
                .follow(false)
                .cookie(ops.session())
                .formParam("csrf", ops.csrf())
                .post("/console/signout")
                .then()
                .statusCode(303);
        given().redirects()
                .follow(false)
                .cookie(ops.session())
                .get("/console")
                .then()
                .statusCode(303);
    }

    @Test
    void anOperatorAssignsCommentsSnoozesAndResolvesAndEveryStepIsInTheHistory() {
        String id = lateMessage("console-flow-1", "Console Client");
        Browser ops = signIn(OPERATOR_KEY);

        String inbox = page(ops, "/console?group=console");
        assertThat(inbox).contains("middleware-delivery is breached", "Console Client");
        String exceptionPage = "/console/exception?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        assertThat(page(ops, exceptionPage)).contains("Act on it", "console-flow-1");

        // A form without the session's token is refused and changes nothing.
        given().redirects()
                .follow(false)
                .cookie(ops.session())
                .formParam("id", id)
                .formParam("action", "assign")
                .formParam("assignee", "mallory")
                .post("/console/exception")
                .then()
                .statusCode(403);
        act(new Browser(ops.session(), "forged"), id, "assign", "assignee", "mallory")
                .then()
                .statusCode(403);
        as(READER_KEY).get("/api/v1/exceptions/" + id).then().body("assignee", equalTo(null));

        act(ops, id, "assign", "assignee", "Maria Keller", "comment", "her client")
                .then()
                .statusCode(303);
        act(ops, id, "comment", "comment", "invoice run is tonight").then().statusCode(303);
        act(ops, id, "acknowledge").then().statusCode(303);
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(2).toString();
        act(ops, id, "snooze", "until", tomorrow).then().statusCode(303);
        act(ops, id, "snooze", "until", "yesterday").then().statusCode(400);

        assertThat(page(ops, "/console?group=console")).doesNotContain("Console Client");
        assertThat(page(ops, "/console?group=console&snoozed=true")).contains("Console Client", "Maria Keller");

        act(ops, id, "resolve", "comment", "delivered by hand").then().statusCode(303);
        as(READER_KEY)
                .get("/api/v1/exceptions/" + id + "/history")
                .then()
                .statusCode(200)
                .body("status", equalTo("resolved"))
                .body(
                        "activity.action",
                        equalTo(java.util.List.of(
                                "opened", "assigned", "commented", "acknowledged", "snoozed", "resolved")))
                .body("activity[1].by", equalTo("ops"))
                .body("activity[1].detail", equalTo("Maria Keller: her client"))
                .body("activity[5].detail", equalTo("delivered by hand"));
        String resolved = page(ops, exceptionPage);
        assertThat(resolved).contains("delivered by hand", "It is resolved").doesNotContain("id=\"assign\"");
        act(ops, id, "assign", "assignee", "late").then().statusCode(409);
    }

    @Test
    void aReaderReadsEverythingAndCannotAct() {
        String id = lateMessage("console-flow-2", "Reader Client");
        Browser reader = signIn(READER_KEY);

        String page = page(reader, "/console/exception?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        assertThat(page).contains("you can read, not act").doesNotContain("name=\"action\"");
        act(reader, id, "acknowledge").then().statusCode(403);
        as(READER_KEY).get("/api/v1/exceptions/" + id).then().body("status", equalTo("open"));
        assertThat(page(reader, "/console/flow?key=console-flow-2")).contains("<svg", "class=\"clock breached");
        assertThat(page(reader, "/console/slas"))
                .contains("middleware-delivery", "Budget left", "Budget burn rate: last hour")
                .containsPattern("last hour [0-9.]+× \\([0-9]+ decided\\)");
        given().cookie(reader.session())
                .get("/console/data/sla-days?sla=middleware-delivery")
                .then()
                .statusCode(200)
                .body("days.size()", equalTo(ConsoleResource.CHART_DAYS));
        given().get("/console/data/sla-days?sla=middleware-delivery").then().statusCode(401);
        // Search reads the store, where changed flows land every handoff.engine.flow-write-interval.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(page(reader, "/console/search?client=Reader+Client"))
                        .contains("console-flow-2"));
        assertThat(page(reader, "/console/search?sla=middleware-delivery&state=breached&open=true"))
                .contains("console-flow-2");
        assertThat(page(reader, "/console/search?client=Reader+Client&state=met"))
                .doesNotContain("console-flow-2");
        given().redirects()
                .follow(false)
                .cookie(reader.session())
                .get("/console/search?key=console-flow-2")
                .then()
                .statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/console/flow?key=console-flow-2"));
        given().cookie(reader.session())
                .get("/console/flow?key=no-such-flow")
                .then()
                .statusCode(404);
        given().cookie(reader.session())
                .get("/console/search?from=not-a-date")
                .then()
                .statusCode(400);
    }

    @Test
    void eventFieldsAreShownAsTextNeverAsMarkup() {
        String script = "<script>alert(1)</script>";
        String id = lateMessage("console-flow-3", script);
        Browser ops = signIn(OPERATOR_KEY);
        act(ops, id, "comment", "comment", "<img src=x onerror=alert(2)>")
                .then()
                .statusCode(303);

        for (String path : new String[] {
            "/console?client=" + URLEncoder.encode(script, StandardCharsets.UTF_8),
            "/console/exception?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8),
            "/console/flow?key=console-flow-3"
        }) {
            String html = page(ops, path);
            assertThat(html).as(path).doesNotContain(script).doesNotContain("<img src=x");
        }
        assertThat(page(ops, "/console/exception?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;");
    }

    @Test
    void theApiActsAsTheConsoleDoesAndNamesTheFieldAtFault() {
        String id = lateMessage("console-flow-4", "Api Client");
        String path = "/api/v1/exceptions/" + id;

        as(OPERATOR_KEY)
                .contentType("application/json")
                .body("{\"assignee\":\"Jonas\"}")
                .post(path + "/assign")
                .then()
                .statusCode(200)
                .body("assignee", equalTo("Jonas"));
        as(OPERATOR_KEY)
                .contentType("application/json")
                .body("{\"comment\":\"looking\"}")
                .post(path + "/comment")
                .then()
                .statusCode(200);
        as(OPERATOR_KEY)
                .contentType("application/json")
                .body("{\"until\":\"2026-01-01\"}")
                .post(path + "/snooze")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/invalid-action"))
                .body("errors[0].pointer", equalTo("/until"));
        as(OPERATOR_KEY)
                .contentType("application/json")
                .body("{\"assignee\":42}")
                .post(path + "/assign")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/assignee"));
        as(OPERATOR_KEY)
                .contentType("application/json")
                .body("{}")
                .post(path + "/comment")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/comment"));
        as(READER_KEY)
                .contentType("application/json")
                .body("{\"comment\":\"x\"}")
                .post(path + "/comment")
                .then()
                .statusCode(403);
        String until = Instant.now()
                .plus(Duration.ofDays(3))
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        as(OPERATOR_KEY)
                .contentType("application/json")
                .body("{\"until\":\"" + until + "\",\"comment\":\"client on holiday\"}")
                .post(path + "/snooze")
                .then()
                .statusCode(200)
                .body("snoozedUntil", equalTo(until));
        as(READER_KEY)
                .get(path + "/history")
                .then()
                .statusCode(200)
                .body("activity.action", equalTo(java.util.List.of("opened", "assigned", "commented", "snoozed")));
        as(READER_KEY).get("/api/v1/exceptions/no-such/history").then().statusCode(404);
    }

    @Test
    void aSnoozeThatEndsBringsTheExceptionBackToTheInbox() {
        String id = lateMessage("console-flow-5", "Snooze Client");
        String until = Instant.now().plusSeconds(2).toString();
        as(OPERATOR_KEY)
                .contentType("application/json")
                .body("{\"until\":\"" + until + "\"}")
                .post("/api/v1/exceptions/" + id + "/snooze")
                .then()
                .statusCode(200);
        Browser ops = signIn(OPERATOR_KEY);
        assertThat(page(ops, "/console?client=Snooze+Client")).doesNotContain("Snooze Client: middleware-delivery");

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> as(READER_KEY)
                        .get("/api/v1/exceptions/" + id + "/history")
                        .then()
                        .body("activity.action", equalTo(java.util.List.of("opened", "snoozed", "woke"))));
        as(READER_KEY).get("/api/v1/exceptions/" + id).then().body("snoozedUntil", equalTo(null));
        assertThat(page(ops, "/console?client=Snooze+Client"))
                .contains("Snooze Client: middleware-delivery is breached");
    }
}
