package io.handoff.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every answer of the service's edge must be, whatever was sent: 2xx, or a 4xx
 * {@code application/problem+json} that names the offending member where there is one; never a 5xx,
 * never a stack page. Remembers every event the service said it kept, to count them in the store afterwards.
 */
final class EdgeOracle {
    /** Problem types that are about a member of the input, so they must point at it. */
    private static final Set<String> ABOUT_A_MEMBER = Set.of(
            "/problems/invalid-attribute",
            "/problems/invalid-snapshot",
            "/problems/unknown-type",
            "/problems/implausible-time",
            "/problems/forbidden-source",
            "/problems/malformed-json",
            "/problems/invalid-action",
            "/problems/unmapped-model");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;
    /** (source, id) of every event answered accepted or duplicate. */
    final Set<String> kept = ConcurrentHashMap.newKeySet();

    final AtomicLong requests = new AtomicLong();
    final AtomicLong cases = new AtomicLong();
    final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

    EdgeOracle(String base) {
        this.base = base;
    }

    record Answer(int status, String contentType, String body, JsonNode json) {}

    Answer send(HttpRequest.Builder request, String path) {
        HttpResponse<String> response = exchange(request, path);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
        JsonNode json = null;
        try {
            json = response.body().isEmpty() ? null : Inputs.JSON.readTree(response.body());
        } catch (IOException notJson) {
            // judged below
        }
        Answer answer = new Answer(response.statusCode(), contentType, response.body(), json);
        check(answer);
        return answer;
    }

    /**
     * A console page or form answer, whatever was sent: never a 5xx; a redirect only to a path inside the console;
     * otherwise an HTML page (JSON for the chart data) in which {@code sent}, when it holds markup, appears only escaped.
     */
    Answer sendToConsole(HttpRequest.Builder request, String path, String sent) {
        ConsoleAnswer answer = sendToConsoleWithHeaders(request, path, sent);
        return new Answer(answer.status(), answer.contentType(), answer.body(), null);
    }

    /** A console answer with the cookies it sets. */
    record ConsoleAnswer(int status, String contentType, String body, List<String> setCookies) {}

    ConsoleAnswer sendToConsoleWithHeaders(HttpRequest.Builder request, String path, String sent) {
        HttpResponse<String> response = exchange(request, path);
        int status = response.statusCode();
        statuses.computeIfAbsent(status, x -> new AtomicLong()).incrementAndGet();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String body = response.body();
        if (status >= 500) {
            throw new AssertionError("console HTTP " + status + " for " + shown(path) + ": " + shown(body));
        }
        if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").orElse("");
            String local = location.replaceFirst("^https?://[^/]+", "");
            if (!local.startsWith("/console") || location.startsWith("//")) {
                throw new AssertionError("console redirect out of the console: " + shown(location));
            }
        } else if (!contentType.startsWith("text/html") && !contentType.startsWith("application/json")) {
            throw new AssertionError("console HTTP " + status + " answered " + contentType + ": " + shown(body));
        }
        if (sent != null && sent.indexOf('<') >= 0 && body.contains(sent)) {
            throw new AssertionError("console page shows markup sent to it unescaped: " + shown(sent));
        }
        return new ConsoleAnswer(status, contentType, body, response.headers().allValues("Set-Cookie"));
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request, String path) {
        requests.incrementAndGet();
        try {
            return http.send(
                    request.uri(URI.create(base + path))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("no answer to " + shown(path) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void check(Answer answer) {
        int status = answer.status();
        if (status >= 500) {
            throw new AssertionError("HTTP " + status + " (" + answer.contentType() + "): " + shown(answer.body()));
        }
        if (status >= 300 && status < 400) {
            throw new AssertionError("HTTP " + status + " redirect: " + shown(answer.body()));
        }
        if (status >= 400) {
            if (!answer.contentType().startsWith("application/problem+json") || answer.json() == null) {
                throw new AssertionError("HTTP " + status + " is not problem+json but " + answer.contentType() + ": "
                        + shown(answer.body()));
            }
            problem(answer.json(), status);
        } else if (answer.contentType().startsWith("text/plain")
                && answer.body().startsWith("# Handoff")) {
            // A runbook: Markdown served as plain text, the one 2xx answer that is not JSON.
            return;
        } else if (!answer.body().isEmpty() && answer.json() == null) {
            throw new AssertionError("HTTP " + status + " with a body that is not JSON: " + shown(answer.body()));
        }
    }

    /** An RFC 9457 problem of this status; when it is about a member, it names it by JSON pointer. */
    static void problem(JsonNode problem, int status) {
        if (problem.path("status").asInt() != status
                || !problem.path("type").isTextual()
                || !problem.path("title").isTextual()
                || !problem.path("detail").isTextual()) {
            throw new AssertionError("not a complete problem of status " + status + ": " + shown(problem.toString()));
        }
        if (ABOUT_A_MEMBER.contains(problem.path("type").asText())
                && !(problem.path("errors").isArray()
                        && problem.path("errors").size() > 0
                        && problem.path("errors").get(0).path("pointer").isTextual())) {
            throw new AssertionError("a problem about a member that names none: " + shown(problem.toString()));
        }
    }

    /** Records what an ingest answer says was kept; a batch's rejected results must each be a problem naming the member. */
    void keptFrom(Answer answer, String defaultSource) {
        JsonNode json = answer.json();
        if (answer.status() >= 300 || json == null) {
            return;
        }
        if (json.has("results")) {
            for (JsonNode result : json.get("results")) {
                String status = result.path("status").asText();
                if (status.equals("rejected")) {
                    problem(
                            result.path("problem"),
                            result.path("problem").path("status").asInt());
                } else {
                    keep(
                            result.path("source").asText(defaultSource),
                            result.path("id").asText(),
                            status);
                }
            }
        } else if (json.has("events")) {
            for (JsonNode event : json.get("events")) {
                keep(
                        defaultSource,
                        event.path("id").asText(),
                        event.path("status").asText());
            }
        } else if (json.has("status")) {
            keep(
                    json.path("source").asText(defaultSource),
                    json.path("id").asText(),
                    json.path("status").asText());
        }
    }

    private void keep(String source, String id, String status) {
        if (!status.equals("accepted") && !status.equals("duplicate")) {
            throw new AssertionError("unknown event status " + status);
        }
        kept.add(source + "\u0000" + id);
    }

    static String shown(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "… (" + text.length() + " characters)" : text;
    }
}
