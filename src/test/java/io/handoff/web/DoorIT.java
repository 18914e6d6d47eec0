package io.handoff.web;

import static io.handoff.testing.Api.ESB_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The door answers before the body is read: a client announces a 50 MB body, sends 64 KB of it and waits.
 * Were the body read first, no answer would come (the rest never arrives); the door answers at once and
 * closes the connection.
 */
@QuarkusTest
class DoorIT {
    private static final int ANNOUNCED = 50_000_000;

    @TestHTTPResource("/")
    URL base;

    @Test
    void anUnauthenticatedFiftyMegabyteBodyIsRefusedUnread() throws Exception {
        String answer = announce("/api/v1/events", null);
        assertThat(answer)
                .startsWith("HTTP/1.1 401")
                .contains("application/problem+json")
                .contains("/problems/unauthorized");
    }

    @Test
    void anAuthenticatedBodyOverTheLimitIsRefusedUnread() throws Exception {
        String answer = announce("/api/v1/events", ESB_KEY);
        assertThat(answer)
                .startsWith("HTTP/1.1 413")
                .contains("/problems/body-too-large")
                .contains("handoff.ingest.max-body-bytes");
    }

    @Test
    void aWebhookBodyWithAnotherSourcesTokenIsRefusedUnread() throws Exception {
        String answer = announce("/api/v1/odoo/webhook/odoo-prod?token=test-odoo-staging-token-01", null);
        assertThat(answer).startsWith("HTTP/1.1 401");
    }

    @Test
    void anIngestKeyCannotActAsOperatorEvenBeforeItsBodyIsRead() throws Exception {
        String answer = announce("/api/v1/exceptions/x/resolve", ESB_KEY);
        assertThat(answer).startsWith("HTTP/1.1 403").contains("/problems/forbidden");
    }

    /** Sends the headers of a 50 MB POST and 64 KB of its body, then reads the status line and headers of the answer. */
    private String announce(String path, String key) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost()
                    + "\r\nContent-Type: application/cloudevents+json\r\n"
                    + (key == null ? "" : "Authorization: Bearer " + key + "\r\n") + "Content-Length: " + ANNOUNCED
                    + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]);
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder answer = new StringBuilder();
            // The status line and headers; then the connection must be closed by the server (the rest of the body is
            // not wanted).
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                answer.append(line).append('\n');
            }
            char[] body = new char[8192];
            for (int n = in.read(body); n >= 0; n = in.read(body)) {
                answer.append(body, 0, n);
            }
            return answer.toString();
        }
    }
}
