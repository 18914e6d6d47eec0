package io.handoff.api;

import io.handoff.engine.EngineLoop;
import io.handoff.ingest.IngestConfig;
import io.handoff.ingest.RecentEvents;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Operator views of the service's own state. Never shows a key. */
@Path("/api/v1/admin")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class AdminResource {
    private final Access access;
    private final EngineQueries queries;
    private final EngineLoop engine;
    private final RecentEvents recent;
    private final IngestConfig ingest;

    public AdminResource(Access access, EngineQueries queries, EngineLoop engine, RecentEvents recent, IngestConfig ingest) {
        this.access = access;
        this.queries = queries;
        this.engine = engine;
        this.recent = recent;
        this.ingest = ingest;
    }

    @GET
    @Path("/status")
    @Operation(summary = "Engine bounds and usage, configured sources (operator role)")
    public Map<String, Object> status(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.OPERATOR, Access.presented(authorization, apiKey));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("store", "memory (bounded, not durable)");
        status.put("flows", queries.ask(e -> e.flowCount()));
        status.put("dueQueue", queries.ask(e -> e.dueCount()));
        status.put("backlog", engine.backlog());
        status.put("bufferCapacity", engine.capacity());
        status.put("dedupWindow", recent.size());
        Map<String, String> sources = new TreeMap<>();
        ingest.sources().forEach((name, source) -> sources.put(name, source.description().orElse("")));
        status.put("sources", sources);
        return status;
    }
}
