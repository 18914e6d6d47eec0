package io.handoff.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.scaleout.PartitionStreams;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * With Kafka Streams, questions one instance cannot answer alone are asked again of the others, so every instance
 * behind a load balancer gives the same answer: a flow of its owner, group-wide figures of every instance (each
 * answers for the partitions it owns). The request goes there with the caller's own credentials (the other instance
 * checks them as any request) and the {@link #FORWARDED} mark, so it is answered where it lands. An instance that
 * cannot be reached in time is named in the log and in the answer's {@link #UNANSWERED} header, never hidden.
 */
@ApplicationScoped
public class GroupRequests {
    private static final Logger LOG = Logger.getLogger(GroupRequests.class);
    /** Marks a request one instance asked another: it is answered there, never passed on again. */
    public static final String FORWARDED = "Handoff-Forwarded";
    /** On a group-wide answer: the instances whose part is missing from it (they did not answer in time). */
    public static final String UNANSWERED = "Handoff-Unanswered";

    private static final Duration ASK_WITHIN = Duration.ofSeconds(5);

    private final PartitionStreams group;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    public GroupRequests(PartitionStreams group, ObjectMapper json) {
        this.group = group;
        this.json = json;
    }

    /** The other instances' answers to one question, and those that gave none. */
    public record Answers<T>(List<T> answers, List<URI> unanswered) {
        public static <T> Answers<T> none() {
            return new Answers<>(List.of(), List.of());
        }
    }

    /**
     * Whether another instance of the group owns the flow {@code key}: this one then holds it at most as context for
     * its own flows, without the clocks its owner computes.
     */
    public boolean ownedElsewhere(String key) {
        return group.ownerElsewhere(key).isPresent();
    }

    /** Whether other instances of a Kafka group own part of the flows (a group-wide figure needs their parts). */
    public boolean grouped() {
        return !group.othersInGroup().isEmpty();
    }

    /** What asking a flow's owner came to: see {@link #flow}. */
    enum Asked {
        /** No other owner to ask: Kafka is off, this instance owns the flow, no owner is known (a rebalance), or the
         * request was itself asked by another instance. */
        NOBODY,
        /** The owner answered with the flow. */
        ANSWERED,
        /** The owner answered 404: neither its engine nor the store has the flow. */
        UNKNOWN_THERE,
        /** The owner could not be asked (the log says why). */
        SILENT
    }

    /** The owner's answer: the timeline when {@link Asked#ANSWERED}, else null. */
    record FromOwner(FlowsResource.Timeline timeline, Asked asked) {}

    private static final FromOwner NOBODY_ASKED = new FromOwner(null, Asked.NOBODY);

    /** The timeline of the flow {@code key} from its owner, when another instance owns it. */
    FromOwner flow(String key, String authorization, String apiKey, String forwarded) {
        if (forwarded != null) {
            return NOBODY_ASKED;
        }
        Optional<URI> owner = group.ownerElsewhere(key);
        if (owner.isEmpty()) {
            return NOBODY_ASKED;
        }
        URI base = owner.get();
        String failure;
        try {
            HttpResponse<byte[]> response = http.send(
                    request(base, "/api/v1/flows/" + key, null, authorization, apiKey),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                return new FromOwner(json.readValue(response.body(), FlowsResource.Timeline.class), Asked.ANSWERED);
            }
            if (response.statusCode() == 404) {
                return new FromOwner(null, Asked.UNKNOWN_THERE);
            }
            failure = "it answered " + response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (IOException | URISyntaxException | RuntimeException e) {
            failure = e.toString();
        }
        LOG.warnf(
                "the owner of flow %s at %s could not be asked (%s); answered from the store, not from a context copy"
                        + " this instance may hold",
                key, base, failure);
        return new FromOwner(null, Asked.SILENT);
    }

    /**
     * Asks every other instance of the group {@code path} (with {@code query}, already encoded, or null) at once and
     * reads their answers as {@code type}; none when the request was itself forwarded or Kafka Streams is off.
     */
    public <T> Answers<T> others(
            String path, String query, TypeReference<T> type, String authorization, String apiKey, String forwarded) {
        if (forwarded != null) {
            return Answers.none();
        }
        List<URI> others = group.othersInGroup();
        if (others.isEmpty()) {
            return Answers.none();
        }
        Map<URI, CompletableFuture<HttpResponse<byte[]>>> asked = new LinkedHashMap<>();
        for (URI base : others) {
            try {
                asked.put(
                        base,
                        http.sendAsync(
                                request(base, path, query, authorization, apiKey),
                                HttpResponse.BodyHandlers.ofByteArray()));
            } catch (URISyntaxException | RuntimeException e) {
                asked.put(base, CompletableFuture.failedFuture(e));
            }
        }
        long deadline = System.nanoTime() + ASK_WITHIN.toNanos();
        List<T> answers = new ArrayList<>();
        List<URI> unanswered = new ArrayList<>();
        for (Map.Entry<URI, CompletableFuture<HttpResponse<byte[]>>> ask : asked.entrySet()) {
            String failure;
            try {
                HttpResponse<byte[]> response =
                        ask.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (response.statusCode() == 200) {
                    answers.add(json.readValue(response.body(), type));
                    continue;
                }
                failure = "answered " + response.statusCode();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
            } catch (TimeoutException e) {
                ask.getValue().cancel(true);
                failure = "no answer within " + ASK_WITHIN.toSeconds() + " s";
            } catch (ExecutionException | IOException | RuntimeException e) {
                failure = (e instanceof ExecutionException ? e.getCause() : e).toString();
            }
            unanswered.add(ask.getKey());
            LOG.warnf("%s asked of %s: %s; the answer lacks that instance's part", path, ask.getKey(), failure);
        }
        return new Answers<>(answers, unanswered);
    }

    private static HttpRequest request(URI base, String path, String query, String authorization, String apiKey)
            throws URISyntaxException {
        URI uri = new URI(base.getScheme(), null, base.getHost(), base.getPort(), path, null, null);
        if (query != null) {
            uri = URI.create(uri + "?" + query);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(ASK_WITHIN)
                .header(FORWARDED, "1")
                .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return request.build();
    }
}
