package io.handoff.ingest.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.ingest.poll.OdooApiException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The HTTP both Odoo APIs share: JSON POSTs with a timeout, and reading Odoo's error bodies. */
final class OdooHttp {
    /** Odoo's ValueError for a field the database lacks: {@code Invalid field 'validated' on model 'account.analytic.line'}. */
    private static final Pattern INVALID_FIELD = Pattern.compile("Invalid field '?\"?([\\w.]+)'?\"?");

    private final HttpClient client;
    private final ObjectMapper json;
    private final Duration timeout;

    OdooHttp(ObjectMapper json, Duration timeout) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.json = json;
        this.timeout = timeout;
    }

    ObjectMapper json() {
        return json;
    }

    /** The parsed answer and its status; transport failures become {@link Kind#TIMEOUT} or {@link Kind#UNAVAILABLE}. */
    record Answer(int status, JsonNode body, HttpResponse<byte[]> response) {}

    Answer post(URI uri, Map<String, String> headers, Object body) throws OdooApiException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        headers.forEach(request::header);
        HttpResponse<byte[]> response;
        try {
            request.POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new OdooApiException(
                    Kind.TIMEOUT, "no answer from " + uri + " within " + timeout.toMillis() + " ms", null, null, e);
        } catch (IOException e) {
            throw new OdooApiException(Kind.UNAVAILABLE, "cannot reach " + uri + ": " + e, null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdooApiException(Kind.UNAVAILABLE, "interrupted while calling " + uri, null, null, e);
        }
        if (response.statusCode() == 429) {
            throw new OdooApiException(
                    Kind.RATE_LIMITED, uri + " answered 429 Too Many Requests", null, retryAfter(response), null);
        }
        JsonNode parsed;
        try {
            parsed = response.body().length == 0 ? null : json.readTree(response.body());
        } catch (IOException e) {
            Kind kind = response.statusCode() >= 500 ? Kind.UNAVAILABLE : Kind.PROTOCOL;
            throw new OdooApiException(
                    kind,
                    uri + " answered " + response.statusCode() + " with a body that is not JSON (a proxy page?)",
                    null,
                    null,
                    e);
        }
        return new Answer(response.statusCode(), parsed, response);
    }

    /** Seconds from {@code Retry-After}; HTTP dates are rare enough to treat as "not said". */
    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .flatMap(v -> {
                    try {
                        return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
                    } catch (NumberFormatException e) {
                        return java.util.Optional.empty();
                    }
                })
                .orElse(null);
    }

    /**
     * An Odoo error object ({@code name}, {@code message}: the JSON-2 body, or JSON-RPC's {@code error.data})
     * as an exception; {@code fallback} when the class alone does not tell.
     */
    static OdooApiException error(JsonNode error, Kind fallback, String where) {
        String name = error == null ? "" : error.path("name").asText("");
        String message = error == null ? "" : error.path("message").asText("");
        String said = where + ": " + (name.isEmpty() ? "" : name + ": ") + message;
        Matcher field = INVALID_FIELD.matcher(message);
        if (name.endsWith("ValueError") && field.find()) {
            return new OdooApiException(Kind.UNKNOWN_FIELD, said, field.group(1), null, null);
        }
        if (name.endsWith("AccessDenied")
                || name.endsWith("Unauthorized")
                || name.endsWith("SessionExpiredException")) {
            return new OdooApiException(Kind.UNAUTHORIZED, said);
        }
        if (name.endsWith("AccessError")) {
            return new OdooApiException(Kind.FORBIDDEN, said);
        }
        if (message.contains("doesn't exist") || message.contains("does not exist") || name.endsWith("NotFound")) {
            return new OdooApiException(Kind.UNKNOWN_MODEL, said);
        }
        if (name.endsWith("LockError")) {
            return new OdooApiException(Kind.UNAVAILABLE, said);
        }
        return new OdooApiException(fallback, said);
    }
}
