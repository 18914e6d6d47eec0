package io.handoff.api;

import io.handoff.ingest.kafka.KafkaConfig;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaDefinition;
import io.handoff.store.StoreConfig;
import io.handoff.web.Access;
import io.handoff.web.Problem;
import io.handoff.web.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Which Handoff answers: its version (the build's, pom.xml), how it is set up to run, its SLAs. */
@Path("/api/v1/about")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class AboutResource {
    private final Access access;
    private final About about;

    public AboutResource(
            Access access,
            StoreConfig store,
            KafkaConfig kafka,
            SlaCatalog slas,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.access = access;
        this.about = new About(
                "handoff",
                version,
                Runtime.version().toString(),
                store.kind().name().toLowerCase(java.util.Locale.ROOT),
                kafka.enabled(),
                Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()),
                slas.definitions().stream().map(SlaDefinition::id).sorted().toList());
    }

    /** What an operator or a support ticket needs to know first. */
    public record About(
            String name,
            String version,
            String java,
            String store,
            boolean kafka,
            Instant started,
            List<String> slas) {}

    @GET
    @Operation(summary = "Version, store, Kafka on or off, SLAs (reader role)")
    public About about(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        return about;
    }
}
