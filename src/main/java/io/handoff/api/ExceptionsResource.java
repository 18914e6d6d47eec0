package io.handoff.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.event.WireText;
import io.handoff.reconcile.ExceptionLedger;
import io.handoff.reconcile.ExceptionQuery;
import io.handoff.reconcile.ExceptionRecord;
import io.handoff.reconcile.ExceptionStatus;
import io.handoff.reconcile.ExceptionStore;
import io.handoff.record.Page;
import io.handoff.web.Access;
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

    public ExceptionsResource(Access access, ExceptionStore store, ExceptionLedger ledger, ObjectMapper json) {
        this.json = json;
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

    /** Read after the role check, by hand, so any body gets a problem naming what is wrong with it. */
    private String comment(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        JsonNode request = RequestBodies.json(json, body, MAX_COMMENT_BODY);
        if (!request.isObject()) {
            throw new ProblemException(Problem.about(
                    ProblemType.INVALID_QUERY, "", "the body must be a JSON object such as {\"comment\": \"...\"}"));
        }
        JsonNode value = request.get("comment");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ProblemException(
                    Problem.about(ProblemType.INVALID_QUERY, "/comment", "comment must be a string"));
        }
        String comment = value.asText();
        String fault =
                WireText.fault(comment.replace('\n', ' ').replace('\r', ' ').replace('\t', ' '), 4 * 2000);
        if (comment.length() > 2000 || fault != null) {
            throw new ProblemException(
                    Problem.about(
                            ProblemType.INVALID_QUERY,
                            "/comment",
                            "comment must be at most 2000 characters without control characters other than line breaks and tabs"));
        }
        return comment;
    }

    private static final int MAX_COMMENT_BODY = 64 * 1024;

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
        String comment = comment(request);
        try {
            return Queries.run(() -> ledger.acknowledge(id, caller.name(), comment))
                    .orElseThrow(
                            () -> new ProblemException(ProblemType.NOT_FOUND, "no exception with id '" + id + "'"));
        } catch (IllegalStateException e) {
            throw new ProblemException(ProblemType.CONFLICT, e.getMessage());
        }
    }

    @POST
    @Path("/{id: .+}/resolve")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = @Content(schema = @Schema(implementation = CommentRequest.class)))
    @Operation(
            summary = "Resolve an exception by hand",
            description =
                    "For problems settled outside the watched systems; records who and the comment. "
                            + "Idempotent. If the condition still holds, the next event about the flow raises it again under the same id. Operator role.")
    public ExceptionRecord resolve(
            @PathParam("id") String id,
            byte[] request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        Caller caller = access.require(Role.OPERATOR, Access.presented(authorization, apiKey));
        String comment = comment(request);
        return Queries.run(() -> ledger.resolve(id, caller.name(), comment))
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no exception with id '" + id + "'"));
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
