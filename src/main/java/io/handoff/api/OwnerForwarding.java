package io.handoff.api;

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
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * With Kafka Streams, a flow owned by another instance is answered by its owner, so every instance behind a load
 * balancer gives the same answer: the request is asked again there with the caller's own credentials (the owner
 * checks them as any request). The answer is the owner's; when the owner does not know the key (a correlation id
 * held elsewhere) or cannot be reached in time, this instance answers what it holds, and says so in its log.
 */
@ApplicationScoped
public class OwnerForwarding {
    private static final Logger LOG = Logger.getLogger(OwnerForwarding.class);
    /** Marks a request one instance asked another: it is answered there, never passed on again. */
    public static final String FORWARDED = "Handoff-Forwarded";

    private final PartitionStreams owners;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    public OwnerForwarding(PartitionStreams owners, ObjectMapper json) {
        this.owners = owners;
        this.json = json;
    }

    /** The owner's timeline of {@code key}; empty when this instance should answer itself. */
    Optional<FlowsResource.Timeline> flow(String key, String authorization, String apiKey, String forwarded) {
        if (forwarded != null) {
            return Optional.empty();
        }
        Optional<URI> owner = owners.ownerElsewhere(key);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI base = owner.get();
            URI uri =
                    new URI(base.getScheme(), null, base.getHost(), base.getPort(), "/api/v1/flows/" + key, null, null);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(5))
                    .header(FORWARDED, "1")
                    .header("Accept", "application/json");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (apiKey != null) {
                request.header("X-API-Key", apiKey);
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                return Optional.of(json.readValue(response.body(), FlowsResource.Timeline.class));
            }
            if (response.statusCode() != 404) {
                LOG.warnf(
                        "the owner of flow %s at %s answered %d; answered here from what this instance holds",
                        key, base, response.statusCode());
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException | URISyntaxException | RuntimeException e) {
            LOG.warnf(
                    "the owner of flow %s could not be asked (%s); answered here from what this instance holds",
                    key, e.toString());
            return Optional.empty();
        }
    }
}
