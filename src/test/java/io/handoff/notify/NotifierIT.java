package io.handoff.notify;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.as;
import static io.handoff.testing.Api.cloudEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.handoff.testing.Ports;
import io.handoff.testing.ServiceUnderTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The running service, end to end: a middleware message that misses its 2-minute SLA opens an
 * exception, and the delivery lead of its practice gets one e-mail through quarkus-mailer and a real
 * SMTP server (GreenMail); the other practice's lead gets nothing, a resent event changes nothing.
 */
class NotifierIT {
    static final int SMTP_PORT = Ports.free();
    private static final String OPERATOR_KEY = "test-operator-key-00000001";
    private static final String READER_KEY = "test-reader-key-0000000001";
    private static GreenMail smtp;

    private static ServiceUnderTest service;

    @BeforeAll
    static void start() {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        service = ServiceUnderTest.start(
                "notifier-service",
                Map.of(
                        "handoff.notify.enabled", "true",
                        "handoff.notify.from", "handoff@firm.test",
                        "handoff.notify.recipients.integration.to", "integration-lead@firm.test",
                        "handoff.notify.recipients.integration.groups", "integration",
                        "handoff.notify.recipients.finance.to", "finance-lead@firm.test",
                        "handoff.notify.recipients.finance.groups", "finance",
                        "quarkus.mailer.mock", "false",
                        "quarkus.mailer.host", "127.0.0.1",
                        "quarkus.mailer.port", String.valueOf(SMTP_PORT)));
    }

    @AfterAll
    static void stop() {
        try {
            service.close();
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aLateMessageMailsTheLeadOfItsPracticeOnce() throws Exception {
        String received = cloudEvent(
                "notice-m1",
                "middleware.message.received",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600).toString(),
                null,
                "notice-flow-1",
                "{\"practice\":\"integration\",\"client\":\"Acme\",\"project\":\"ESB rollout\"}");
        as(ESB_KEY)
                .contentType("application/cloudevents+json")
                .body(received)
                .post("/api/v1/events")
                .then()
                .statusCode(202);

        assertThat(smtp.waitForIncomingEmail(20_000, 1))
                .as("a notice within 20 s")
                .isTrue();
        MimeMessage notice = smtp.getReceivedMessages()[0];
        assertThat(notice.getRecipients(Message.RecipientType.TO))
                .extracting(Object::toString)
                .containsExactly("integration-lead@firm.test");
        assertThat(notice.getFrom()[0].toString()).isEqualTo("handoff@firm.test");
        assertThat(notice.getSubject()).isEqualTo("[Handoff] SLA breach: middleware-delivery — Acme / ESB rollout");

        as(ESB_KEY)
                .contentType("application/cloudevents+json")
                .body(received)
                .post("/api/v1/events")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(io.handoff.testing.Management.given()
                                .get("/q/metrics")
                                .then()
                                .extract()
                                .asString())
                        .contains("handoff_notices_total{result=\"sent\"} 1.0"));
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        // The lead takes it on: who and when are recorded, and acknowledging twice changes nothing.
        String id = "sla-breach:middleware-delivery:notice-flow-1";
        as(OPERATOR_KEY)
                .contentType("application/json")
                .body("{\"comment\":\"ESB queue restarted\"}")
                .post("/api/v1/exceptions/" + id + "/acknowledge")
                .then()
                .statusCode(200)
                .body("status", equalTo("acknowledged"))
                .body("acknowledgement.by", equalTo("ops"))
                .body("acknowledgement.comment", equalTo("ESB queue restarted"));
        as(OPERATOR_KEY)
                .contentType("application/json")
                .body("{}")
                .post("/api/v1/exceptions/" + id + "/acknowledge")
                .then()
                .statusCode(200)
                .body("acknowledgement.comment", equalTo("ESB queue restarted"));
        as(READER_KEY)
                .contentType("application/json")
                .body("{}")
                .post("/api/v1/exceptions/" + id + "/acknowledge")
                .then()
                .statusCode(403);
        as(OPERATOR_KEY)
                .contentType("application/json")
                .body("{}")
                .post("/api/v1/exceptions/no-such-exception/acknowledge")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        as(READER_KEY).get("/api/v1/exceptions/" + id).then().statusCode(200).body("status", equalTo("acknowledged"));

        // Resolved by hand: who and why end up in the record, and the metrics count it resolved.
        as(OPERATOR_KEY)
                .contentType("application/json")
                .body("{\"comment\":\"delivered by hand\"}")
                .post("/api/v1/exceptions/" + id + "/resolve")
                .then()
                .statusCode(200)
                .body("status", equalTo("resolved"));
        // Its history says all of it: opened, the notice and to whom, who took it on and who resolved it, why.
        as(READER_KEY)
                .get("/api/v1/exceptions/" + id + "/history")
                .then()
                .statusCode(200)
                .body("activity.action", equalTo(List.of("opened", "notified", "acknowledged", "resolved")))
                .body("activity[1].detail", equalTo("to integration (integration-lead@firm.test)"))
                .body("activity[2].comment", equalTo(null))
                .body("activity[2].detail", equalTo("ESB queue restarted"))
                .body("activity[3].by", equalTo("ops"))
                .body("activity[3].detail", equalTo("delivered by hand"));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(io.handoff.testing.Management.given()
                                .get("/q/metrics")
                                .then()
                                .extract()
                                .asString())
                        .contains("handoff_exceptions_resolved_total{type=\"sla-breach\"} 1.0"));
        // The duplicate event, the acknowledgements and the resolution sent nothing more.
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }
}
