package io.handoff.ingest.http;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.READER_KEY;
import static io.handoff.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The official CloudEvents Java SDK as the client, in the three content modes of the HTTP binding: binary
 * (attributes in {@code ce-*} headers, percent-encoded where needed; the data with its own content type),
 * structured and batched. Each event is kept and shows in its flow with what Handoff read from its data.
 */
@QuarkusTest
class CloudEventsSdkIT {
    @TestHTTPResource("/api/v1/events")
    URL events;

    private final HttpClient http = HttpClient.newHttpClient();
    private final EventFormat json = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    /** An invoice of its own per test class run: other classes share the service and look at their invoices' lines. */
    private static final long INVOICE =
            900_000_000L + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 90_000_000L);

    private static CloudEvent invoiced(String line, String id, String client) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("esb://sdk"))
                .withType("timesheet.invoiced")
                .withSubject(line)
                .withTime(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5).truncatedTo(ChronoUnit.MILLIS))
                .withDataContentType("application/json")
                .withData(("{\"invoice\": " + INVOICE + ", \"hours\": 6.5, \"client\": \"" + client + "\"}")
                        .getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static String line() {
        return "account.analytic.line/" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000);
    }

    @Test
    void binaryModeFromTheSdkIsKeptWithItsDataAndNonAsciiAttributes() throws Exception {
        String line = line();
        // A non-ASCII extension value: the HTTP binding has senders percent-encode it (the SDK's writer leaves that to
        // the
        // transport, and Java's HttpClient would send '?'), Handoff decodes it.
        CloudEvent event = CloudEventBuilder.v1(invoiced(line, "sdk-bin-" + UUID.randomUUID(), "Müller & Söhne"))
                .withExtension("correlationid", "auftrag-ü-1")
                .build();
        HttpRequest.Builder request =
                HttpRequest.newBuilder(events.toURI()).header("Authorization", "Bearer " + ESB_KEY);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpMessageFactory.createWriter((name, value) -> request.header(name, percentEncoded(value)), body::writeBytes)
                .writeBinary(event);
        HttpResponse<String> response = http.send(
                request.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("\"status\":\"accepted\"").contains(event.getId());
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> as(READER_KEY)
                        .get("/api/v1/flows/" + line)
                        .then()
                        .statusCode(200)
                        .body("client", equalTo("Müller & Söhne"))
                        .body("events[0].correlationId", equalTo("auftrag-ü-1"))
                        .body("links.invoice", equalTo("account.move/" + INVOICE)));
    }

    @Test
    void binaryModeWithDataOfAnotherMediaTypeIsKeptWithoutFacts() throws Exception {
        String message = "sdk-msg-" + UUID.randomUUID();
        CloudEvent event = CloudEventBuilder.v1()
                .withId(message + "-r")
                .withSource(URI.create("esb://sdk"))
                .withType("middleware.message.received")
                .withTime(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1))
                .withExtension("correlationid", message)
                .withDataContentType("application/xml")
                .withData("<timesheet id=\"1\"/>".getBytes(StandardCharsets.UTF_8))
                .build();
        HttpRequest.Builder request =
                HttpRequest.newBuilder(events.toURI()).header("Authorization", "Bearer " + ESB_KEY);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpMessageFactory.createWriter(request::header, body::writeBytes).writeBinary(event);
        HttpResponse<String> response = http.send(
                request.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> as(READER_KEY)
                        .get("/api/v1/flows/" + message)
                        .then()
                        .statusCode(200)
                        .body("events", hasSize(1)));
    }

    @Test
    void structuredModeFromTheSdkIsKept() throws Exception {
        String line = line();
        CloudEvent event = invoiced(line, "sdk-str-" + UUID.randomUUID(), "client-sdk");
        HttpRequest.Builder request =
                HttpRequest.newBuilder(events.toURI()).header("Authorization", "Bearer " + ESB_KEY);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpMessageFactory.createWriter(request::header, body::writeBytes).writeStructured(event, json);
        HttpResponse<String> response = http.send(
                request.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> as(READER_KEY)
                        .get("/api/v1/flows/" + line)
                        .then()
                        .statusCode(200)
                        .body("client", equalTo("client-sdk")));
    }

    @Test
    void aBatchOfSdkSerialisedEventsIsKeptEventByEvent() throws Exception {
        String first = line();
        String second = line();
        byte[] a = json.serialize(invoiced(first, "sdk-batch-a-" + UUID.randomUUID(), "client-a"));
        byte[] b = json.serialize(invoiced(second, "sdk-batch-b-" + UUID.randomUUID(), "client-b"));
        String batch = "[" + new String(a, StandardCharsets.UTF_8) + "," + new String(b, StandardCharsets.UTF_8) + "]";
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(events.toURI())
                        .header("Authorization", "Bearer " + ESB_KEY)
                        .header("Content-Type", "application/cloudevents-batch+json")
                        .POST(HttpRequest.BodyPublishers.ofString(batch))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"accepted\":2");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> as(READER_KEY)
                        .get("/api/v1/flows/" + second)
                        .then()
                        .statusCode(200)
                        .body("client", equalTo("client-b")));
    }

    /** The HTTP binding's header value encoding: printable ASCII but % and " as it is, everything else as %XX of its UTF-8 bytes. */
    private static String percentEncoded(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            out.append(
                    c >= 0x20 && c < 0x7f && c != '%' && c != '"'
                            ? String.valueOf((char) c)
                            : String.format("%%%02X", c));
        }
        return out.toString();
    }
}
