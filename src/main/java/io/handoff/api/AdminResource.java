package io.handoff.api;

import io.handoff.engine.EngineLoop;
import io.handoff.ingest.RecentEvents;
import io.handoff.ingest.kafka.DeadLetterReplay;
import io.handoff.ingest.poll.OdooPoller;
import io.handoff.ingest.poll.OdooPolling;
import io.handoff.reconcile.DailyReconciliation;
import io.handoff.store.StoreConfig;
import io.handoff.web.Access;
import io.handoff.web.Problem;
import io.handoff.web.ProblemException;
import io.handoff.web.ProblemType;
import io.handoff.web.Role;
import io.handoff.web.SourcesConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final SourcesConfig sources;
    private final OdooPolling polling;
    private final DailyReconciliation reconciliation;
    private final DeadLetterReplay replay;
    private final StoreConfig store;

    public AdminResource(
            Access access,
            EngineQueries queries,
            EngineLoop engine,
            RecentEvents recent,
            SourcesConfig sources,
            OdooPolling polling,
            DailyReconciliation reconciliation,
            DeadLetterReplay replay,
            StoreConfig store) {
        this.store = store;
        this.replay = replay;
        this.polling = polling;
        this.reconciliation = reconciliation;
        this.access = access;
        this.queries = queries;
        this.engine = engine;
        this.recent = recent;
        this.sources = sources;
    }

    @GET
    @Path("/status")
    @Operation(summary = "Engine bounds and usage, configured sources (operator role)")
    public Map<String, Object> status(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.OPERATOR, Access.presented(authorization, apiKey));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put(
                "store",
                store.kind() == StoreConfig.Kind.MEMORY
                        ? "memory (bounded, not durable)"
                        : "elasticsearch " + store.elasticsearch().hosts() + ", indices "
                                + store.elasticsearch().indexPrefix() + "-*");
        status.put("flows", queries.answer(queries.reads().flowCount()));
        status.put("dueQueue", queries.answer(queries.reads().dueCount()));
        status.put("backlog", engine.backlog());
        status.put("bufferCapacity", engine.capacity());
        status.put("dedupWindow", recent.size());
        Map<String, String> sources = new TreeMap<>();
        this.sources
                .all()
                .forEach(
                        (name, source) -> sources.put(name, source.description().orElse("")));
        status.put("sources", sources);
        return status;
    }

    @GET
    @Path("/odoo/poll")
    @Operation(
            summary =
                    "Odoo pollers: per source and model the watermark, last success, failures and the last error (operator role)")
    public Map<String, List<OdooPoller.ModelStatus>> pollStatus(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.OPERATOR, Access.presented(authorization, apiKey));
        return polling.status();
    }

    @POST
    @Path("/odoo/poll/{source}")
    @Operation(
            summary = "Poll one Odoo source now, every model, whatever its schedule or backoff (operator role)",
            description =
                    "Answers when the poll is done, with the number of new or changed records read; errors show in the status.")
    public Map<String, Object> pollNow(
            @PathParam("source") String source,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.OPERATOR, Access.presented(authorization, apiKey));
        int fresh = polling.pollNow(source)
                .orElseThrow(() -> new ProblemException(
                        ProblemType.NOT_FOUND, "no Odoo poller named '" + source + "' (handoff.odoo.poll.sources)"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("source", source);
        answer.put("records", fresh);
        answer.put("models", polling.status().get(source));
        return answer;
    }

    @POST
    @Path("/reconcile")
    @Operation(
            summary = "Start the daily reconciliation of hours per project and day now (operator role)",
            description = "202 with the run; if one is running already, that one. Follow it with GET.")
    public Response reconcileNow(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.OPERATOR, Access.presented(authorization, apiKey));
        return Response.accepted(reconciliation.start("api")).build();
    }

    @GET
    @Path("/reconcile")
    @Operation(
            summary =
                    "The running or last reconciliation run: progress, differences opened, updated and settled (operator role)")
    public DailyReconciliation.Run reconcileStatus(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.OPERATOR, Access.presented(authorization, apiKey));
        return reconciliation
                .last()
                .orElseThrow(
                        () -> new ProblemException(ProblemType.NOT_FOUND, "no reconciliation has run since the start"));
    }

    @POST
    @Path("/kafka/replay")
    @Operation(
            summary = "Send the Kafka dead letters back onto the events topic (operator role)",
            description =
                    "All of them, or those dead-lettered from `from` to `to` (ISO-8601 instants). Answers when done with the counts. "
                            + "Events already seen count once, so replaying twice is safe.")
    public DeadLetterReplay.Result replayDeadLetters(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.OPERATOR, Access.presented(authorization, apiKey));
        if (!replay.enabled()) {
            throw new ProblemException(
                    ProblemType.CONFLICT,
                    "the Kafka collector is off (handoff.kafka.enabled=false): there is no dead-letter topic to replay");
        }
        return replay.replay(instant("from", from), instant("to", to));
    }

    private static java.time.Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ProblemException(
                    ProblemType.INVALID_QUERY,
                    name + " must be an ISO-8601 instant such as 2026-11-23T08:00:00Z, got '" + value + "'");
        }
    }
}
