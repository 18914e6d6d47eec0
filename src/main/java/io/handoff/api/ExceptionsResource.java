package io.handoff.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.reconcile.ExceptionLedger;
import io.handoff.reconcile.ExceptionQuery;
import io.handoff.reconcile.ExceptionRecord;
import io.handoff.reconcile.ExceptionStatus;
import io.handoff.reconcile.ExceptionStore;
import io.handoff.record.Page;
import io.handoff.web.Access;
import io.handoff.web.ActionFields;
import io.handoff.web.Caller;
import io.handoff.web.Problem;
import io.handoff.web.ProblemException;
import io.handoff.web.ProblemType;
import io.handoff.web.RequestBodies;
import io.handoff.web.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/** Reconciliation exceptions, newest first, paged with an opaque {@code after} cursor. */
@Path("/api/v1/exceptions")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class ExceptionsResource {

    private final Access access;
    private final ExceptionStore store;
    private final ExceptionLedger ledger;
    private final ObjectMapper json;

    /** The console's zone ({@code handoff.console.zone}): a snooze given as a date ends at 08:00 that day there. */
    private final java.time.ZoneId zone;

    private final InstantSource clock;

    public ExceptionsResource(
            Access access,
            ExceptionStore store,
            ExceptionLedger ledger,
            ObjectMapper json,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "handoff.console.zone", defaultValue = "UTC")
                    java.time.ZoneId zone,
            InstantSource clock) {
        this.json = json;
        this.zone = zone;
        this.clock = clock;
        this.access = access;
        this.store = store;
        this.ledger = ledger;
    }

    /** A page of exceptions; pass {@code next} as {@code after} for the following page. */
    public record ExceptionPage(List<ExceptionRecord> exceptions, long total, String next) {}

    @GET
    @Operation(
            summary = "List exceptions",
            description =
                    "Filters: type, status (open, acknowledged, resolved), client, project, group; size (1-500, default 50); after")
    public ExceptionPage list(
            @QueryParam("type") String type,
            @QueryParam("status") String status,
            @QueryParam("client") String client,
            @QueryParam("project") String project,
            @QueryParam("group") String group,
            @QueryParam("size") Integer size,
            @QueryParam("after") String after,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        ExceptionStatus wanted = status == null
                ? null
                : ExceptionStatus.of(status)
                        .orElseThrow(() -> new ProblemException(
                                ProblemType.INVALID_QUERY, "status must be one of " + ExceptionStatus.labels()));
        ExceptionQuery query = Queries.build(
                () -> new ExceptionQuery(type, wanted, client, project, group, Queries.size(size), after));
        Page<ExceptionRecord> page = Queries.run(() -> store.searchExceptions(query));
        return new ExceptionPage(page.items(), page.total(), page.next());
    }

    /** What acknowledging or resolving by hand may say: {@code {"comment": "..."}}, or no body at all. */
    public record CommentRequest(String comment) {}

    /** Assigning: {@code {"assignee": "maria", "comment": "..."}}; a null or blank assignee assigns to nobody. */
    public record AssignRequest(String assignee, String comment) {}

    /** Snoozing: {@code {"until": "2026-12-03", "comment": "..."}} (a date means 08:00 in handoff.console.zone). */
    public record SnoozeRequest(String until, String comment) {}

    /** What happened to an exception, oldest first. */
    public record History(String id, String status, List<ExceptionRecord.Activity> activity) {}

    private static final int MAX_ACTION_BODY = 64 * 1024;

    /** The body as a JSON object, read after the role check so any body gets a problem naming what is wrong. */
    private JsonNode body(byte[] body, boolean required) {
        if (body == null || body.length == 0) {
            if (required) {
                throw new ProblemException(
                        Problem.about(ProblemType.INVALID_ACTION, "", "the request needs a JSON body"));
            }
            return json.createObjectNode();
        }
        JsonNode request = RequestBodies.json(json, body, MAX_ACTION_BODY);
        if (!request.isObject()) {
            throw new ProblemException(Problem.about(
                    ProblemType.INVALID_ACTION, "", "the body must be a JSON object such as {\"comment\": \"...\"}"));
        }
        return request;
    }

    private static String text(JsonNode request, String field) {
        return RequestBodies.text(request, field, ProblemType.INVALID_ACTION);
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(ProblemType.NOT_FOUND, "no exception with id '" + id + "'");
    }

    private ExceptionRecord acted(String id, java.util.function.Supplier<java.util.Optional<ExceptionRecord>> action) {
        try {
            return Queries.run(action::get).orElseThrow(() -> notFound(id));
        } catch (IllegalStateException e) {
            throw new ProblemException(ProblemType.CONFLICT, e.getMessage());
        }
    }

    @POST
    @Path("/{id: .+}/acknowledge")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = @Content(schema = @Schema(implementation = CommentRequest.class)))
    @Operation(
            summary = "Acknowledge an exception",
            description = "Records who (the caller's key name) took it on, when, and an optional comment; "
                    + "notices about it stop escalating. Idempotent. Operator role.")
    public ExceptionRecord acknowledge(
            @PathParam("id") String id,
            byte[] request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        Caller caller = access.require(Role.OPERATOR, Access.presented(authorization, apiKey));
        String comment = ActionFields.comment(text(body(request, false), "comment"));
        return acted(id, () -> ledger.acknowledge(id, caller.name(), comment));
    }

    @POST
    @Path("/{id: .+}/resolve")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = @Content(schema = @Schema(implementation = CommentRequest.class)))
    @Operation(
            summary = "Resolve an exception by hand",
            description =
                    "For problems settled outside the watched systems; records who and the comment (the reason). "
                            + "Idempotent. If the condition still holds, the next event about the flow raises it again under the same id. Operator role.")
    public ExceptionRecord resolve(
            @PathParam("id") String id,
            byte[] request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        Caller caller = access.require(Role.OPERATOR, Access.presented(authorization, apiKey));
        String comment = ActionFields.comment(text(body(request, false), "comment"));
        return acted(id, () -> ledger.resolve(id, caller.name(), comment));
    }

    @POST
    @Path("/{id: .+}/assign")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = @Content(schema = @Schema(implementation = AssignRequest.class)))
    @Operation(
            summary = "Assign an exception to a person",
            description = "A null or blank assignee assigns it to nobody. Recorded in its history with who and an "
                    + "optional comment. Idempotent. 409 when resolved. Operator role.")
    public ExceptionRecord assign(
            @PathParam("id") String id,
            byte[] request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        Caller caller = access.require(Role.OPERATOR, Access.presented(authorization, apiKey));
        JsonNode body = body(request, true);
        String assignee = ActionFields.assignee(text(body, "assignee"));
        String comment = ActionFields.comment(text(body, "comment"));
        return acted(id, () -> ledger.assign(id, caller.name(), assignee, comment));
    }

    @POST
    @Path("/{id: .+}/comment")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = @Content(schema = @Schema(implementation = CommentRequest.class)))
    @Operation(
            summary = "Comment on an exception",
            description = "Added to its history with who and when; also on resolved ones. The same comment "
                    + "sent twice in a row by the same key is kept once. Operator role.")
    public ExceptionRecord comment(
            @PathParam("id") String id,
            byte[] request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        Caller caller = access.require(Role.OPERATOR, Access.presented(authorization, apiKey));
        String comment = ActionFields.requiredComment(text(body(request, true), "comment"));
        return acted(id, () -> ledger.comment(id, caller.name(), comment));
    }

    @POST
    @Path("/{id: .+}/snooze")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = @Content(schema = @Schema(implementation = SnoozeRequest.class)))
    @Operation(
            summary = "Snooze an exception",
            description = "Hidden from the console's inbox until 'until' (a date means 08:00 that day in "
                    + "handoff.console.zone); if still unresolved then, it comes back with a reminder notice. "
                    + "At most a year ahead. 409 when resolved. Operator role.")
    public ExceptionRecord snooze(
            @PathParam("id") String id,
            byte[] request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        Caller caller = access.require(Role.OPERATOR, Access.presented(authorization, apiKey));
        JsonNode body = body(request, true);
        Instant until = ActionFields.until(text(body, "until"), zone, clock.instant());
        String comment = ActionFields.comment(text(body, "comment"));
        return acted(id, () -> ledger.snooze(id, caller.name(), until, comment));
    }

    @GET
    @Path("/{id: .+}/history")
    @Operation(
            summary = "An exception's history",
            description = "Oldest first: opened, notices sent and to whom, escalations, reminders, acknowledgement, "
                    + "assignments, comments, snoozes, resolution; each with who and when.")
    public History history(
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        ExceptionRecord e = Queries.run(() -> store.exception(id)).orElseThrow(() -> notFound(id));
        return new History(e.id(), e.status().label(), e.activity());
    }

    @GET
    @Path("/{id: .+}")
    @Operation(summary = "One exception")
    public ExceptionRecord one(
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        return Queries.run(() -> store.exception(id))
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no exception with id '" + id + "'"));
    }
}
